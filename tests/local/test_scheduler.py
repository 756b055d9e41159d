"""EventBridge schedule expressions and the local scheduler thread."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from webox.local import scheduler as scheduler_module
from webox.local.scheduler import Scheduler, next_fire, scheduled_event
from webox.manifest import Function, Schedule

NOON = datetime(2026, 11, 24, 12, 0, 30, tzinfo=UTC)  # a Tuesday


class TestExpressions:
    @pytest.mark.parametrize(
        ("expression", "expected"),
        [
            ("rate(5 minutes)", NOON + timedelta(minutes=5)),
            ("rate(1 hour)", NOON + timedelta(hours=1)),
            ("rate(2 days)", NOON + timedelta(days=2)),
            ("cron(0/15 * * * ? *)", datetime(2026, 11, 24, 12, 15, tzinfo=UTC)),
            ("cron(30 9 * * ? *)", datetime(2026, 11, 25, 9, 30, tzinfo=UTC)),
            ("cron(0 8 ? * 2 *)", datetime(2026, 11, 30, 8, 0, tzinfo=UTC)),  # 2 = Monday in EventBridge
            ("cron(0 0 1 1-3 ? *)", datetime(2027, 1, 1, 0, 0, tzinfo=UTC)),
        ],
    )
    def test_next_fire(self, expression: str, expected: datetime) -> None:
        assert next_fire(expression, NOON) == expected

    @pytest.mark.parametrize("expression", ["every 5 minutes", "cron(0 12 L * ? *)", "rate(0.5 minutes)"])
    def test_unsupported_expression_is_refused(self, expression: str) -> None:
        with pytest.raises(ValueError):
            next_fire(expression, NOON)


class TestScheduler:
    def test_fires_the_function_with_an_eventbridge_event(self, monkeypatch: pytest.MonkeyPatch) -> None:
        monkeypatch.setattr(
            scheduler_module, "next_fire", lambda expr, after: after + timedelta(milliseconds=50)
        )
        fired = threading.Event()
        events: list[dict[str, Any]] = []

        def invoke(function: Function, event: dict[str, Any]) -> None:
            events.append(event)
            fired.set()

        digest = Schedule("daily-digest", "rate(1 day)")
        scheduler = Scheduler([(Function(feature="digest", module="jobs"), digest)], invoke=invoke)
        scheduler.start()
        try:
            assert fired.wait(3)
        finally:
            scheduler.stop()
        assert events[0]["detail-type"] == "Scheduled Event" and events[0]["source"] == "aws.events"
        assert events[0]["resources"][0].endswith("rule/daily-digest")

    def test_event_shape(self) -> None:
        event = scheduled_event(Schedule("s", "rate(1 day)"), NOON)
        assert event["time"] == "2026-11-24T12:00:30Z" and event["detail"] == {}
