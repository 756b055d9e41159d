"""Waiting for a date: EventBridge Scheduler schedules, fired locally on time; cron across DST."""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from webox.aws import client
from webox.local.scheduler import due_time, next_fire
from webox.tasks import schedules

from tests.accounts import Account
from tests.tasks.conftest import start, wait_status


class TestWaitStep:
    def test_a_schedule_one_second_ahead_fires_within_one_second(
        self, create_account: Callable[..., Account]
    ) -> None:
        account = create_account()
        plan = [
            {"id": "wait", "kind": "wait", "input": {"seconds": 1}},
            {"id": "then", "kind": "noop", "after": ["wait"]},
        ]
        task = start(account, plan)
        waiting = wait_status(account, task["task_id"], ("waiting_schedule",), timeout=5)
        assert waiting["steps"][0]["status"] == "waiting_schedule"
        listed = client("scheduler").list_schedules(GroupName=schedules.group_name())["Schedules"]
        assert [s["Name"] for s in listed if s["Name"].startswith(f"t{task['task_id']}")]
        done = wait_status(account, task["task_id"], timeout=5)
        assert done["status"] == "succeeded"
        due = datetime.fromisoformat(waiting["steps"][0]["resume_at"])
        fires_at = datetime.fromtimestamp(math.ceil(due.timestamp()), UTC)  # `at()` counts in seconds
        resumed = datetime.fromisoformat(done["steps"][0]["finished_at"])
        assert 0 <= (resumed - fires_at).total_seconds() <= 1.0
        # A one-time schedule deletes itself once fired.
        listed = client("scheduler").list_schedules(GroupName=schedules.group_name())["Schedules"]
        assert not [s for s in listed if s["Name"].startswith(f"t{task['task_id']}")]


PARIS = "Europe/Paris"


class TestCron:
    @pytest.mark.parametrize(
        ("after", "expected"),
        [
            # Winter (UTC+1): 09:00 in Paris is 08:00 UTC.
            (datetime(2026, 3, 28, 12, 0, tzinfo=UTC), datetime(2026, 3, 29, 7, 0, tzinfo=UTC)),
            # 29 March 2026, 02:00 → 03:00: from then on 09:00 in Paris is 07:00 UTC.
            (datetime(2026, 3, 27, 12, 0, tzinfo=UTC), datetime(2026, 3, 28, 8, 0, tzinfo=UTC)),
            # 25 October 2026, back to winter time.
            (datetime(2026, 10, 24, 12, 0, tzinfo=UTC), datetime(2026, 10, 25, 8, 0, tzinfo=UTC)),
        ],
    )
    def test_nine_in_paris_stays_nine_across_the_change(self, after: datetime, expected: datetime) -> None:
        assert next_fire("cron(0 9 * * ? *)", after, PARIS) == expected

    def test_days_and_months_by_name(self) -> None:
        # Friday 27 March 2026, after 09:00 in Paris: the next weekday morning is Monday the 30th
        # (summer time by then: 07:00 UTC); "JAN-MAR" allows March, not April.
        after = datetime(2026, 3, 27, 12, 0, tzinfo=UTC)
        assert next_fire("cron(0 9 ? * MON-FRI *)", after, PARIS) == datetime(2026, 3, 30, 7, 0, tzinfo=UTC)
        assert next_fire("cron(0 9 ? JAN-MAR SAT *)", after, PARIS) == datetime(2026, 3, 28, 8, 0, tzinfo=UTC)
        assert next_fire("cron(0 9 ? jan-mar mon,wed *)", after, PARIS) == datetime(
            2026, 3, 30, 7, 0, tzinfo=UTC
        )

    def test_a_time_the_spring_change_skips_does_not_fire_that_day(self) -> None:
        # 02:30 does not exist in Paris on 29 March 2026.
        after = datetime(2026, 3, 28, 12, 0, tzinfo=UTC)
        assert next_fire("cron(30 2 * * ? *)", after, PARIS) == datetime(2026, 3, 30, 0, 30, tzinfo=UTC)

    def test_a_time_the_autumn_change_repeats_fires_once(self) -> None:
        # 02:30 happens twice in Paris on 25 October 2026: the first one (00:30 UTC) only.
        first = next_fire("cron(30 2 * * ? *)", datetime(2026, 10, 24, 12, 0, tzinfo=UTC), PARIS)
        assert first == datetime(2026, 10, 25, 0, 30, tzinfo=UTC)
        assert next_fire("cron(30 2 * * ? *)", first, PARIS) == datetime(2026, 10, 26, 1, 30, tzinfo=UTC)

    def test_a_one_time_schedule_reads_its_time_zone(self) -> None:
        after = datetime(2026, 7, 1, tzinfo=UTC)
        assert due_time("at(2026-07-14T10:00:00)", PARIS, after) == datetime(2026, 7, 14, 8, 0, tzinfo=UTC)
        assert due_time("at(2026-06-14T10:00:00)", PARIS, after) is None


