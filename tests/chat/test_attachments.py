"""Files attached to a message: images to the models that read images (the others' columns say
they cannot), documents' text to every model, through the media studio's uploads, owner only."""

from __future__ import annotations

import base64
import hashlib
from collections.abc import Callable
from typing import Any

from webox.aws import client as aws_client
from webox.chat import repository
from webox.storage import bucket_name

from tests.accounts import Account
from tests.agents.documents import pdf
from tests.chat.test_api import new_conversation, turn
from tests.media.conftest import png, upload, upload_raw, wav

VISION, BLIND = "gpt-4o-mini", "mistral-large-latest"
NOTES = "Réunion du 3 mars : le budget retenu est de 4 200 euros.".encode()


def attach_text(account: Account, data: bytes = NOTES, filename: str = "notes.md") -> str:
    return str(
        upload(account, data, kind="document", content_type="text/markdown", filename=filename)["upload_id"]
    )


def attach_image(account: Account, data: bytes) -> str:
    return str(
        upload(account, data, kind="image", content_type="image/png", filename="photo.png")["upload_id"]
    )


def sent_text(body: dict[str, Any] | None) -> str:
    """Every text the OpenAI simulator received in its last request."""
    parts = []
    for message in (body or {})["messages"]:
        content = message["content"]
        parts += [p.get("text", "") for p in content] if isinstance(content, list) else [content]
    return "\n".join(parts)


def answer(result: dict[str, Any], model: str) -> dict[str, Any]:
    found: dict[str, Any] = next(a for a in result["answers"] if a["model"] == model)
    return found


class TestImages:
    def test_a_model_that_reads_images_sees_it_and_one_that_cannot_says_so(
        self, create_account: Callable[..., Account], simulators: dict[str, Any]
    ) -> None:
        user = create_account()
        image = png(8, 8)
        conversation_id = new_conversation(user)

        result = turn(
            user,
            conversation_id,
            [VISION, BLIND],
            "Décris cette photo.",
            attachments=[attach_image(user, image)],
        )

        digest = hashlib.sha256(image).hexdigest()[:8]
        assert answer(result, VISION)["status"] == "done"
        assert f"image/png, {len(image)} octets, empreinte {digest}" in answer(result, VISION)["text"]
        blind = answer(result, BLIND)
        assert blind["status"] == "error" and blind["error"]["code"] == "image_unsupported"
        assert "Mistral Large" in blind["error"]["message"]
        [attached] = result["attachments"]
        assert attached["kind"] == "image" and attached["filename"] == "photo.png" and "key" not in attached

    def test_the_next_turn_names_the_image_instead_of_sending_it_again(
        self, create_account: Callable[..., Account], simulators: dict[str, Any]
    ) -> None:
        user = create_account()
        conversation_id = new_conversation(user)
        turn(user, conversation_id, [VISION], "Décris cette photo.", attachments=[attach_image(user, png())])

        result = turn(user, conversation_id, [VISION, BLIND], "Et en une phrase ?")

        assert [a["status"] for a in result["answers"]] == ["done", "done"]
        body = simulators["openai"].last_body
        assert "[image: photo.png]" in sent_text(body) and "image_url" not in str(body)

    def test_deleting_the_conversation_deletes_the_image(
        self, create_account: Callable[..., Account], simulators: dict[str, Any]
    ) -> None:
        user = create_account()
        conversation_id = new_conversation(user)
        turn(user, conversation_id, [VISION], "Décris.", attachments=[attach_image(user, png())])
        s3 = aws_client("s3")
        prefix = f"chat/{user.id}/attachments/"

        def stored() -> int:
            return int(
                s3.list_objects_v2(Bucket=bucket_name(repository.BUCKET), Prefix=prefix).get("KeyCount", 0)
            )

        assert stored() == 1
        assert (
            user.client.delete(f"/api/conversations/{conversation_id}", headers=user.csrf()).status_code
            == 204
        )
        assert stored() == 0


