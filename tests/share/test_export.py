"""Conversation exports: every format holds what the user saw; model output never runs as HTML."""

from __future__ import annotations

import io
import json
import re
from collections.abc import Callable
from html.parser import HTMLParser

import httpx
import pytest
from pypdf import PdfReader
from webox.chat import conversations as chat_conversations
from webox.chat import repository as chat_repository
from webox.export import conversations as export_conversations
from webox.export import pdf as export_pdf

from tests.accounts import Account

MALICIOUS = (
    "Voici <script>alert('pwned')</script> et <img src=x onerror=alert(1)> "
    "puis [un lien](javascript:alert(2)) à éviter."
)


def export(account: Account, conversation_id: str, fmt: str) -> httpx.Response:
    return account.client.get(f"/api/exports/conversations/{conversation_id}", params={"format": fmt})


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


def visible_text(page: str) -> str:
    parser = _Text()
    parser.feed(page)
    return " ".join(" ".join(parser.parts).split())


def prose(markdown: str) -> list[str]:
    """The words of each line of a Markdown text, its markup left out (how a page shows them)."""
    lines = [re.sub(r"^\s*(>|\d+\.|[-*])\s*", "", line) for line in markdown.splitlines()]
    return [" ".join(line.replace("*", "").split()) for line in lines if line.strip(" >*")]


def pdf_text(body: bytes) -> str:
    reader = PdfReader(io.BytesIO(body))
    return " ".join(" ".join((page.extract_text() or "").split()) for page in reader.pages)


class TestTimeZone:
    def test_dates_are_printed_in_the_zone_asked(self, exporter: tuple[Account, str]) -> None:
        user, conversation_id = exporter
        response = user.client.get(
            f"/api/exports/conversations/{conversation_id}",
            params={"format": "txt", "timezone": "Asia/Tokyo"},
        )
        assert response.status_code == 200
        assert " JST" in response.text and " UTC" not in response.text

    def test_an_unknown_zone_is_a_clear_error(self, exporter: tuple[Account, str]) -> None:
        user, conversation_id = exporter
        response = user.client.get(
            f"/api/exports/conversations/{conversation_id}",
            params={"format": "txt", "timezone": "Mars/Olympus"},
        )
        assert response.status_code == 422
        assert response.headers["content-type"] == "application/problem+json"
        assert response.json()["code"] == "validation_failed"


