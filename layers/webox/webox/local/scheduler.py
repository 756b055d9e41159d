"""Fires the manifest's EventBridge schedules (`rate(...)`, `cron(...)`) at the same handlers, and the
EventBridge Scheduler schedules functions create at run time (moto stores them but never fires them):
`UserSchedules` reads them from the embedded AWS and sends their SQS targets' input on time."""

from __future__ import annotations

import threading
import uuid
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

from webox import manifest
from webox.config import get_settings
from webox.local import changes, lambdas
from webox.logging import get_logger
from webox.manifest import Function, Schedule
from webox.tasks.expressions import AT_EXPRESSION, due_time, next_fire


def scheduled_event(schedule: Schedule, at: datetime) -> dict[str, Any]:
    """The event EventBridge sends a target on a schedule."""
    region = get_settings().region
    return {
        "version": "0",
        "id": str(uuid.uuid4()),
        "detail-type": "Scheduled Event",
        "source": "aws.events",
        "account": "000000000000",
        "time": at.strftime("%Y-%m-%dT%H:%M:%SZ"),
        "region": region,
        "resources": [f"arn:aws:events:{region}:000000000000:rule/{schedule.name}"],
        "detail": {},
    }


class Scheduler:
    """One thread that sleeps until the next schedule is due and invokes its function."""

    def __init__(
        self,
        entries: list[tuple[Function, Schedule]] | None = None,
        invoke: Callable[[Function, dict[str, Any]], Any] = lambdas.invoke,
    ) -> None:
        self.entries = (
            entries if entries is not None else [(f, s) for f in manifest.FUNCTIONS for s in f.schedules]
        )
        self.invoke = invoke
        self.fired = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="scheduler", daemon=True)

    def start(self) -> None:
        if self.entries:
            self._thread.start()

    def halt(self) -> None:
        """Ask the thread to stop after what it is doing (`stop` waits for it)."""
        self._stop.set()

    def stop(self) -> None:
        self.halt()
        if self._thread.is_alive():
            self._thread.join(timeout=5)

    @property
    def alive(self) -> bool:
        return self._thread.is_alive() or not self.entries

    def _run(self) -> None:
        now = datetime.now(UTC)
        due = {i: next_fire(s.expression, now) for i, (_f, s) in enumerate(self.entries)}
        while not self._stop.is_set():
            index = min(due, key=lambda i: due[i])
            wait = (due[index] - datetime.now(UTC)).total_seconds()
            if wait > 0 and self._stop.wait(min(wait, 1.0)):
                break
            if wait > 0:
                continue
            function, schedule = self.entries[index]
            try:
                self.invoke(function, scheduled_event(schedule, due[index]))
                self.fired += 1
            except Exception:
                get_logger().exception("scheduled run failed", extra={"schedule": schedule.name})
            due[index] = next_fire(schedule.expression, datetime.now(UTC))


# --- EventBridge Scheduler -------------------------------------------------------------------------

# The stored schedules are read again when one is saved or deleted (`webox.local.changes`), when the
# next one is due, and at least this often.
IDLE_MAX_S = 2.0


class UserSchedules:
    """Fires the schedules of the manifest's Scheduler groups: each is read from the embedded AWS,
    and when due its target (an SQS queue) receives its input, with the FIFO group it names; a
    one-time schedule that asks for it is then deleted, as Scheduler does."""

    def __init__(self, groups: tuple[str, ...] | None = None) -> None:
        from webox.config import resource_name

        self.groups = [resource_name(g) for g in (manifest.SCHEDULE_GROUPS if groups is None else groups)]
        self.fired = 0
        self._next: dict[tuple[str, str], tuple[str, datetime | None]] = {}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="user-schedules", daemon=True)

    def start(self) -> None:
        if self.groups:
            self._thread.start()

    def halt(self) -> None:
        """Ask the thread to stop after what it is doing (`stop` waits for it)."""
        self._stop.set()

    def stop(self) -> None:
        self.halt()
        if self._thread.is_alive():
            self._thread.join(timeout=5)

    @property
    def alive(self) -> bool:
        return self._thread.is_alive() or not self.groups

    def _run(self) -> None:
        seen = -1
        while not self._stop.is_set():
            try:
                self.fire_due(datetime.now(UTC))
                seen = changes.wait("scheduler", seen, self._until_next(datetime.now(UTC)))
            except Exception:
                get_logger().exception("user schedules failed")
                self._stop.wait(1)

    def _until_next(self, now: datetime) -> float:
        """Seconds until the next known schedule is due (at most `IDLE_MAX_S`)."""
        due = [d for _version, d in self._next.values() if d is not None]
        return max(0.0, min([IDLE_MAX_S, *((d - now).total_seconds() for d in due)]))

    def fire_due(self, now: datetime) -> int:
        """Fire every schedule due at `now`; returns how many fired."""
        from webox.aws import client

        scheduler, fired = client("scheduler"), 0
        listed_keys: set[tuple[str, str]] = set()
        for group in self.groups:
            listed = scheduler.list_schedules(GroupName=group, State="ENABLED").get("Schedules", [])
            for summary in listed:
                key = (group, summary["Name"])
                listed_keys.add(key)
                version = str(summary.get("LastModificationDate"))
                known = self._next.get(key)
                if known is None or known[0] != version:
                    schedule = scheduler.get_schedule(GroupName=group, Name=summary["Name"])
                    created = schedule.get("CreationDate") or now
                    since = (
                        created.astimezone(UTC) - timedelta(seconds=1)
                        if isinstance(created, datetime)
                        else now
                    )
                    known = (
                        version,
                        due_time(
                            schedule["ScheduleExpression"],
                            schedule.get("ScheduleExpressionTimezone", "UTC"),
                            since,
                        ),
                    )
                    self._next[key] = known
                due = known[1]
                if due is None or due > now:
                    continue
                schedule = scheduler.get_schedule(GroupName=group, Name=summary["Name"])
                self._send(schedule["Target"], due)
                fired += 1
                expression = schedule["ScheduleExpression"]
                if AT_EXPRESSION.match(expression):
                    self._next[key] = (version, None)
                    if schedule.get("ActionAfterCompletion") == "DELETE":
                        scheduler.delete_schedule(GroupName=group, Name=summary["Name"])
                        del self._next[key]
                else:
                    timezone = schedule.get("ScheduleExpressionTimezone", "UTC")
                    self._next[key] = (version, next_fire(expression, due, timezone))
        self._next = {
            key: known for key, known in self._next.items() if key in listed_keys
        }  # deleted ones go
        self.fired += fired
        return fired

    def _send(self, target: dict[str, Any], due: datetime) -> None:
        """Send the target's input, with Scheduler's context attributes filled in."""
        from webox.aws import client

        arn = str(target["Arn"])
        if not arn.startswith("arn:aws:sqs:"):
            raise ValueError(f"Only SQS targets are fired locally, not {arn}")
        sqs = client("sqs")
        url = sqs.get_queue_url(QueueName=arn.rsplit(":", 1)[1])["QueueUrl"]
        extra: dict[str, Any] = {}
        group = (target.get("SqsParameters") or {}).get("MessageGroupId")
        if group:
            extra["MessageGroupId"] = group
        body = (
            (target.get("Input") or "{}")
            .replace("<aws.scheduler.scheduled-time>", due.strftime("%Y-%m-%dT%H:%M:%SZ"))
            .replace("<aws.scheduler.execution-id>", str(uuid.uuid4()))
        )
        sqs.send_message(QueueUrl=url, MessageBody=body, **extra)
