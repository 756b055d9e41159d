"""Uploads: a presigned POST from the browser, then the bytes checked (type from magic numbers, size)."""

from __future__ import annotations

from collections.abc import Callable

import httpx
import pytest
from webox import storage
from webox.media import repository
from webox.media import service as media_service

from tests.accounts import Account
from tests.media.conftest import png, upload, upload_raw, wav


def complete(account: Account, upload_id: str) -> httpx.Response:
    return account.client.post(f"/api/media/uploads/{upload_id}/complete", headers=account.csrf())


class TestUpload:
    def test_a_browser_posts_the_file_to_storage_then_its_bytes_say_what_it_is(
        self, create_account: Callable[..., Account]
    ) -> None:
        user = create_account()
        upload_id, sent = upload_raw(
            user, png(300, 200), kind="image", content_type="image/png", filename="a.png"
        )
        assert sent.status_code in (200, 201, 204), sent.text
        # The browser may read the answer: storage allows the SPA's origin.
        assert sent.headers.get("access-control-allow-origin") == str(user.client.base_url).rstrip("/")
        info = complete(user, upload_id).json()
        assert info == {
            "upload_id": upload_id,
            "kind": "image",
            "content_type": "image/png",
            "size": len(png(300, 200)),
            "width": 300,
            "height": 200,
            "duration_s": None,
        }
        assert complete(user, upload_id).json() == info  # completing twice changes nothing

    def test_the_form_is_bounded_in_size_and_type(self, create_account: Callable[..., Account]) -> None:
        user = create_account()
        form = user.client.post(
            "/api/media/uploads",
            json={"kind": "audio", "filename": "a.wav", "content_type": "audio/wav", "size": 1000},
            headers=user.csrf(),
        ).json()
        assert form["max_bytes"] == 25 * 1024 * 1024 and form["expires_in"] > 0
        assert form["fields"]["Content-Type"] == "audio/wav" and "policy" in form["fields"]

    def test_a_file_declared_too_large_is_refused_before_any_byte(
        self, create_account: Callable[..., Account]
    ) -> None:
        user = create_account()
        for kind, size in (("image", 10 * 1024 * 1024 + 1), ("audio", 25 * 1024 * 1024 + 1)):
            response = user.client.post(
                "/api/media/uploads",
                json={"kind": kind, "filename": "x", "content_type": f"{kind}/wav", "size": size},
                headers=user.csrf(),
            )
            assert response.status_code == 413 and response.json()["code"] == "media.too_large"

    def test_bytes_that_are_not_what_they_claim_are_refused_and_deleted(
        self, create_account: Callable[..., Account]
    ) -> None:
        user = create_account()
        for data, kind, claimed in (
            (b"<html><script>alert(1)</script></html>", "image", "image/png"),
            (b"%PDF-1.7 not an image", "image", "image/jpeg"),
            (png(), "audio", "audio/wav"),  # an image sent as audio
            (wav(), "image", "image/png"),  # audio sent as an image
        ):
            upload_id, sent = upload_raw(user, data, kind=kind, content_type=claimed)
            assert sent.status_code in (200, 201, 204)
            refused = complete(user, upload_id)
            assert refused.status_code == 415 and refused.json()["code"] == "media.unsupported_type"
            assert storage.list_keys("media", repository.upload_key(user.id, upload_id)) == []

    def test_only_images_audio_and_documents_are_taken(self, create_account: Callable[..., Account]) -> None:
        user = create_account()
        response = user.client.post(
            "/api/media/uploads",
            json={"kind": "image", "filename": "x.zip", "content_type": "application/zip", "size": 10},
            headers=user.csrf(),
        )
        assert response.status_code == 415 and response.json()["code"] == "media.unsupported_type"
        # A document (a chat attachment) is a kind of its own: not an image.
        document_as_image = user.client.post(
            "/api/media/uploads",
            json={"kind": "image", "filename": "x.pdf", "content_type": "application/pdf", "size": 10},
            headers=user.csrf(),
        )
        assert document_as_image.status_code == 415
        mismatch = user.client.post(
            "/api/media/uploads",
            json={"kind": "image", "filename": "x.wav", "content_type": "audio/wav", "size": 10},
            headers=user.csrf(),
        )
        assert mismatch.status_code == 415

    def test_a_file_larger_than_its_kind_allows_is_refused_once_sent(
        self, create_account: Callable[..., Account]
    ) -> None:
        user = create_account()
        big = png() + b"\x00" * (10 * 1024 * 1024)
        upload_id, _sent = upload_raw(user, png(), kind="image", content_type="image/png")
        # Storage enforces the form's size range in the cloud; the check after it holds whatever storage did.
        storage.put("media", repository.upload_key(user.id, upload_id), big, "image/png")
        refused = complete(user, upload_id)
        assert refused.status_code == 413 and refused.json()["code"] == "media.too_large"
        assert storage.list_keys("media", repository.upload_key(user.id, upload_id)) == []

    def test_nothing_sent_yet(self, create_account: Callable[..., Account]) -> None:
        user = create_account()
        created = user.client.post(
            "/api/media/uploads",
            json={"kind": "image", "filename": "x.png", "content_type": "image/png", "size": 10},
            headers=user.csrf(),
        ).json()
        response = complete(user, created["upload_id"])
        assert response.status_code == 409 and response.json()["code"] == "media.upload_missing"

    def test_another_users_upload_is_not_found(self, create_account: Callable[..., Account]) -> None:
        owner, other = create_account(), create_account()
        info = upload(owner, png(), kind="image", content_type="image/png")
        assert complete(other, info["upload_id"]).status_code == 404
        body = {
            "model": "openai/gpt-image-1",
            "source": {"upload_id": info["upload_id"]},
            "size": "1024x1024",
        }
        response = other.client.post("/api/media/images/variations", json=body, headers=other.csrf())
        assert response.status_code == 404 and response.json()["code"] == "media.upload_not_found"
        transcription = other.client.post(
            "/api/media/transcriptions", json={"upload_id": info["upload_id"]}, headers=other.csrf()
        )
        assert transcription.status_code == 404


