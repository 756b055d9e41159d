"""The official SDKs (openai, replicate, elevenlabs) run unchanged against the simulated media vendors,
which answer real files and inject faults."""

from __future__ import annotations

import base64
import io
import wave
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from PIL import Image
from webox.testing import elevenlabs as fake_elevenlabs
from webox.testing import openai as fake_openai
from webox.testing import replicate as fake_replicate
from webox.testing.server import RunningServer, serve

from tests.media.conftest import mask, png, wav


@pytest.fixture(scope="module")
def servers() -> Iterator[dict[str, tuple[RunningServer, Any]]]:
    running = {}
    for name, module in (
        ("openai", fake_openai),
        ("replicate", fake_replicate),
        ("elevenlabs", fake_elevenlabs),
    ):
        app = module.create_app()
        running[name] = (serve(app), app)
    yield running
    for server, _app in running.values():
        server.stop()


@pytest.fixture
def openai_client(servers: dict[str, tuple[RunningServer, Any]]) -> Any:
    from openai import OpenAI

    server, app = servers["openai"]
    app.state.behaviour.reset()
    return OpenAI(api_key="k", base_url=f"{server.url}/v1", max_retries=0)


@pytest.fixture
def replicate_client(servers: dict[str, tuple[RunningServer, Any]]) -> Any:
    from replicate.client import Client

    server, app = servers["replicate"]
    app.state.behaviour.reset()
    return Client(api_token="r8_test", base_url=server.url)


@pytest.fixture
def elevenlabs_client(servers: dict[str, tuple[RunningServer, Any]]) -> Any:
    from elevenlabs import ElevenLabs

    server, app = servers["elevenlabs"]
    app.state.behaviour.reset()
    return ElevenLabs(api_key="xi_test", base_url=server.url)


def picture(b64: str | None) -> Image.Image:
    assert b64
    return Image.open(io.BytesIO(base64.b64decode(b64)))


class TestOpenAI:
    def test_images_are_real_pngs_that_vary_with_the_prompt(self, openai_client: Any) -> None:
        two = openai_client.images.generate(model="gpt-image-1", prompt="un phare", n=2, size="1536x1024")
        other = openai_client.images.generate(model="gpt-image-1", prompt="une forêt", n=1, size="1536x1024")
        images = [d.b64_json for d in two.data] + [other.data[0].b64_json]
        assert len(set(images)) == 3
        assert picture(images[0]).size == (1536, 1024) and picture(images[0]).format == "PNG"

    def test_dall_e_3_makes_one_image_per_request(self, openai_client: Any) -> None:
        import openai

        with pytest.raises(openai.BadRequestError):
            openai_client.images.generate(model="dall-e-3", prompt="x", n=2, response_format="b64_json")

    def test_an_edit_keeps_what_the_mask_covers(self, openai_client: Any) -> None:
        result = openai_client.images.edit(
            model="gpt-image-1",
            image=("a.png", png(256, 256), "image/png"),
            mask=("m.png", mask(256, 256), "image/png"),
            prompt="un chat",
            size="1024x1024",
        )
        edited = picture(result.data[0].b64_json).convert("RGB")
        assert edited.getpixel((1000, 10)) == (200, 40, 40)
        assert edited.getpixel((10, 10)) != (200, 40, 40)

    def test_speech_is_a_wav_that_grows_with_the_text(self, openai_client: Any) -> None:
        short = openai_client.audio.speech.create(model="tts-1", voice="alloy", input="Bonjour").content
        long = openai_client.audio.speech.create(model="tts-1", voice="alloy", input="Bonjour " * 20).content
        with wave.open(io.BytesIO(long)) as reader:
            assert reader.getnchannels() == 1 and reader.getsampwidth() == 2
        assert len(long) > 5 * len(short)
        assert b"ICMT" in long[:100]  # marked as simulated

    def test_a_transcription_has_segments_with_timestamps(self, openai_client: Any) -> None:
        result = openai_client.audio.transcriptions.create(
            model="whisper-1",
            file=("r.wav", wav("un " * 50), "audio/wav"),
            response_format="verbose_json",
            timestamp_granularities=["segment"],
            language="en",
        )
        assert result.language == "english" and result.duration > 6
        assert len(result.segments) >= 2 and result.segments[0].start == 0
        assert result.text.startswith("[simulé]")

    def test_faults_answer_as_openai_does(self, openai_client: Any, servers: dict[str, Any]) -> None:
        import openai

        servers["openai"][1].state.behaviour.faults.extend(["500", "429"])
        with pytest.raises(openai.InternalServerError):
            openai_client.images.generate(model="gpt-image-1", prompt="x")
        with pytest.raises(openai.RateLimitError):
            openai_client.audio.speech.create(model="tts-1", voice="alloy", input="x")


