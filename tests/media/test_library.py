"""The library: newest first, search, kinds, pages, delete with its files, ownership, share links."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import httpx
from webox import storage
from webox.media import repository

from tests.accounts import Account
from tests.media.conftest import mask, png, post_job, upload, wait_job


def generate(
    account: Account, prompt: str, model: str = "openai/gpt-image-1", **extra: Any
) -> dict[str, Any]:
    job = wait_job(
        account, post_job(account, "/api/media/images", {"model": model, "prompt": prompt, **extra})
    )
    assert job["status"] == "succeeded", job
    return job


class TestLibrary:
    def test_newest_first_searchable_and_paged(
        self, create_account: Callable[..., Account], simulators: dict[str, Any]
    ) -> None:
        user = create_account()
        generate(user, "Été à la plage")
        generate(user, "Forêt d'hiver", count=2)
        generate(user, "Une plage de nuit")
        listed = user.client.get("/api/media/items").json()
        assert [i["prompt"] for i in listed["items"]] == [
            "Une plage de nuit",
            "Forêt d'hiver",
            "Forêt d'hiver",
            "Été à la plage",
        ]
        found = user.client.get("/api/media/items", params={"q": "ETE"}).json()["items"]
        assert [i["prompt"] for i in found] == ["Été à la plage"]
        plage = user.client.get("/api/media/items", params={"q": "plage"}).json()["items"]
        assert len(plage) == 2
        # Every word counts, in any order.
        night = user.client.get("/api/media/items", params={"q": "nuit PLAGE"}).json()["items"]
        assert [i["prompt"] for i in night] == ["Une plage de nuit"]
        first = user.client.get("/api/media/items", params={"limit": 3}).json()
        rest = user.client.get("/api/media/items", params={"limit": 3, "cursor": first["next_cursor"]}).json()
        seen = [i["media_id"] for i in first["items"] + rest["items"]]
        assert seen == [i["media_id"] for i in listed["items"]] and rest["next_cursor"] is None
        assert user.client.get("/api/media/items", params={"kind": "audio"}).json()["items"] == []
        jobs = user.client.get("/api/media/jobs", params={"kind": "image", "status": "succeeded"}).json()[
            "items"
        ]
        assert len(jobs) == 3 and jobs[0]["params"]["prompt"] == "Une plage de nuit"

    def test_delete_removes_the_item_and_its_file(
        self, create_account: Callable[..., Account], simulators: dict[str, Any]
    ) -> None:
        user = create_account()
        (item,) = generate(user, "à effacer")["outputs"]
        assert httpx.get(item["url"]).status_code == 200
        deleted = user.client.delete(f"/api/media/items/{item['media_id']}", headers=user.csrf())
        assert deleted.status_code == 204
        assert user.client.get(f"/api/media/items/{item['media_id']}").status_code == 404
        assert storage.list_keys("media", repository.job_folder(user.id, item["job_id"])) == []
        assert httpx.get(item["url"]).status_code == 404

    def test_another_users_ids_are_not_found(
        self, create_account: Callable[..., Account], simulators: dict[str, Any]
    ) -> None:
        owner, other = create_account(), create_account()
        job = generate(owner, "privé")
        media_id = job["outputs"][0]["media_id"]
        for method, path in (
            ("GET", f"/api/media/jobs/{job['job_id']}"),
            ("POST", f"/api/media/jobs/{job['job_id']}/cancel"),
            ("GET", f"/api/media/items/{media_id}"),
            ("DELETE", f"/api/media/items/{media_id}"),
        ):
            response = other.client.request(method, path, headers=other.csrf())
            assert response.status_code == 404, (method, path)
        assert other.client.get("/api/media/items").json()["items"] == []
        assert other.client.get("/api/media/jobs").json()["items"] == []
        body = {"model": "openai/gpt-image-1", "source": {"media_id": media_id}, "size": "1024x1024"}
        assert (
            other.client.post("/api/media/images/variations", json=body, headers=other.csrf()).status_code
            == 404
        )
        # A cursor of the owner's listing opens nothing of theirs for someone else.
        generate(owner, "second")
        cursor = owner.client.get("/api/media/items", params={"limit": 1}).json()["next_cursor"]
        assert other.client.get("/api/media/items", params={"cursor": cursor}).status_code == 400
        assert owner.client.get(f"/api/media/items/{media_id}").status_code == 200

    def test_a_shared_item_opens_signed_out(
        self,
        create_account: Callable[..., Account],
        new_client: Callable[[], httpx.Client],
        simulators: dict[str, Any],
    ) -> None:
        user, other = create_account(), create_account()
        (item,) = generate(user, "Affiche du concert")["outputs"]
        refused = other.client.post(
            "/api/share-links", json={"kind": "media", "target_id": item["media_id"]}, headers=other.csrf()
        )
        assert refused.status_code == 404
        created = user.client.post(
            "/api/share-links", json={"kind": "media", "target_id": item["media_id"]}, headers=user.csrf()
        )
        assert created.status_code == 201, created.text
        link = created.json()
        assert link["kind"] == "media" and link["title"] == "Affiche du concert"
        visitor = new_client()
        view = visitor.get(f"/api/share-links/public/{link['token']}")
        assert view.status_code == 200, view.text
        shown = view.json()
        assert shown["kind"] == "media" and shown["conversation"] is None
        media = shown["media"]
        assert media["kind"] == "image" and media["prompt"] == "Affiche du concert" and media["width"] == 1024
        assert httpx.get(media["url"]).content.startswith(b"\x89PNG")
        assert "media_id" not in media and user.id not in str(shown)
        user.client.delete(f"/api/media/items/{item['media_id']}", headers=user.csrf())
        assert visitor.get(f"/api/share-links/public/{link['token']}").status_code == 404


class TestFromImages:
    def test_variations_and_edits_of_an_upload_and_of_a_library_image(
        self, create_account: Callable[..., Account], simulators: dict[str, Any]
    ) -> None:
        user = create_account()
        source = upload(user, png(1024, 1024), kind="image", content_type="image/png", filename="rouge.png")
        hole = upload(user, mask(1024, 1024), kind="image", content_type="image/png", filename="mask.png")
        variation = wait_job(
            user,
            post_job(
                user,
                "/api/media/images/variations",
                {"model": "openai/gpt-image-1", "source": {"upload_id": source["upload_id"]}, "count": 2},
            ),
        )
        assert variation["status"] == "succeeded" and len(variation["outputs"]) == 2
        assert variation["kind"] == "variation" and variation["params"]["source"] == {
            "width": 1024,
            "height": 1024,
            "filename": "rouge.png",
        }
        for model in ("openai/gpt-image-1", "replicate/sdxl"):
            body = {
                "model": model,
                "prompt": "un chat",
                "image": {"upload_id": source["upload_id"]},
                "mask_upload_id": hole["upload_id"],
                "size": "1024x1024",
            }
            edit = wait_job(user, post_job(user, "/api/media/images/edits", body))
            assert edit["status"] == "succeeded", edit
            picture = _pixels(httpx.get(edit["outputs"][0]["url"]).content)
            # The opaque half of the mask keeps the source's red; the transparent half is repainted.
            assert picture.getpixel((900, 100))[:3] == (200, 40, 40)
            assert picture.getpixel((100, 100))[:3] != (200, 40, 40)
        from_library = {
            "model": "replicate/sdxl",
            "source": {"media_id": variation["outputs"][0]["media_id"]},
        }
        assert (
            wait_job(user, post_job(user, "/api/media/images/variations", from_library))["status"]
            == "succeeded"
        )
        assert simulators["replicate"].last_body["input"]["image"].startswith("data:image/png;base64,")

    def test_a_mask_of_another_size_is_refused(
        self, create_account: Callable[..., Account], simulators: dict[str, Any]
    ) -> None:
        user = create_account()
        source = upload(user, png(1024, 1024), kind="image", content_type="image/png")
        hole = upload(user, mask(512, 512), kind="image", content_type="image/png")
        body = {
            "model": "openai/gpt-image-1",
            "prompt": "x",
            "image": {"upload_id": source["upload_id"]},
            "mask_upload_id": hole["upload_id"],
        }
        response = user.client.post("/api/media/images/edits", json=body, headers=user.csrf())
        assert response.status_code == 422 and response.json()["code"] == "media.invalid_option"

    def test_options_a_model_does_not_take_are_refused(self, create_account: Callable[..., Account]) -> None:
        user = create_account()
        for body in (
            {"model": "openai/dall-e-3", "prompt": "x", "count": 2},
            {"model": "openai/gpt-image-1", "prompt": "x", "seed": 3},
            {"model": "openai/gpt-image-1", "prompt": "x", "size": "1792x1024"},
            {"model": "openai/dall-e-3", "prompt": "x", "style": "pastel"},
            {"model": "openai/gpt-image-1", "prompt": "x", "negative_prompt": "flou"},
        ):
            response = user.client.post("/api/media/images", json=body, headers=user.csrf())
            assert response.status_code == 422 and response.json()["code"] == "media.invalid_option", body
        unknown = user.client.post(
            "/api/media/images", json={"model": "acme/none", "prompt": "x"}, headers=user.csrf()
        )
        assert unknown.json()["code"] == "media.unknown_model"
        assert (
            user.client.post(
                "/api/media/images",
                json={"model": "openai/gpt-image-1", "prompt": "x" * 4001},
                headers=user.csrf(),
            ).status_code
            == 422
        )

    def test_the_catalogue_says_what_each_model_takes(self, create_account: Callable[..., Account]) -> None:
        user = create_account()
        catalogue = user.client.get("/api/media/models").json()
        image = {m["id"]: m for m in catalogue["image"]}
        assert image["replicate/sdxl"]["seed"] is True and image["openai/dall-e-3"]["styles"] == [
            "vivid",
            "natural",
        ]
        assert all(
            m["simulated"] for m in catalogue["image"] + catalogue["speech"] + catalogue["transcription"]
        )
        speech = {m["id"]: m for m in catalogue["speech"]}
        assert {"id": "alloy", "name": "Alloy"} in speech["openai/tts-1"]["voices"]
        assert [m["id"] for m in catalogue["transcription"]] == ["openai/whisper-1"]


def _pixels(data: bytes) -> Any:
    import io

    from PIL import Image

    return Image.open(io.BytesIO(data)).convert("RGB")
