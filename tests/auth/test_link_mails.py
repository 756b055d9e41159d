"""The e-mails of single-use links (address verification, password reset) read as their recipient
reads them: apostrophes, not HTML entities, in the text part and in the HTML part once displayed."""

from __future__ import annotations

import re
from collections.abc import Callable
from html.parser import HTMLParser

import httpx
import pytest
from webox import mail

from tests.accounts import Account

Sent = list[dict[str, str]]
ENTITIES = ("&#x27;", "&#39;", "&apos;", "&amp;", "&quot;")


class _Displayed(HTMLParser):
    """The characters a mail client shows for an HTML body (tags dropped, entities decoded)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


def _displayed(body: str) -> str:
    parser = _Displayed()
    parser.feed(body)
    parser.close()
    return " ".join("".join(parser.parts).split())


@pytest.fixture
def sent(monkeypatch: pytest.MonkeyPatch) -> Sent:
    """Both parts of every message handed to SES (its outbox keeps only one of them)."""
    messages: Sent = []
    send = mail.send

    def record(to: str, subject: str, text: str, html: str | None = None) -> str:
        messages.append({"to": to, "subject": subject, "text": text, "html": html or ""})
        return send(to, subject, text, html)

    monkeypatch.setattr(mail, "send", record)
    return messages


class TestLinkMails:
    def test_reset_and_verification_mails_show_apostrophes_not_entities_in_french_and_english(
        self, create_account: Callable[..., Account], api: httpx.Client, sent: Sent
    ) -> None:
        # Given an account whose name has an apostrophe too (the English templates have none)
        account = create_account(name="Jeanne d'Arc")
        assert api.post("/api/auth/password/forgot", json={"email": account.email}).status_code == 202
        french = list(sent)
        settings = account.client.patch(
            "/api/account/settings", json={"language": "en"}, headers=account.csrf()
        )
        assert settings.status_code == 200, settings.text
        resend = account.client.post("/api/auth/email/verification", headers=account.csrf())
        assert resend.status_code == 204, resend.text
        assert api.post("/api/auth/password/forgot", json={"email": account.email}).status_code == 202
        english = sent[len(french) :]

        # Then each language has its verification and its reset mail
        for language, mails in (("fr", french), ("en", english)):
            pages = [re.search(r"/(verify-email|reset-password)#token=", m["text"]) for m in mails]
            assert [page.group(1) if page else None for page in pages] == [
                "verify-email",
                "reset-password",
            ], language
            for message in mails:
                assert message["to"] == account.email
                text, html = message["text"], message["html"]
                # The text part: plain apostrophes, no entity
                assert "Jeanne d'Arc" in text, (language, text)
                if language == "fr":
                    assert "n'avez" in text, text
                else:
                    assert "Hello" in text and "n'avez" not in text, text
                assert not [e for e in ENTITIES if e in text + message["subject"]], (language, text)
                # The HTML part, as a mail client shows it: the same words, no entity left to read
                assert html, language
                shown = _displayed(html)
                assert shown == " ".join(text.split()), (language, html)
                assert not [e for e in ENTITIES if e in shown], (language, html)

    def test_an_account_created_from_the_english_interface_is_english_from_its_first_mail(
        self, new_client: Callable[[], httpx.Client], sent: Sent
    ) -> None:
        browser = new_client()
        created = browser.post(
            "/api/auth/register",
            json={
                "email": "ada@example.com",
                "password": "a long english passphrase",
                "name": "Ada",
                "language": "en",
            },
        )
        assert created.status_code == 201, created.text
        assert browser.get("/api/auth/me").json()["language"] == "en"
        (verification,) = [m for m in sent if m["to"] == "ada@example.com"]
        assert "Hello" in verification["text"] and "Bonjour" not in verification["text"]

    def test_an_unknown_language_is_refused(self, api: httpx.Client) -> None:
        refused = api.post(
            "/api/auth/register",
            json={
                "email": "x@example.com",
                "password": "a long english passphrase",
                "name": "X",
                "language": "de",
            },
        )
        assert refused.status_code == 422 and refused.headers["content-type"].startswith(
            "application/problem+json"
        )
