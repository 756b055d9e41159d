"""The advisor (`POST /api/automations/advice`): templates suggested from the titles of the caller's
own recent conversations and tasks — never another user's — with those titles as the reason."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from webox.automations.advice import suggestions

from tests.accounts import Account
from tests.automations.conftest import wait_task


def _conversation(account: Account, title: str) -> None:
    created = account.client.post("/api/conversations", json={"title": title}, headers=account.csrf())
    assert created.status_code == 201, created.text


def _advice(account: Account, lang: str = "fr") -> dict[str, Any]:
    started = account.client.post("/api/automations/advice", json={"lang": lang}, headers=account.csrf())
    assert started.status_code == 202, started.text
    task = wait_task(account, started.json()["task_id"])
    assert task["status"] == "succeeded" and task["kind"] == "advice", task
    output: dict[str, Any] = task["steps"][0]["output"]
    return output


@pytest.mark.parametrize(
    ("titles", "expected"),
    [
        (["Trier mes e-mails Gmail", "Répondre aux courriels"], ["gmail-summary"]),
        (["Préparer la réunion de lundi", "Recette de crêpes"], ["calendar-brief"]),
        (["Veille : flux RSS du secteur", "Relance facture client"], ["rss-blog", "stripe-thanks"]),
        (["Recette de crêpes", "Emailing"], []),  # "Emailing" is not the word "email"
    ],
)
def test_titles_call_for_their_templates(titles: list[str], expected: list[str]) -> None:
    found = suggestions(titles, "fr")
    assert sorted(s["template_id"] for s in found) == sorted(expected)
    for suggestion in found:
        assert suggestion["because"] and set(suggestion["because"]) <= set(titles)


def test_the_advice_reads_only_the_callers_own_work(
    create_account: Callable[..., Account], simulators: dict[str, Any]
) -> None:
    user, stranger = create_account(), create_account()
    for title in ("Trier mes e-mails Gmail", "Résumer un mail client", "Préparer la réunion de lundi"):
        _conversation(user, title)
    _conversation(stranger, "Flux RSS de veille")

    advice = _advice(user)

    by_id = {s["template_id"]: s for s in advice["suggestions"]}
    assert advice["suggestions"][0]["template_id"] == "gmail-summary"  # two titles call for it: first
    assert set(by_id) == {"gmail-summary", "calendar-brief"}  # not the stranger's RSS
    assert by_id["gmail-summary"]["because"] == ["Résumer un mail client", "Trier mes e-mails Gmail"]
    assert by_id["calendar-brief"]["because"] == ["Préparer la réunion de lundi"]
    assert advice["explanation"]


def test_nothing_to_suggest_says_so_without_a_model_call(create_account: Callable[..., Account]) -> None:
    advice = _advice(create_account(), "en")
    assert advice["suggestions"] == [] and "templates" in advice["explanation"]


def test_bad_input_is_422(create_account: Callable[..., Account]) -> None:
    account = create_account()
    for body in ({"lang": "de"}, {"model": ""}, {"extra": 1}):
        bad = account.client.post("/api/automations/advice", json=body, headers=account.csrf())
        assert bad.status_code == 422 and bad.json()["code"] == "validation_failed"
