"""Simulated answers follow the request's form and state checkable facts; the simulated judge
compares those facts topic by topic."""

from __future__ import annotations

import json

from webox.testing.judge import compose_verdict
from webox.testing.simulation import compose_answer

MODELS = ("gpt-4o", "claude-haiku-4-5", "mistral-large-latest", "gemini-2.5-flash")


def verdict(question: str, models: tuple[str, ...] = MODELS) -> dict[str, object]:
    answers = "".join(f'<answer model="{m}">\n{compose_answer(m, question)}\n</answer>\n' for m in models)
    result: dict[str, object] = json.loads(
        compose_verdict(f"<question>\n{question}\n</question>\n{answers}", "gpt-4o")
    )
    return result


class TestForm:
    def test_asked_for_code_it_answers_with_a_code_block(self) -> None:
        text = compose_answer("gpt-4o", "Écris une fonction Python qui calcule la TVA")
        assert "```python\ndef " in text and text.count("```") == 2

    def test_asked_for_a_table_it_answers_with_a_markdown_table(self) -> None:
        text = compose_answer("gpt-4o", "Compare le train et l'avion dans un tableau")
        assert "| --- | --- |" in text and "| Année de référence |" in text

    def test_the_length_asked_for_is_kept(self) -> None:
        short = compose_answer("gpt-4o", "Explique la photosynthèse en 25 mots")
        detailed = compose_answer("gpt-4o", "Explique la photosynthèse de façon détaillée")
        assert len(short.split()) <= 25 < 200 <= len(detailed.split())

    def test_the_assistants_instructions_are_followed(self) -> None:
        text = compose_answer("gpt-4o", "Comment bien dormir ?", system="Tu es un coach. Answer in English.")
        assert "Simulated answer" in text and "Instructions followed" in text and "Tu es un coach" in text

    def test_an_attached_document_is_quoted(self) -> None:
        prompt = 'Quel budget ?\n\n<document name="notes.md">\nLe budget est de 4 200 euros.\n</document>'
        text = compose_answer("gpt-4o", prompt)
        assert "D'après notes.md : « Le budget est de 4 200 euros. »" in text
        assert "> Quel budget ?" in text


class TestJudge:
    def test_the_judge_finds_shared_facts_and_contradictions_naming_each_claim(self) -> None:
        result = verdict("Comment bien dormir ?")
        shared = result["shared_points"]
        contradictions = result["contradictions"]
        assert isinstance(shared, list) and any(p.startswith("Année de référence : ") for p in shared)
        assert isinstance(contradictions, list) and contradictions
        for item in contradictions:
            claims = item["claims"]
            assert set(claims) == set(MODELS) and len(set(claims.values())) > 1
        assert isinstance(result["agreement"], int) and 0 < result["agreement"] < 100

    def test_one_model_asked_twice_agrees_with_itself(self) -> None:
        question = "Comment bien dormir ?"
        answers = "".join(
            f'<answer model="{m}">\n{compose_answer("gpt-4o", question)}\n</answer>\n' for m in ("a", "b")
        )
        result = json.loads(compose_verdict(f"<question>\n{question}\n</question>\n{answers}", "gpt-4o"))
        assert result["agreement"] == 100 and result["contradictions"] == []

    def test_tables_are_compared_too_and_their_header_is_no_fact(self) -> None:
        result = verdict("Compare le train et l'avion dans un tableau")
        topics = [c["topic"] for c in result["contradictions"]]  # type: ignore[attr-defined]
        assert "Critère" not in topics and len(result["shared_points"]) >= 2  # type: ignore[arg-type]


class TestPacing:
    def test_tests_stream_at_once_and_make_dev_at_each_models_own_speed(self) -> None:
        from webox.testing.simulation import Behaviour

        assert Behaviour().timing("gpt-4o", 40) == (0.0, 0.0)
        realistic = Behaviour(realistic=True)
        fast, slow = realistic.timing("gpt-4o-mini", 40), realistic.timing("claude-sonnet-4-6", 40)
        assert fast != slow and realistic.timing("gpt-4o-mini", 40) == fast
        for ttft, gap in (fast, slow):
            assert 0.3 <= ttft <= 1.2 and 2 <= gap * 39 <= 12  # a few seconds: Stop has time to act