class TestUserSchedules:
    def test_a_run_at_schedule_starts_its_task_once_then_goes(
        self, create_account: Callable[..., Account]
    ) -> None:
        account = create_account()
        soon = datetime.fromtimestamp(math.ceil(datetime.now(UTC).timestamp()) + 1, UTC)
        response = account.client.post(
            "/api/tasks/schedules",
            json={
                "run_at": soon.isoformat(),
                "task": {"kind": "automation", "plan": [{"id": "a", "kind": "noop"}]},
            },
            headers=account.csrf(),
        )
        assert response.status_code == 201, response.text
        schedule = response.json()
        assert schedule["timezone"] == "Europe/Paris"
        # 1 s ahead in UTC is the same instant as wall-clock time in Paris.
        paris = soon.astimezone(ZoneInfo(PARIS))
        assert schedule["expression"] == f"at({paris:%Y-%m-%dT%H:%M:%S})"
        deadline = time.monotonic() + 5
        started: list[dict[str, Any]] = []
        while not started and time.monotonic() < deadline:
            started = account.client.get("/api/tasks", params={"kind": "automation"}).json()["items"]
            time.sleep(0.05)
        assert len(started) == 1
        assert (datetime.fromisoformat(started[0]["created_at"]) - soon).total_seconds() <= 1.0
        assert wait_status(account, started[0]["task_id"])["status"] == "succeeded"
        time.sleep(0.3)
        assert len(account.client.get("/api/tasks", params={"kind": "automation"}).json()["items"]) == 1
        listed = client("scheduler").list_schedules(GroupName=schedules.group_name())["Schedules"]
        assert f"u{schedule['schedule_id']}" not in [s["Name"] for s in listed]

    def test_a_cron_schedule_is_kept_in_its_time_zone_and_can_be_stopped(
        self, create_account: Callable[..., Account]
    ) -> None:
        account = create_account()
        response = account.client.post(
            "/api/tasks/schedules",
            json={"cron": "0 9 ? * MON-FRI *", "task": {"plan": [{"id": "a", "kind": "noop"}]}},
            headers=account.csrf(),
        )
        assert response.status_code == 201, response.text
        schedule_id = response.json()["schedule_id"]
        stored = client("scheduler").get_schedule(GroupName=schedules.group_name(), Name=f"u{schedule_id}")
        assert stored["ScheduleExpression"] == "cron(0 9 ? * MON-FRI *)"
        assert stored["ScheduleExpressionTimezone"] == PARIS
        assert [s["schedule_id"] for s in account.client.get("/api/tasks/schedules").json()["items"]] == [
            schedule_id
        ]
        gone = account.client.delete(f"/api/tasks/schedules/{schedule_id}", headers=account.csrf())
        assert gone.status_code == 204
        listed = client("scheduler").list_schedules(GroupName=schedules.group_name())["Schedules"]
        assert f"u{schedule_id}" not in [s["Name"] for s in listed]
        again = account.client.delete(f"/api/tasks/schedules/{schedule_id}", headers=account.csrf())
        assert again.status_code == 404 and again.json()["code"] == "tasks.schedule_not_found"

    def test_a_schedule_needs_one_date_or_cron_and_a_real_time_zone(
        self, create_account: Callable[..., Account]
    ) -> None:
        account = create_account()
        task = {"plan": [{"id": "a", "kind": "noop"}]}
        for body in ({"task": task}, {"cron": "0 9 * * ? *", "timezone": "Mars/Olympus", "task": task}):
            response = account.client.post("/api/tasks/schedules", json=body, headers=account.csrf())
            assert response.status_code == 422 and response.json()["code"] == "validation_failed"

    def test_a_schedule_whose_item_went_removes_itself_when_it_fires(
        self, create_account: Callable[..., Account]
    ) -> None:
        from webox.tasks import repository, user_schedules
        from webox.tasks.jobs import Start

        account = create_account()
        response = account.client.post(
            "/api/tasks/schedules",
            json={"cron": "0 9 * * ? *", "task": {"plan": [{"id": "a", "kind": "noop"}]}},
            headers=account.csrf(),
        )
        schedule_id = response.json()["schedule_id"]
        stored = repository.find_schedule(account.id, schedule_id)
        assert stored is not None
        repository.delete_schedule(stored)  # as the account deletion's sweep does
        user_schedules.start_scheduled(
            Start(user_id=account.id, schedule_id=schedule_id, fire="2026-12-04T08:00:00Z")
        )
        listed = client("scheduler").list_schedules(GroupName=schedules.group_name())["Schedules"]
        assert f"u{schedule_id}" not in [s["Name"] for s in listed]
        assert account.client.get("/api/tasks").json()["items"] == []
