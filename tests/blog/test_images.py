"""Library images in posts: an editor's own image gets a public, permanent address on the site
(never a presigned URL), which the static page shows to a signed-out reader and the renderer keeps."""

from __future__ import annotations

from collections.abc import Callable

import httpx
import pytest

from tests.accounts import Account
from tests.blog.conftest import publish, wait_page, write
from tests.media.conftest import post_job, wait_job

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def _library_item(account: Account, path: str, body: dict[str, str]) -> str:
    job = wait_job(account, post_job(account, path, body))
    assert job["status"] == "succeeded", job
    return str(job["outputs"][0]["media_id"])


@pytest.mark.usefixtures("simulators")
def test_a_library_image_goes_public_in_the_body_and_as_the_cover(
    create_editor: Callable[..., Account], new_client: Callable[[], httpx.Client]
) -> None:
    editor = create_editor()
    media_id = _library_item(
        editor, "/api/media/images", {"model": "openai/gpt-image-1", "prompt": "un phare"}
    )
    made = editor.client.post("/api/blog/images", json={"media_id": media_id}, headers=editor.csrf())
    assert made.status_code == 201, made.text
    image = made.json()
    assert image["url"] == f"/blog/images/{media_id}.png"
    assert image["width"] and image["height"]

    post = write(
        editor,
        slug="un-phare",
        body=f"Un phare.\n\n![Un phare au crépuscule]({image['url']})",
        cover_url=image["url"],
        cover_alt="Le phare vu de la plage",
        cover_width=image["width"],
        cover_height=image["height"],
    )
    publish(editor, post["id"])
    reader = new_client()
    page = wait_page(reader, post["url"], lambda r: r.status_code == 200).text
    assert f'src="{image["url"]}" alt="Un phare au crépuscule"' in page
    assert f'src="{image["url"]}" alt="Le phare vu de la plage"' in page
    # The renderer ran (the page is there) and left the image alone: it is not one of its files.
    wait_page(reader, "/sitemap.xml", lambda r: post["url"] in r.text)
    shown = reader.get(image["url"])
    assert shown.status_code == 200 and shown.headers["content-type"] == "image/png"
    assert shown.content.startswith(PNG_SIGNATURE)
    assert "immutable" in shown.headers["cache-control"]


@pytest.mark.usefixtures("simulators")
def test_only_the_editors_own_images_go_public(
    create_editor: Callable[..., Account], create_account: Callable[..., Account]
) -> None:
    editor, colleague = create_editor(), create_editor("Autre Éditrice")
    image = _library_item(editor, "/api/media/images", {"model": "openai/gpt-image-1", "prompt": "privé"})
    theirs = colleague.client.post("/api/blog/images", json={"media_id": image}, headers=colleague.csrf())
    assert theirs.status_code == 404 and theirs.json()["code"] == "media.not_found"
    reader = create_account()
    refused = reader.client.post("/api/blog/images", json={"media_id": image}, headers=reader.csrf())
    assert refused.status_code == 403 and refused.json()["code"] == "blog.not_editor"
    sound = _library_item(
        editor, "/api/media/speech", {"model": "openai/tts-1", "voice": "nova", "text": "Bonjour"}
    )
    not_image = editor.client.post("/api/blog/images", json={"media_id": sound}, headers=editor.csrf())
    assert not_image.status_code == 422 and not_image.json()["code"] == "blog.not_an_image"
    malformed = editor.client.post("/api/blog/images", json={"media_id": "../x"}, headers=editor.csrf())
    assert malformed.status_code == 422 and malformed.headers["content-type"] == "application/problem+json"
