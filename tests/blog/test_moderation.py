"""Comment moderation on the shipped set: the moderation model (through the OpenAI SDK against the
simulator) and the spam signals catch spam and let readers through."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from openai import OpenAI
from webox.blog import moderation
from webox.local.host import LocalHost
from webox.providers import service as providers

DATA = json.loads((Path(__file__).parent / "data" / "comments.json").read_text(encoding="utf-8"))


@pytest.fixture(autouse=True)
def _host(aws: LocalHost) -> None:
    moderation.forget_client()


def test_the_simulator_answers_the_sdk_like_openai() -> None:
    credentials = providers.resolve_credentials("openai")
    client = OpenAI(api_key=credentials.api_key.get_secret_value(), base_url=credentials.base_url)
    answer = client.moderations.create(model="omni-moderation-latest", input=["Tu es un idiot", "Merci !"])
    rude, polite = answer.results
    assert rude.flagged and rude.categories.harassment and rude.category_scores.harassment >= 0.5
    assert not polite.flagged and polite.category_scores.harassment < 0.01
    again = client.moderations.create(model="omni-moderation-latest", input="Tu es un idiot")
    assert again.results[0].category_scores == rude.category_scores, "deterministic"


def test_spam_is_caught_and_no_clean_comment_is_rejected() -> None:
    spam = [moderation.judge(text) for text in DATA["spam"]]
    clean = [moderation.judge(text) for text in DATA["clean"]]
    caught = sum(v.decision != "approved" for v in spam) / len(spam)
    missed = [text for text, v in zip(DATA["spam"], spam, strict=True) if v.decision == "approved"]
    assert caught >= 0.95, missed
    rejected = [text for text, v in zip(DATA["clean"], clean, strict=True) if v.decision == "rejected"]
    assert rejected == []
    # Holding everything would pass the two lines above: readers' comments mostly go straight through.
    approved = sum(v.decision == "approved" for v in clean) / len(clean)
    assert approved >= 0.9, [t for t, v in zip(DATA["clean"], clean, strict=True) if v.decision != "approved"]


def test_a_moderation_outage_holds_comments_for_a_person(simulators: dict[str, object]) -> None:
    behaviour = simulators["openai"]
    behaviour.faults.extend(["500"] * 5)  # type: ignore[attr-defined]
    verdict = moderation.judge("Merci pour l'article")
    assert verdict.decision == "held"
    assert "moderation_unavailable" in verdict.reasons
