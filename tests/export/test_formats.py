"""A small conversation exported in every format, without the local host: what the user reads in the file."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from webox.chat.schemas import AnswerOut, ChatParams, ConversationDetail, TurnOut, UsageOut
from webox.export.document import document
from webox.export.formats import render
from webox.export.schemas import ConversationExport
from webox.verification.schemas import ErrorOut, Verdict

from tests.share.test_export import pdf_text

AT = datetime(2026, 12, 1, 9, 30, tzinfo=UTC)


def conversation(zone: ZoneInfo = ZoneInfo("UTC")) -> ConversationExport:
    """One turn: two models answered (one chosen), one failed, and the judge's verdict."""
    verdict = Verdict.model_validate(
        {
            "judge_model": "gpt-4o-mini",
            "agreement": 80,
            "shared_points": ["Paris est la capitale"],
            "contradictions": [
                {"topic": "Population", "claims": {"gpt-4o-mini": "2,1 M", "mistral-small-latest": "2,2 M"}}
            ],
            "fused_answer": "Paris, capitale de la France.",
        }
    )
    answers = [
        AnswerOut(
            model="gpt-4o-mini",
            status="done",
            text="Paris <script>alert(1)</script>\n```python\nprint('ouvert')",
            usage=UsageOut(input_tokens=12, output_tokens=30),
            cost=0.000123,
            ttft_ms=150,
            duration_ms=900,
        ),
        AnswerOut(
            model="mistral-small-latest",
            status="done",
            text="C'est Paris.",
            usage=UsageOut(input_tokens=12, output_tokens=8),
            cost=0.00002,
        ),
        AnswerOut(
            model="gemini-2.5-flash",
            status="error",
            error=ErrorOut(code="rate_limited", message="Trop de requêtes"),
        ),
    ]
    turn = TurnOut(
        turn=1,
        request_id="r1",
        content="Quelle est la capitale de la France ?",
        models=[a.model for a in answers],
        params=ChatParams(system="Réponds en une phrase."),
        chosen_model="mistral-small-latest",
        created_at=AT,
        answers=answers,
        verdict=verdict,
    )
    detail = ConversationDetail(
        id="c" * 32,
        title="Géographie : « capitales » !",
        created_at=AT,
        updated_at=AT,
        turn_count=1,
        last_models=turn.models,
        turns=[turn],
    )
    return document(detail, exported_at=AT, zone=zone)


class TestDocument:
    def test_totals_add_up_every_answer(self) -> None:
        totals = conversation().totals
        assert (totals.input_tokens, totals.output_tokens, totals.cost) == (24, 38, 0.000143)

    def test_json_is_the_document_with_model_names(self) -> None:
        exported = json.loads(render(conversation(), "json").body)
        answers = exported["turns"][0]["answers"]
        assert [a["model_name"] for a in answers] == [
            "GPT-4o mini",
            "Mistral Small",
            "Gemini 2.5 Flash",
        ]
        assert answers[2]["error"] == {"code": "rate_limited", "message": "Trop de requêtes"}


class TestFormats:
    def test_markdown_shows_each_answer_the_choice_the_failure_and_the_verdict(self) -> None:
        text = render(conversation(), "md").body.decode()
        assert text.startswith("# Géographie : « capitales » !\n")
        assert "**Consigne système** :\n\n> Réponds en une phrase." in text
        assert "### Mistral Small (mistral-small-latest) — terminée, réponse retenue" in text
        assert "> Erreur : rate_limited — Trop de requêtes" in text
        assert "*12 → 30 jetons · coût 0.000123 $ · premier jeton 150 ms · durée 900 ms*" in text
        assert "- Mistral Small : 2,2 M" in text and "Paris, capitale de la France." in text

    def test_markdown_closes_a_code_fence_a_model_left_open(self) -> None:
        text = render(conversation(), "md").body.decode()
        assert "print('ouvert')\n```\n" in text

    def test_text_speaks_english_when_asked(self) -> None:
        text = render(conversation(), "txt", lang="en").body.decode()
        assert "Turn 1 — 2026-12-01 09:30 UTC" in text
        assert "GPT-4o mini (gpt-4o-mini) — done" in text and "Cross-verification — agreement 80 %" in text

    def test_dates_are_in_the_readers_time_zone(self) -> None:
        winter = render(conversation(ZoneInfo("Europe/Paris")), "md").body.decode()
        assert "2026-12-01 10:30 CET" in winter and "UTC" not in winter
        doc = conversation(ZoneInfo("America/New_York"))
        assert doc.turns[0].created_at.isoformat() == "2026-12-01T04:30:00-05:00"

    def test_html_escapes_what_a_model_wrote_and_forbids_scripts(self) -> None:
        exported = render(conversation(), "html")
        page = exported.body.decode()
        assert "<script>alert(1)</script>" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
        assert "default-src 'none'" in page and exported.media_type == "text/html; charset=utf-8"
        assert 'class="answer chosen"' in page

    def test_pdf_is_a_pdf(self) -> None:
        exported = render(conversation(), "pdf")
        assert exported.body.startswith(b"%PDF-") and exported.media_type == "application/pdf"

    def test_pdf_prints_an_answer_formatted_not_its_markdown(self) -> None:
        doc = conversation()
        doc.turns[0].answers[1].text = (
            "## Capitale\n\nC'est **Paris**, sur la *Seine*.\n\n- Population : 2,1 M\n- Fleuve : Seine\n\n"
            "| Ville | Pays |\n|---|---|\n| Paris | France |\n\n"
            "```\nprint('bonjour')\n```\n\n![carte](http://169.254.169.254/latest/meta-data)"
        )
        text = pdf_text(render(doc, "pdf").body)
        assert "Capitale C'est Paris, sur la Seine." in text and "Population : 2,1 M" in text
        assert "Paris France" in text and "print('bonjour')" in text
        assert "**" not in text and "## " not in text and "|---|" not in text
        # An image a model wrote prints as its alt text: the PDF never fetches its URL.
        assert "carte" in text and "169.254" not in text

    def test_every_file_is_named_after_the_title_in_ascii(self) -> None:
        for fmt in ("json", "md", "html", "txt", "pdf"):
            assert render(conversation(), fmt).filename == f"webox-geographie-capitales-20261201-0930.{fmt}"
