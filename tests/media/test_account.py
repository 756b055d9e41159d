"""A user's media when they delete their account or download all their data."""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from typing import Any

import httpx
from webox import storage
from webox.media import repository
from webox.media.models import MediaItem, MediaJob, MediaUpload, MediaVoice
from webox.providers import registry

from tests.accounts import Account, delete_account, export_account
from tests.media.conftest import post_job, upload, wait_job, wav

SPEECH = "Bonjour à toutes et à tous. " + " ".join(["Voici une phrase assez longue pour le test."] * 12)


def fill(account: Account) -> dict[str, Any]:
    """A generated image (shared by a link), a speech, an upload and a voice cloned from it."""
    image = wait_job(
        account, post_job(account, "/api/media/images", {"model": "openai/gpt-image-1", "prompt": "Phare"})
    )
    speech = wait_job(
        account,
        post_job(account, "/api/media/speech", {"model": "openai/tts-1", "voice": "nova", "text": SPEECH}),
    )
    sample = upload(account, wav(), kind="audio", content_type="audio/wav", filename="moi.wav")
    body = {"name": "Ma voix", "sample_upload_ids": [sample["upload_id"]], "consent": True}
    clone = wait_job(account, post_job(account, "/api/media/voices", body))
    assert [job["status"] for job in (image, speech, clone)] == ["succeeded"] * 3
    link = account.client.post(
        "/api/share-links",
        json={"kind": "media", "target_id": image["outputs"][0]["media_id"]},
        headers=account.csrf(),
    )
    assert link.status_code == 201, link.text
    (voice,) = repository.all_voices(account.id)
    assert voice.status == "ready" and voice.vendor_voice_id
    return {"image": image, "speech": speech, "voice": voice, "token": link.json()["token"]}


def rows(user_id: str) -> dict[str, int]:
    return {
        model.__name__: len(list(model.query(user_id)))
        for model in (MediaItem, MediaJob, MediaUpload, MediaVoice)
    }


def media_keys() -> set[str]:
    return set(storage.list_keys("media", ""))


def at_elevenlabs(vendor_voice_id: str) -> int:
    """The status the simulated ElevenLabs answers for a voice (200 while it exists, 404 once deleted)."""
    base = os.environ[registry.simulated_url_env("elevenlabs")]
    response = httpx.get(f"{base}/v1/voices/{vendor_voice_id}", headers={"xi-api-key": "test"})
    return response.status_code


class TestDeletion:
    def test_every_row_file_and_cloned_voice_goes_and_nothing_of_others(
        self, create_account: Callable[..., Account], simulators: dict[str, Any]
    ) -> None:
        # Given two users with media, and the S3 objects each of them made
        user, other = create_account(), create_account()
        before = media_keys()
        mine = fill(user)
        after_mine = media_keys()
        theirs = fill(other)
        user_keys, other_keys = after_mine - before, media_keys() - after_mine
        assert len(user_keys) >= 5 and any(key.startswith(storage.UPLOADS_PREFIX) for key in user_keys)
        assert any("/part-" in key for key in user_keys)  # the speech's streamed parts
        assert all(rows(user.id).values()) and at_elevenlabs(mine["voice"].vendor_voice_id) == 200
        kept = rows(other.id)

        # When the user deletes their account with their password
        response = delete_account(user)

        # Then no media row, file, clone or share link of theirs is left; the other user keeps theirs
        assert response.status_code == 202, response.text
        assert rows(user.id) == dict.fromkeys(rows(user.id), 0)
        assert media_keys() & user_keys == set()
        assert at_elevenlabs(mine["voice"].vendor_voice_id) == 404
        assert httpx.get(f"{user.client.base_url}/api/share-links/public/{mine['token']}").status_code == 404
        assert rows(other.id) == kept and other_keys <= media_keys()
        assert at_elevenlabs(theirs["voice"].vendor_voice_id) == 200
        shared = httpx.get(f"{other.client.base_url}/api/share-links/public/{theirs['token']}")
        assert shared.status_code == 200 and httpx.get(shared.json()["media"]["url"]).status_code == 200
        items = other.client.get("/api/media/items").json()["items"]
        assert len(items) == 2 and all(httpx.get(item["url"]).status_code == 200 for item in items)

    def test_a_vendor_failure_leaves_the_clone_there_but_deletes_everything_here(
        self, create_account: Callable[..., Account], simulators: dict[str, Any]
    ) -> None:
        user = create_account()
        before = media_keys()
        mine = fill(user)
        user_keys = media_keys() - before
        simulators["elevenlabs"].faults.append("401")

        response = delete_account(user)

        assert response.status_code == 202, response.text
        assert not simulators["elevenlabs"].faults  # the deletion was tried (and refused)
        assert at_elevenlabs(mine["voice"].vendor_voice_id) == 200
        assert rows(user.id) == dict.fromkeys(rows(user.id), 0)
        assert media_keys() & user_keys == set()


class TestExport:
    def test_the_zip_has_my_items_jobs_and_voices_only(
        self, create_account: Callable[..., Account], simulators: dict[str, Any]
    ) -> None:
        user, other = create_account(), create_account()
        mine = fill(user)
        wait_job(
            other, post_job(other, "/api/media/images", {"model": "openai/gpt-image-1", "prompt": "Autre"})
        )

        _task, archive = export_account(user)

        media = json.loads(archive.read("media.json"))
        assert sorted((i["kind"], i["prompt"]) for i in media["items"]) == [
            ("audio", SPEECH),
            ("image", "Phare"),
        ]
        image = next(i for i in media["items"] if i["kind"] == "image")
        assert (
            image["media_id"] == mine["image"]["outputs"][0]["media_id"]
            and image["content_type"] == "image/png"
        )
        assert "url" not in image and "download_url" not in image
        png = archive.read(f"files/media/{image['media_id']}.png")
        assert png.startswith(b"\x89PNG") and image["size"] == len(png)
        jobs = {job["job_id"]: job for job in media["jobs"]}
        assert set(jobs) == {mine["image"]["job_id"], mine["speech"]["job_id"], mine["voice"].job_id}
        assert jobs[mine["image"]["job_id"]]["output_ids"] == [image["media_id"]]
        assert jobs[mine["image"]["job_id"]]["params"]["prompt"] == "Phare"
        assert [(v["name"], v["status"], v["category"]) for v in media["voices"]] == [
            ("Ma voix", "ready", "cloned")
        ]
        assert media["voices"][0]["consent_at"]
        assert all(b"Autre" not in archive.read(name) for name in archive.namelist())
        assert "tables/media_items.json" in archive.namelist()
