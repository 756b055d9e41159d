"""Schedules of automations: next fire times in Europe/Paris, pause and resume (the Scheduler
schedule's state), delete, the plan's limit, and a one-time schedule that runs and mails its answer."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from webox.aws import client
from webox.tasks import schedules as engine_schedules

from tests.accounts import Account
from tests.automations.conftest import wait_task
from tests.waiting import wait_for

PROMPT = {"kind": "prompt_mail", "prompt": "Trois idées de titres pour un article sur le pain."}


def create(account: Account, **body: Any) -> Any:
    return account.client.post(
        "/api/automations/schedules",
        json={"label": "Idées", "target": PROMPT, **body},
        headers=account.csrf(),
    )


def scheduler_state(schedule_id: str) -> str:
    found = client("scheduler").get_schedule(
        GroupName=engine_schedules.group_name(), Name=engine_schedules.user_schedule_name(schedule_id)
    )
    return str(found["State"])


class TestSchedules:
    def test_every_weekday_at_eight_fires_next_on_a_weekday_at_eight_in_paris(
        self, create_account: Callable[..., Account]
    ) -> None:
        marie = create_account()
        answer = create(marie, every="weekday", time="08:00")
        assert answer.status_code == 201, answer.text
        schedule = answer.json()
        assert schedule["expression"] == "cron(0 8 ? * MON-FRI *)" and schedule["timezone"] == "Europe/Paris"
        fire = datetime.fromisoformat(schedule["next_fire_at"]).astimezone(ZoneInfo("Europe/Paris"))
        assert (fire.hour, fire.minute) == (8, 0) and fire.isoweekday() <= 5
        assert fire > datetime.now(UTC)

    def test_pause_resume_and_delete(self, create_account: Callable[..., Account]) -> None:
        marie, paul = create_account(), create_account()
        schedule_id = create(marie, every="day", time="09:30").json()["schedule_id"]
        paused = marie.client.post(f"/api/automations/schedules/{schedule_id}/pause", headers=marie.csrf())
        assert paused.json()["paused"] is True and paused.json()["next_fire_at"] is None
        assert scheduler_state(schedule_id) == "DISABLED"
        assert (
            paul.client.post(
                f"/api/automations/schedules/{schedule_id}/resume", headers=paul.csrf()
            ).status_code
            == 404
        )
        resumed = marie.client.post(f"/api/automations/schedules/{schedule_id}/resume", headers=marie.csrf())
        assert resumed.json()["paused"] is False and scheduler_state(schedule_id) == "ENABLED"
        assert (
            marie.client.delete(f"/api/automations/schedules/{schedule_id}", headers=marie.csrf()).status_code
            == 204
        )
        assert marie.client.get("/api/automations/schedules").json()["items"] == []

    def test_the_free_plan_keeps_three_schedules(self, create_account: Callable[..., Account]) -> None:
        marie = create_account()
        for hour in (7, 8, 9):
            assert create(marie, every="day", time=f"0{hour}:00").status_code == 201
        refused = create(marie, every="day", time="10:00")
        assert refused.status_code == 403 and refused.json()["code"] == "automations.schedule_limit"
        assert marie.client.get("/api/automations/schedules").json()["limit"] == 3

    def test_a_bad_when_is_refused(self, create_account: Callable[..., Account]) -> None:
        marie = create_account()
        assert create(marie, every="weekday").status_code == 422
        assert create(marie, every="day", time="25:00").status_code == 422
        assert create(marie, every="day", time="08:00", cron="0 8 * * ? *").status_code == 422

    def test_a_one_time_schedule_runs_and_mails_the_answer(
        self, create_account: Callable[..., Account], outbox: Callable[[], list[dict[str, str]]]
    ) -> None:
        marie = create_account()
        when = (datetime.now(ZoneInfo("Europe/Paris")) + timedelta(seconds=2)).replace(tzinfo=None)
        answer = create(marie, run_at=when.isoformat(timespec="seconds"))
        assert answer.status_code == 201, answer.text
        mails = wait_for(
            lambda: [m for m in outbox() if m.get("to") == marie.email and "Idées" in str(m)],
            timeout=30,
            what="the mailed answer",
        )
        assert len(mails) == 1
        task = wait_task(marie, marie.client.get("/api/tasks").json()["items"][0]["task_id"])
        assert task["status"] == "succeeded" and task["kind"] == "automation"