class TestDocuments:
    def test_a_text_file_goes_with_the_message_to_every_model(
        self, create_account: Callable[..., Account], simulators: dict[str, Any]
    ) -> None:
        user = create_account()
        conversation_id = new_conversation(user)

        result = turn(
            user, conversation_id, [VISION, BLIND], "Quel budget ?", attachments=[attach_text(user)]
        )

        assert [a["status"] for a in result["answers"]] == ["done", "done"]
        assert '<document name="notes.md">\nRéunion du 3 mars' in sent_text(simulators["openai"].last_body)
        assert "4 200 euros" in str(simulators["mistral"].last_body)
        assert result["attachments"][0]["kind"] == "document"

    def test_a_pdf_is_read_and_stays_in_the_branch_history(
        self, create_account: Callable[..., Account], simulators: dict[str, Any]
    ) -> None:
        user = create_account()
        conversation_id = new_conversation(user)
        data = pdf([["Devis n° 42", "Total : 1 830 euros"]])
        upload_id = upload(user, data, kind="document", content_type="application/pdf", filename="devis.pdf")
        turn(user, conversation_id, [VISION], "Résume ce devis.", attachments=[upload_id["upload_id"]])

        turn(user, conversation_id, [VISION], "Et le total ?")

        assert "Total : 1 830 euros" in sent_text(simulators["openai"].last_body)

    def test_regenerating_keeps_the_attachments(
        self, create_account: Callable[..., Account], simulators: dict[str, Any]
    ) -> None:
        user = create_account()
        conversation_id = new_conversation(user)
        turn(user, conversation_id, [VISION], "Quel budget ?", attachments=[attach_text(user)])

        again = user.client.post(
            f"/api/conversations/{conversation_id}/turns/1/regenerate", headers=user.csrf()
        )

        assert again.status_code == 200, again.text
        assert again.json()["attachments"][0]["filename"] == "notes.md"
        assert "4 200 euros" in sent_text(simulators["openai"].last_body)


class TestRefusals:
    def test_another_users_upload_is_not_found(
        self, create_account: Callable[..., Account], simulators: dict[str, Any]
    ) -> None:
        owner, other = create_account(), create_account()
        upload_id = attach_text(owner)
        response = other.client.post(
            f"/api/conversations/{new_conversation(other)}/turns",
            json={"models": [VISION], "content": "Lis ça", "attachments": [upload_id]},
            headers=other.csrf(),
        )
        assert response.status_code == 404 and response.json()["code"] == "media.upload_not_found"
        assert response.headers["content-type"].startswith("application/problem+json")

    def test_an_audio_upload_cannot_be_attached(
        self, create_account: Callable[..., Account], simulators: dict[str, Any]
    ) -> None:
        user = create_account()
        audio = upload(user, wav(), kind="audio", content_type="audio/wav", filename="voix.wav")["upload_id"]
        response = user.client.post(
            f"/api/conversations/{new_conversation(user)}/turns",
            json={"models": [VISION], "content": "Écoute", "attachments": [audio]},
            headers=user.csrf(),
        )
        assert response.status_code == 422 and response.json()["code"] == "media.wrong_kind"

    def test_at_most_four_files(
        self, create_account: Callable[..., Account], simulators: dict[str, Any]
    ) -> None:
        user = create_account()
        response = user.client.post(
            f"/api/conversations/{new_conversation(user)}/turns",
            json={"models": [VISION], "content": "Lis", "attachments": [f"{n:032x}" for n in range(5)]},
            headers=user.csrf(),
        )
        assert response.status_code == 422 and response.json()["code"] == "validation_failed"

    def test_a_document_must_be_what_its_name_says(
        self, create_account: Callable[..., Account], simulators: dict[str, Any]
    ) -> None:
        user = create_account()
        upload_id, _ = upload_raw(
            user,
            b"MZ\x90\x00 not a pdf",
            kind="document",
            content_type="application/pdf",
            filename="devis.pdf",
        )
        done = user.client.post(f"/api/media/uploads/{upload_id}/complete", headers=user.csrf())
        assert done.status_code == 415 and done.json()["code"] == "media.unsupported_type"
        program = user.client.post(
            "/api/media/uploads",
            json={
                "kind": "document",
                "filename": "setup.exe",
                "content_type": "application/octet-stream",
                "size": 10,
            },
            headers=user.csrf(),
        )
        assert program.status_code == 415 and program.json()["code"] == "media.unsupported_type"

    def test_a_document_without_text_is_refused_in_words(
        self, create_account: Callable[..., Account], simulators: dict[str, Any]
    ) -> None:
        user = create_account()
        empty = attach_text(user, b"   \n  ", "vide.txt")
        response = user.client.post(
            f"/api/conversations/{new_conversation(user)}/turns",
            json={"models": [VISION], "content": "Lis", "attachments": [empty]},
            headers=user.csrf(),
        )
        assert response.status_code == 422 and response.json()["code"] == "attachment_unreadable"
        assert "vide.txt" in response.json()["detail"]


def test_the_image_a_model_gets_is_the_uploaded_one(
    create_account: Callable[..., Account], simulators: dict[str, Any]
) -> None:
    user = create_account()
    image = png(4, 4, colour=(1, 2, 3, 255))
    turn(user, new_conversation(user), [VISION], "Et ça ?", attachments=[attach_image(user, image)])

    [part] = [
        p for p in simulators["openai"].last_body["messages"][-1]["content"] if p["type"] == "image_url"
    ]
    assert part["image_url"]["url"] == "data:image/png;base64," + base64.b64encode(image).decode()
