"""Dictation (the chat's voice input) over HTTP: a recording uploaded as the media studio's are,
transcribed at once by its transcription model, and not kept."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from webox.aws import client as aws_client
from webox.media import repository
from webox.storage import bucket_name

from tests.accounts import Account
from tests.media.conftest import upload, wav


def kept(user: Account, upload_id: str) -> bool:
    """Whether the recording's file is still in storage."""
    key = repository.upload_key(user.id, upload_id)
    return aws_client("s3").list_objects_v2(Bucket=bucket_name("media"), Prefix=key)["KeyCount"] == 1


class TestDictation:
    def test_a_recording_becomes_text_at_once_and_is_not_kept(
        self, create_account: Callable[..., Account], simulators: dict[str, Any]
    ) -> None:
        user = create_account()
        audio = upload(
            user,
            wav("bonjour ceci est une dictée"),
            kind="audio",
            content_type="audio/wav",
            filename="dictée.wav",
        )
        assert kept(user, audio["upload_id"])

        response = user.client.post(
            "/api/media/dictations",
            json={"upload_id": audio["upload_id"], "language": "fr"},
            headers=user.csrf(),
        )

        assert response.status_code == 200, response.text
        body = response.json()
        assert body["text"] and body["text"] == body["text"].strip()
        assert body["language"] == "fr" and body["simulated"] is True
        assert simulators["openai"].last_body["model"] == "whisper-1"
        assert not kept(user, audio["upload_id"])  # the recording is gone
        assert user.client.get("/api/media/items").json()["items"] == []  # and nothing lands in the library

    def test_someone_elses_or_an_unknown_recording_is_404_and_an_image_is_refused(
        self, create_account: Callable[..., Account], simulators: dict[str, Any]
    ) -> None:
        owner, intruder = create_account(), create_account()
        audio = upload(owner, wav(), kind="audio", content_type="audio/wav", filename="a.wav")
        foreign = intruder.client.post(
            "/api/media/dictations", json={"upload_id": audio["upload_id"]}, headers=intruder.csrf()
        )
        unknown = owner.client.post(
            "/api/media/dictations", json={"upload_id": "0" * 32}, headers=owner.csrf()
        )
        malformed = owner.client.post("/api/media/dictations", json={"upload_id": "x"}, headers=owner.csrf())
        assert foreign.status_code == 404 and unknown.status_code == 404
        assert foreign.headers["content-type"].startswith("application/problem+json")
        assert malformed.status_code == 422
        assert kept(owner, audio["upload_id"])  # the owner's recording is untouched

    def test_a_vendor_failure_is_a_problem_not_a_500(
        self, create_account: Callable[..., Account], simulators: dict[str, Any]
    ) -> None:
        user = create_account()
        audio = upload(user, wav(), kind="audio", content_type="audio/wav", filename="a.wav")
        simulators["openai"].faults.extend(["500"] * 5)
        response = user.client.post(
            "/api/media/dictations", json={"upload_id": audio["upload_id"]}, headers=user.csrf()
        )
        assert 400 <= response.status_code < 600 and response.status_code != 500
        assert response.headers["content-type"].startswith("application/problem+json")