class TestCheckedBytesAreUsed:
    def test_posting_again_after_the_check_changes_nothing(
        self, create_account: Callable[..., Account]
    ) -> None:
        user = create_account()
        checked_png = png(32, 32)
        upload_id, _sent = upload_raw(user, checked_png, kind="image", content_type="image/png")
        assert complete(user, upload_id).status_code == 200
        # The form is still valid: the same key gets other bytes after the check.
        storage.put("media", repository.upload_key(user.id, upload_id), b"not an image at all", "image/png")
        ready = repository.get_upload(user.id, upload_id)
        assert ready is not None and ready.status == "ready"
        assert ready.key != repository.upload_key(user.id, upload_id)
        assert repository.read_file(ready.key) == checked_png

    def test_an_image_with_too_many_pixels_is_refused(self, create_account: Callable[..., Account]) -> None:
        user = create_account()
        # A few bytes that declare a 10,000 x 10,000 PNG (a decompression bomb's header).
        header = png(1, 1)
        bomb = header[:16] + (10_000).to_bytes(4, "big") * 2 + header[24:]
        upload_id, _sent = upload_raw(user, bomb, kind="image", content_type="image/png")
        refused = complete(user, upload_id)
        assert refused.status_code == 413 and refused.json()["code"] == "media.too_many_pixels"
        assert storage.list_keys("media", repository.upload_key(user.id, upload_id)) == []


class TestCap:
    def test_a_user_asks_for_a_bounded_number_of_uploads_a_day(
        self, create_account: Callable[..., Account], monkeypatch: pytest.MonkeyPatch
    ) -> None:
        monkeypatch.setattr(media_service, "MAX_LIVE_UPLOADS", 2)
        user, other = create_account(), create_account()
        body = {"kind": "image", "filename": "x.png", "content_type": "image/png", "size": 10}
        for _ in range(2):
            assert user.client.post("/api/media/uploads", json=body, headers=user.csrf()).status_code == 201
        refused = user.client.post("/api/media/uploads", json=body, headers=user.csrf())
        assert refused.status_code == 429 and refused.json()["code"] == "media.too_many_uploads"
        assert other.client.post("/api/media/uploads", json=body, headers=other.csrf()).status_code == 201