class TestReplicate:
    def test_a_prediction_moves_from_starting_through_processing_to_outputs(
        self, replicate_client: Any
    ) -> None:
        prediction = replicate_client.predictions.create(
            version="abc123",
            input={"prompt": "forêt", "width": 512, "height": 512, "num_outputs": 2, "seed": 5},
        )
        assert prediction.status == "starting"
        seen = []
        while prediction.status not in ("succeeded", "failed"):
            prediction.reload()
            seen.append((prediction.status, prediction.progress.percentage if prediction.progress else None))
        assert seen[0] == ("processing", 0.3) and seen[1] == ("processing", 0.7)
        assert seen[-1][0] == "succeeded" and len(prediction.output) == 2
        files = [httpx.get(url).content for url in prediction.output]
        assert Image.open(io.BytesIO(files[0])).size == (512, 512) and files[0] != files[1]

    def test_wait_and_cancel(self, replicate_client: Any) -> None:
        done = replicate_client.predictions.create(version="v", input={"prompt": "a"})
        done.wait()
        assert done.status == "succeeded"
        stopped = replicate_client.predictions.create(version="v", input={"prompt": "b"})
        replicate_client.predictions.cancel(stopped.id)
        assert replicate_client.predictions.get(stopped.id).status == "canceled"

    def test_a_failed_fault_ends_the_prediction_failed(
        self, replicate_client: Any, servers: dict[str, Any]
    ) -> None:
        servers["replicate"][1].state.behaviour.faults.append("failed")
        prediction = replicate_client.predictions.create(version="v", input={"prompt": "a"})
        prediction.wait()
        assert prediction.status == "failed" and "simulated" in prediction.error

    def test_errors_are_problem_details(self, replicate_client: Any, servers: dict[str, Any]) -> None:
        from replicate.exceptions import ReplicateError

        servers["replicate"][1].state.behaviour.faults.append("401")
        with pytest.raises(ReplicateError) as raised:
            replicate_client.predictions.create(version="v", input={"prompt": "a"})
        assert raised.value.status == 401


class TestElevenLabs:
    def test_premade_voices_speak_whole_or_streamed(self, elevenlabs_client: Any) -> None:
        voices = elevenlabs_client.voices.get_all().voices
        assert {v.category for v in voices} == {"premade"} and len(voices) == 4
        whole = b"".join(elevenlabs_client.text_to_speech.convert(voices[0].voice_id, text="Bonjour à vous"))
        pieces = list(elevenlabs_client.text_to_speech.stream(voices[0].voice_id, text="Bonjour " * 40))
        assert whole.startswith(b"RIFF") and len(pieces) > 1 and b"".join(pieces).startswith(b"RIFF")
        pcm = b"".join(
            elevenlabs_client.text_to_speech.convert(
                voices[1].voice_id, text="un deux", output_format="pcm_16000"
            )
        )
        assert not pcm.startswith(b"RIFF") and len(pcm) % 2 == 0 and len(pcm) > 16000 * 2 * 0.2

    def test_a_voice_is_cloned_from_samples_then_deleted(self, elevenlabs_client: Any) -> None:
        from elevenlabs.core.api_error import ApiError

        created = elevenlabs_client.voices.ivc.create(name="Moi", files=[("a.wav", wav(), "audio/wav")])
        names = {v.voice_id: (v.name, v.category) for v in elevenlabs_client.voices.get_all().voices}
        assert names[created.voice_id] == ("Moi", "cloned")
        assert b"".join(elevenlabs_client.text_to_speech.convert(created.voice_id, text="Salut")).startswith(
            b"RIFF"
        )
        elevenlabs_client.voices.delete(created.voice_id)
        with pytest.raises(ApiError) as raised:
            b"".join(elevenlabs_client.text_to_speech.convert(created.voice_id, text="Salut"))
        assert raised.value.status_code == 404

    def test_faults(self, elevenlabs_client: Any, servers: dict[str, Any]) -> None:
        from elevenlabs.core.api_error import ApiError

        behaviour = servers["elevenlabs"][1].state.behaviour
        behaviour.faults.extend(["500", "500"])
        with pytest.raises(ApiError) as raised:
            elevenlabs_client.voices.get_all(request_options={"max_retries": 0})
        assert raised.value.status_code == 500
        # The SDK retries a 500 by itself: the second fault, then an answer.
        assert len(elevenlabs_client.voices.get_all().voices) == 4 and behaviour.requests == 3
