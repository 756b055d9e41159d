"""Templates: each installs in one click once its accounts are connected, and runs green against the
fake Connect: its trigger fires (or its schedule is due), the workflow run succeeds and the expected
Pipedream action is called with the AI's text."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pytest
from webox.local.scheduler import UserSchedules
from webox.tasks.jobs import SCHEDULE_GROUP
from webox.testing.pipedream import FakeConnect

from tests.accounts import Account
from tests.automations.conftest import connect_app, wait_task
from tests.waiting import wait_for


def install(account: Account, template_id: str, **body: Any) -> httpx.Response:
    return account.client.post(
        f"/api/automations/templates/{template_id}/install", json=body, headers=account.csrf()
    )


def emit(fake_url: str, fake: FakeConnect, key: str, event: dict[str, Any]) -> None:
    (trigger_id,) = [t.id for t in fake.triggers.values() if t.key == key]
    answer = httpx.post(f"{fake_url}/_fake/deployed-triggers/{trigger_id}/emit", json={"event": event})
    assert answer.status_code == 200 and answer.json()["status"] == 202, answer.text


def workflow_run(account: Account, workflow_id: str) -> dict[str, Any]:
    """The workflow's one run, once finished (the automation's task starts it)."""

    def finished() -> dict[str, Any] | None:
        runs = account.client.get(f"/api/workflows/{workflow_id}/runs").json()["items"]
        done = [r for r in runs if r["status"] in ("succeeded", "failed", "cancelled")]
        return done[0] if done else None

    return dict(wait_for(finished, timeout=30, what="the workflow run"))


def runs_of(fake: FakeConnect, key: str) -> list[dict[str, Any]]:
    return [r for r in fake.runs if r["id"] == key]


CASES = [
    (
        "gmail-summary",
        ["gmail", "slack"],
        "gmail-new-email-received",
        {"subject": "Devis", "from": "client@example.com", "text": "Pouvez-vous m'envoyer un devis ?"},
        "slack-send-message",
    ),
    (
        "form-lead",
        ["google_forms", "google_sheets"],
        "google_forms-new-form-answer",
        {"answers": {"nom": "Durand", "budget": "20 000 €"}},
        "google_sheets-add-single-row",
    ),
    (
        "calendar-brief",
        ["google_calendar", "gmail"],
        "google_calendar-upcoming-event-alert",
        {"summary": "Point client", "attendees": ["a@example.com"]},
        "gmail-send-email",
    ),
    (
        "stripe-thanks",
        ["stripe", "gmail"],
        "stripe-new-payment",
        {"amount": 4900, "currency": "eur", "receipt_email": "claire@example.com"},
        "gmail-send-email",
    ),
]


class TestCatalogue:
    def test_six_templates_in_french_and_english(self, create_account: Callable[..., Account]) -> None:
        marie = create_account()
        fr = marie.client.get("/api/automations/templates", params={"lang": "fr"}).json()["items"]
        en = marie.client.get("/api/automations/templates", params={"lang": "en"}).json()["items"]
        assert [t["template_id"] for t in fr] == [t["template_id"] for t in en]
        assert len(fr) == 6 and all(f["title"] != e["title"] for f, e in zip(fr, en, strict=True))
        brief = next(t for t in fr if t["template_id"] == "calendar-brief")
        assert {"name": "to", "label": "Envoyer à", "default": marie.email} in brief["settings"]


class TestInstall:
    @pytest.mark.parametrize(("template_id", "apps", "trigger", "event", "action"), CASES)
    def test_install_fire_and_the_action_is_called(
        self,
        create_account: Callable[..., Account],
        fake: FakeConnect,
        fake_url: str,
        template_id: str,
        apps: list[str],
        trigger: str,
        event: dict[str, Any],
        action: str,
    ) -> None:
        marie = create_account()
        accounts = {app: connect_app(marie, app) for app in apps}
        installed = install(marie, template_id, lang="fr")
        assert installed.status_code == 201, installed.text
        assert installed.json()["hook_id"] and installed.json()["schedule_id"] is None
        emit(fake_url, fake, trigger, event)
        run = workflow_run(marie, installed.json()["workflow_id"])
        assert run["status"] == "succeeded", run
        (called,) = runs_of(fake, action)
        action_app = action.split("-")[0]
        assert called["configured_props"][action_app] == {"authProvisionId": accounts[action_app]}
        answer = next(n for n in run["nodes"] if n["node"] == "answer")["output"]["text"]
        given = [
            v
            for value in called["configured_props"].values()
            for v in (value if isinstance(value, list) else [value])
        ]
        assert answer and answer in given

    def test_stripe_thanks_writes_to_the_customer(
        self, create_account: Callable[..., Account], fake: FakeConnect, fake_url: str
    ) -> None:
        marie = create_account()
        for app in ("stripe", "gmail"):
            connect_app(marie, app)
        workflow_id = install(marie, "stripe-thanks", lang="en").json()["workflow_id"]
        emit(fake_url, fake, "stripe-new-payment", {"amount": 900, "receipt_email": "jo@example.com"})
        assert workflow_run(marie, workflow_id)["status"] == "succeeded"
        (mail,) = runs_of(fake, "gmail-send-email")
        assert mail["configured_props"]["to"] == ["jo@example.com"]
        assert mail["configured_props"]["subject"] == "Thank you for your payment"

    def test_rss_needs_no_account_and_writes_a_draft(
        self, create_account: Callable[..., Account], fake: FakeConnect, fake_url: str
    ) -> None:
        marie = create_account()
        installed = install(marie, "rss-blog", settings={"feed": "https://blog.example.com/rss"})
        assert installed.status_code == 201, installed.text
        deployed = next(iter(fake.triggers.values()))
        assert deployed.configured_props == {"urls": ["https://blog.example.com/rss"]}
        emit(fake_url, fake, "rss-new-item-in-feed", {"title": "Le vélo en ville", "link": "https://x.fr/1"})
        run = workflow_run(marie, installed.json()["workflow_id"])
        assert run["status"] == "succeeded"
        draft = next(n for n in run["nodes"] if n["node"] == "result")["output"]["text"]
        assert draft.strip()

    def test_the_daily_digest_posts_the_finished_tasks_on_slack(
        self, create_account: Callable[..., Account], fake: FakeConnect
    ) -> None:
        marie = create_account()
        connect_app(marie, "slack")
        done = marie.client.post(
            "/api/tasks",
            json={"title": "Rapport trimestriel", "plan": [{"id": "s1", "kind": "noop"}]},
            headers=marie.csrf(),
        )
        wait_task(marie, done.json()["task_id"])
        installed = install(marie, "slack-digest", settings={"channel": "#bilan"})
        assert installed.status_code == 201, installed.text
        listed = marie.client.get("/api/automations/schedules").json()["items"]
        assert [s["schedule_id"] for s in listed] == [installed.json()["schedule_id"]]
        # Given the schedule is due (tomorrow 18:00 at the latest), the local Scheduler fires it.
        UserSchedules((SCHEDULE_GROUP,)).fire_due(datetime.now(UTC) + timedelta(days=1, minutes=1))
        run = workflow_run(marie, installed.json()["workflow_id"])
        assert run["status"] == "succeeded"
        inputs = next(n for n in run["nodes"] if n["node"] == "input")["output"]["values"]
        assert "Rapport trimestriel" in inputs["tasks"]
        (posted,) = runs_of(fake, "slack-send-message")
        assert posted["configured_props"]["channel"] == "#bilan"


class TestRefusals:
    def test_an_account_missing_is_named(self, create_account: Callable[..., Account]) -> None:
        marie = create_account()
        connect_app(marie, "gmail")
        refused = install(marie, "gmail-summary")
        assert refused.status_code == 409
        assert refused.json()["code"] == "automations.account_required" and refused.json()["app"] == "slack"
        assert marie.client.get("/api/workflows").json()["items"] == []

    def test_another_users_account_and_an_unknown_template_are_not_found(
        self, create_account: Callable[..., Account]
    ) -> None:
        marie, paul = create_account(), create_account()
        pauls = connect_app(paul, "slack")
        connect_app(marie, "gmail")
        assert install(marie, "gmail-summary", accounts={"slack": pauls}).status_code == 404
        assert install(marie, "no-such-template").json()["code"] == "automations.template_not_found"