class TestFormats:
    def test_json_is_the_stored_conversation(self, exporter: tuple[Account, str]) -> None:
        user, conversation_id = exporter
        response = export(user, conversation_id, "json")
        assert response.status_code == 200 and response.headers["content-type"] == "application/json"
        document = response.json()
        stored = chat_conversations.get_conversation(user.id, conversation_id).model_dump(mode="json")
        assert document["format"] == "webox.conversation-export" and document["version"] == 1
        assert document["conversation"]["title"] == stored["title"] == 'Été "à" Paris / ../../etc'
        assert document["exported_at"] and len(document["turns"]) == len(stored["turns"]) == 2
        for exported, saved in zip(document["turns"], stored["turns"], strict=True):
            assert exported["content"] == saved["content"] and exported["models"] == saved["models"]
            assert exported["verdict"] == saved["verdict"]
            for answer, original in zip(exported["answers"], saved["answers"], strict=True):
                for field in ("model", "status", "text", "usage", "cost", "ttft_ms", "duration_ms", "error"):
                    assert answer[field] == original[field], field
                assert answer["model_name"] and answer["model_name"] != answer["model"]
        first = document["turns"][0]
        assert [a["model"] for a in first["answers"]] == ["gpt-4o-mini", "mistral-small-latest"]
        assert first["verdict"]["fused_answer"] and 0 <= first["verdict"]["agreement"] <= 100
        costs = [a["cost"] for t in document["turns"] for a in t["answers"]]
        assert document["totals"]["cost"] == pytest.approx(sum(costs))

    @pytest.mark.parametrize("fmt", ["md", "txt"])
    def test_markdown_and_text_hold_every_answer_and_the_verdict(
        self, exporter: tuple[Account, str], fmt: str
    ) -> None:
        user, conversation_id = exporter
        response = export(user, conversation_id, fmt)
        assert response.status_code == 200
        assert response.headers["content-type"].startswith("text/markdown" if fmt == "md" else "text/plain")
        body = response.text
        stored = chat_conversations.get_conversation(user.id, conversation_id)
        assert stored.title in body
        for turn in stored.turns:
            assert turn.content in body
            for answer in turn.answers:
                assert answer.text and answer.text in body
                assert f"{answer.usage.input_tokens} → {answer.usage.output_tokens}" in body
            if turn.verdict:
                assert turn.verdict.fused_answer in body
                assert f"{turn.verdict.agreement} %" in body
                assert all(point in body for point in turn.verdict.shared_points)
                assert all(c.topic in body for c in turn.verdict.contradictions)

    def test_html_is_one_readable_page_with_a_column_per_model(self, exporter: tuple[Account, str]) -> None:
        user, conversation_id = exporter
        response = export(user, conversation_id, "html")
        assert response.status_code == 200 and response.headers["content-type"].startswith("text/html")
        assert "sandbox" in response.headers["content-security-policy"]
        page = response.text
        assert page.startswith("<!doctype html>") and "<style>" in page and "Content-Security-Policy" in page
        assert "<script" not in page and 'src="http' not in page and "<link" not in page
        stored = chat_conversations.get_conversation(user.id, conversation_id)
        assert page.count('<article class="answer') == sum(len(t.answers) for t in stored.turns) == 3
        text = visible_text(page)
        for turn in stored.turns:
            assert " ".join(turn.content.split()) in text
            for answer in turn.answers:
                assert all(line in text for line in prose(answer.text)), answer.model
        verdict = stored.turns[0].verdict
        assert verdict is not None and all(line in text for line in prose(verdict.fused_answer))

    def test_pdf_is_a_pdf_with_the_conversation_in_it(self, exporter: tuple[Account, str]) -> None:
        user, conversation_id = exporter
        response = export(user, conversation_id, "pdf")
        assert response.status_code == 200 and response.headers["content-type"] == "application/pdf"
        assert response.content.startswith(b"%PDF-")
        text = pdf_text(response.content)
        stored = chat_conversations.get_conversation(user.id, conversation_id)
        assert 'Été "à" Paris / ../../etc' in text and "Vérification croisée" in text
        for answer in stored.turns[0].answers:
            conclusion = answer.text.splitlines()[-1]
            assert " ".join(conclusion.split()) in text

    def test_pdf_without_the_font_falls_back_to_latin1(
        self, exporter: tuple[Account, str], monkeypatch: pytest.MonkeyPatch
    ) -> None:
        user, conversation_id = exporter
        monkeypatch.setenv("WEBOX_EXPORT_FONT", "/nonexistent/font.ttf")
        export_pdf.get_export_settings.cache_clear()
        try:
            response = export(user, conversation_id, "pdf")
        finally:
            monkeypatch.undo()
            export_pdf.get_export_settings.cache_clear()
        assert response.status_code == 200 and response.content.startswith(b"%PDF-")
        assert b"DejaVu" not in response.content
        assert "Vérification croisée" in pdf_text(response.content)

    def test_files_are_attachments_with_a_safe_name(self, exporter: tuple[Account, str]) -> None:
        user, conversation_id = exporter
        for fmt in ("json", "md", "html", "txt", "pdf"):
            disposition = export(user, conversation_id, fmt).headers["content-disposition"]
            assert re.fullmatch(
                rf'attachment; filename="webox-ete-a-paris-etc-\d{{8}}-\d{{4}}\.{fmt}"', disposition
            )

    def test_a_large_export_is_served_from_s3(
        self, exporter: tuple[Account, str], monkeypatch: pytest.MonkeyPatch
    ) -> None:
        user, conversation_id = exporter
        monkeypatch.setattr(export_conversations, "INLINE_LIMIT", 100)
        response = export(user, conversation_id, "json")
        assert response.status_code == 303
        downloaded = httpx.get(response.headers["location"])
        assert (
            downloaded.status_code == 200
            and json.loads(downloaded.content)["conversation"]["id"] == conversation_id
        )
        assert "attachment" in downloaded.headers["content-disposition"]


class TestUntrustedOutput:
    def test_a_malicious_answer_is_escaped_in_html_and_plain_in_pdf(
        self, create_account: Callable[..., Account], create_conversation: Callable[..., str]
    ) -> None:
        user = create_account()
        conversation_id = create_conversation(user, turns=1)
        chat_repository.finish_answer(user.id, conversation_id, 1, "gpt-4o-mini", MALICIOUS, status="done")

        page = export(user, conversation_id, "html").text
        assert "<script" not in page and "<img" not in page and "href=" not in page
        assert "&lt;script&gt;alert(&#x27;pwned&#x27;)&lt;/script&gt;" in page or (
            "&lt;script&gt;alert('pwned')&lt;/script&gt;" in page
        )
        assert "&lt;img src=x onerror=alert(1)&gt;" in page

        pdf = export(user, conversation_id, "pdf").content
        assert b"/JavaScript" not in pdf and b"/JS " not in pdf
        assert "<script>alert('pwned')</script>" in pdf_text(pdf)

        markdown = export(user, conversation_id, "md").text
        assert MALICIOUS in markdown  # what the model wrote, as it wrote it


class TestAccess:
    def test_another_users_conversation_is_404_and_bad_formats_422(
        self, create_account: Callable[..., Account], create_conversation: Callable[..., str]
    ) -> None:
        owner, intruder = create_account(), create_account()
        conversation_id = create_conversation(owner, turns=0)
        for fmt in ("json", "pdf"):
            response = export(intruder, conversation_id, fmt)
            assert response.status_code == 404 and response.json()["code"] == "conversation_not_found"
        assert export(owner, conversation_id, "docx").status_code == 422
