"""Jobs end to end: POST → SQS → worker → S3 → GET, with progress pushed over the WebSocket."""

from __future__ import annotations

import io
import wave
from collections.abc import Callable
from typing import Any

import httpx
from PIL import Image

from tests.accounts import Account
from tests.media.conftest import post_job, upload, wait_job, wav
from tests.sockets import Socket


def done(job_id: str) -> Callable[[dict[str, Any]], bool]:
    return lambda frame: frame.get("type") == "job.done" and frame.get("job_id") == job_id


class TestImages:
    def test_an_openai_image_job_runs_to_the_library_with_progress_pushed(
        self, create_account: Callable[..., Account], simulators: dict[str, Any]
    ) -> None:
        user = create_account()
        with Socket(user.client) as socket:
            job_id = post_job(
                user,
                "/api/media/images",
                {"model": "openai/gpt-image-1", "prompt": "Un phare en été", "count": 2},
            )
            frames = socket.until(done(job_id))
        progress = [f for f in frames if f["type"] == "job.progress" and f["job_id"] == job_id]
        assert progress and all(f["status"] == "running" for f in progress)
        final = frames[-1]
        assert final["status"] == "succeeded" and len(final["outputs"]) == 2
        job = wait_job(user, job_id)
        assert job["status"] == "succeeded" and job["progress"] == 100 and job["error"] is None
        assert [o["media_id"] for o in job["outputs"]] == [o["media_id"] for o in final["outputs"]]
        first, second = job["outputs"]
        assert first["content_type"] == "image/png" and (first["width"], first["height"]) == (1024, 1024)
        assert first["simulated"] is True and first["prompt"] == "Un phare en été"
        pictures = [httpx.get(o["url"]).content for o in job["outputs"]]
        assert pictures[0] != pictures[1]
        assert Image.open(io.BytesIO(pictures[0])).size == (1024, 1024)
        download = httpx.get(second["download_url"])
        assert "attachment" in download.headers.get("content-disposition", "")

    def test_an_sdxl_job_polls_its_prediction_through_to_the_outputs(
        self, create_account: Callable[..., Account], simulators: dict[str, Any]
    ) -> None:
        user = create_account()
        body = {"model": "replicate/sdxl", "prompt": "forêt", "size": "768x768", "count": 1, "seed": 7}
        with Socket(user.client) as socket:
            job_id = post_job(user, "/api/media/images", {**body, "negative_prompt": "flou"})
            frames = socket.until(done(job_id))
        messages = [f.get("message") for f in frames if f["type"] == "job.progress"]
        assert "processing" in messages
        values = [f["progress"] for f in frames if f["type"] == "job.progress"]
        assert values == sorted(values) and max(values) >= 70
        sent = simulators["replicate"].last_body
        assert sent["input"]["seed"] == 7 and sent["input"]["negative_prompt"] == "flou"
        job = wait_job(user, job_id)
        (item,) = job["outputs"]
        assert (item["width"], item["height"]) == (768, 768)
        again = post_job(user, "/api/media/images", body)
        same = wait_job(user, again)["outputs"][0]
        # The same seed and prompt make the same picture.
        assert httpx.get(same["url"]).content == httpx.get(item["url"]).content

    def test_a_finished_job_leaves_a_usage_record_the_plan_does_not_pay_for(
        self, create_account: Callable[..., Account], simulators: dict[str, Any]
    ) -> None:
        from webox.usage.models import UsageRecord

        user = create_account()
        job_id = post_job(user, "/api/media/images", {"model": "openai/dall-e-3", "prompt": "ciel"})
        assert wait_job(user, job_id)["status"] == "succeeded"
        [record] = [r for r in UsageRecord.query(user.id) if r.sk.endswith(f"#{job_id}#openai/dall-e-3")]
        assert (record.feature, record.vendor, record.status) == ("media", "openai", "done")
        assert (record.simulated, record.billed) == (1, 0)  # a local simulator drew it: free
        gauges = {g["name"]: g for g in user.client.get("/api/account/quota").json()["gauges"]}
        assert gauges["media"]["used"] == 0

    def test_a_failed_prediction_fails_the_job_with_its_reason(
        self, create_account: Callable[..., Account], simulators: dict[str, Any]
    ) -> None:
        simulators["replicate"].faults.append("failed")
        user = create_account()
        with Socket(user.client) as socket:
            job_id = post_job(user, "/api/media/images", {"model": "replicate/sdxl", "prompt": "x"})
            final = socket.until(done(job_id))[-1]
        assert final["status"] == "failed" and final["error"]["code"] == "media.generation_failed"
        job = wait_job(user, job_id)
        assert job["status"] == "failed" and "CUDA out of memory" in job["error"]["message"]
        assert job["outputs"] == []

    def test_a_vendor_500_is_retried_by_the_sdk(
        self, create_account: Callable[..., Account], simulators: dict[str, Any]
    ) -> None:
        simulators["openai"].faults.append("500")
        user = create_account()
        job_id = post_job(
            user, "/api/media/images", {"model": "openai/dall-e-3", "prompt": "ciel", "style": "natural"}
        )
        job = wait_job(user, job_id)
        assert job["status"] == "succeeded" and len(job["outputs"]) == 1
        assert simulators["openai"].requests == 2
        assert simulators["openai"].last_body["style"] == "natural"

    def test_a_vendor_that_keeps_failing_fails_the_job_after_the_last_delivery(
        self, create_account: Callable[..., Account], simulators: dict[str, Any]
    ) -> None:
        simulators["openai"].faults.extend(["500"] * 9)  # 3 deliveries × (1 try + 2 SDK retries)
        user = create_account()
        job_id = post_job(user, "/api/media/images", {"model": "openai/gpt-image-1", "prompt": "ciel"})
        job = wait_job(user, job_id, timeout=60)
        assert job["status"] == "failed" and job["error"]["code"] == "provider_unavailable"
        assert simulators["openai"].requests == 9


class TestAudio:
    def test_speech_streams_its_parts_then_stores_one_file(
        self, create_account: Callable[..., Account], simulators: dict[str, Any]
    ) -> None:
        user = create_account()
        text = "Bonjour à toutes et à tous. " + " ".join(["Voici une phrase assez longue pour le test."] * 20)
        with Socket(user.client) as socket:
            job_id = post_job(
                user,
                "/api/media/speech",
                {"model": "openai/tts-1", "voice": "nova", "text": text, "format": "wav"},
            )
            frames = socket.until(done(job_id))
        chunks = [f for f in frames if f["type"] == "job.chunk"]
        assert len(chunks) >= 2 and [c["index"] for c in chunks] == list(range(len(chunks)))
        first = httpx.get(chunks[0]["url"]).content
        assert first.startswith(b"RIFF") and chunks[0]["content_type"] == "audio/wav"
        types = [f["type"] for f in frames]
        assert types.index("job.chunk") < types.index("job.done")
        (item,) = frames[-1]["outputs"]
        whole = httpx.get(item["url"]).content
        with wave.open(io.BytesIO(whole)) as reader:
            seconds = reader.getnframes() / reader.getframerate()
        assert item["kind"] == "audio" and item["content_type"] == "audio/wav"
        assert abs(seconds - item["duration_s"]) < 0.1 and seconds > 5

    def test_elevenlabs_speech_in_a_premade_voice(
        self, create_account: Callable[..., Account], simulators: dict[str, Any]
    ) -> None:
        user = create_account()
        voices = user.client.get("/api/media/voices").json()["items"]
        premade = [v for v in voices if v["provider"] == "elevenlabs" and v["category"] == "premade"]
        assert premade
        body = {
            "model": "elevenlabs/eleven_multilingual_v2",
            "voice": premade[0]["voice_id"],
            "text": "Salut",
            "format": "wav",
        }
        job = wait_job(user, post_job(user, "/api/media/speech", body))
        assert job["status"] == "succeeded"
        assert simulators["elevenlabs"].last_body["output_format"] == "pcm_22050"
        with wave.open(io.BytesIO(httpx.get(job["outputs"][0]["url"]).content)) as reader:
            assert reader.getframerate() == 22050 and reader.getnframes() > 0

    def test_an_unknown_voice_is_refused(
        self, create_account: Callable[..., Account], simulators: dict[str, Any]
    ) -> None:
        user = create_account()
        for body in (
            {"model": "openai/tts-1", "voice": "nobody", "text": "x"},
            {"model": "elevenlabs/eleven_multilingual_v2", "voice": "nobody", "text": "x"},
        ):
            response = user.client.post("/api/media/speech", json=body, headers=user.csrf())
            assert response.status_code == 404 and response.json()["code"] == "media.voice_not_found"

    def test_a_transcription_has_timed_segments(
        self, create_account: Callable[..., Account], simulators: dict[str, Any]
    ) -> None:
        user = create_account()
        audio = upload(
            user, wav(" ".join(["mot"] * 60)), kind="audio", content_type="audio/wav", filename="r.wav"
        )
        assert audio["content_type"] == "audio/wav" and audio["duration_s"] > 6
        job = wait_job(
            user,
            post_job(user, "/api/media/transcriptions", {"upload_id": audio["upload_id"], "language": "fr"}),
        )
        assert job["status"] == "succeeded"
        (item,) = job["outputs"]
        transcript = item["transcript"]
        assert item["kind"] == "transcript" and transcript["language"] == "fr"
        assert len(transcript["segments"]) >= 2 and "simulé" in transcript["text"]
        ends = [s["end"] for s in transcript["segments"]]
        assert ends == sorted(ends) and abs(ends[-1] - audio["duration_s"]) < 0.1
        assert simulators["openai"].last_body["response_format"] == "verbose_json"

    def test_a_cloned_voice_needs_consent_then_speaks(
        self, create_account: Callable[..., Account], simulators: dict[str, Any]
    ) -> None:
        user = create_account()
        sample = upload(user, wav(), kind="audio", content_type="audio/wav", filename="me.wav")
        body = {"name": "Ma voix", "sample_upload_ids": [sample["upload_id"]], "consent": False}
        refused = user.client.post("/api/media/voices", json=body, headers=user.csrf())
        assert refused.status_code == 422 and refused.json()["code"] == "media.consent_required"
        job = wait_job(user, post_job(user, "/api/media/voices", {**body, "consent": True}))
        assert job["status"] == "succeeded"
        clones = [
            v for v in user.client.get("/api/media/voices").json()["items"] if v["category"] == "cloned"
        ]
        assert [(c["name"], c["status"]) for c in clones] == [("Ma voix", "ready")]
        assert list(simulators["elevenlabs"].last_body.values()) == ["Ma voix", 1]
        speech = {
            "model": "elevenlabs/eleven_multilingual_v2",
            "voice": clones[0]["voice_id"],
            "text": "Test",
        }
        assert wait_job(user, post_job(user, "/api/media/speech", speech))["status"] == "succeeded"
        deleted = user.client.delete(f"/api/media/voices/{clones[0]['voice_id']}", headers=user.csrf())
        assert deleted.status_code == 204
        assert [
            v for v in user.client.get("/api/media/voices").json()["items"] if v["category"] == "cloned"
        ] == []
