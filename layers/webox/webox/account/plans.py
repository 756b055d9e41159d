"""The plans of account export and deletion, added by their first step (`Expand`) in the account worker.

Both have one step per feature's user-data hook, so no delivery nears a Lambda's limits and a crash
replays one feature. An export's parts each write one zip to S3 and run side by side; its last step
joins them. A deletion's steps run one after the other (billing first: it cancels at Stripe while it
still knows the subscription), then the account's settings, the sweep of every table and bucket, and
last the user item itself.
"""

from __future__ import annotations

from typing import Any

from webox import manifest
from webox.account import jobs
from webox.platform import UserDataHooks
from webox.tasks.errors import StepFailed
from webox.tasks.kinds import Expand, StepContext
from webox.tasks.schemas import StepSpec

# Done in the request itself, before the task starts: closing the account's sockets.
IN_REQUEST = frozenset({"realtime"})


def feature_hooks() -> list[tuple[str, UserDataHooks]]:
    """Each feature that declares user-data hooks, with them (billing first, then by name)."""
    declared = {d.name: d.hooks for d in manifest.DECLARATIONS if d.hooks.declared()}
    ordered = sorted(declared, key=lambda name: (name != "billing", name))
    return [(name, declared[name]) for name in ordered]


def export_steps() -> list[StepSpec]:
    """The account, each feature with export hooks, every table and every bucket: one part each, then
    the archive."""
    parts: list[dict[str, Any]] = [{"part": "account"}]
    parts += [
        {"part": "feature", "feature": name}
        for name, hooks in feature_hooks()
        if hooks.export or hooks.export_files
    ]
    parts += [{"part": "tables"}]
    parts += [{"part": "files", "bucket": bucket} for bucket in manifest.BUCKETS]
    steps = [StepSpec(id=_step_id(part), kind=jobs.EXPORT_PART, input=part) for part in parts]
    archive = StepSpec(id="archive", kind=jobs.EXPORT_ARCHIVE, after=[step.id for step in steps])
    return [*steps, archive]


def deletion_steps(user_id: str) -> list[StepSpec]:
    """Each feature's delete hook, the account's settings, every table, every bucket, the user: a chain."""
    parts: list[dict[str, Any]] = [
        {"part": "feature", "feature": name}
        for name, hooks in feature_hooks()
        if hooks.delete and name not in IN_REQUEST
    ]
    parts += [{"part": "settings"}, {"part": "tables"}, {"part": "files"}, {"part": "user"}]
    steps: list[StepSpec] = []
    for part in parts:
        after = [steps[-1].id] if steps else []
        step_input = {**part, "user_id": user_id}
        steps.append(StepSpec(id=_step_id(part), kind=jobs.DELETE_PART, input=step_input, after=after))
    return steps


def _step_id(part: dict[str, Any]) -> str:
    if part["part"] == "feature":
        return f"f-{part['feature']}"
    if "bucket" in part:
        return f"b-{part['bucket']}"
    return str(part["part"])


def deletion_user(ctx: StepContext) -> str:
    """The account a deletion step deletes: named by its input, trusted only in a task of the deletion
    owner (no user can start one)."""
    user_id = ctx.input.get("user_id")
    if ctx.user_id != jobs.DELETION_OWNER or not isinstance(user_id, str) or not user_id:
        raise StepFailed("account.not_a_deletion", "Only an account deletion deletes an account's data")
    return user_id


def plan_export(ctx: StepContext) -> Expand:
    """Add the export's parts and archive to its task."""
    return Expand(steps=export_steps())


def plan_deletion(ctx: StepContext) -> Expand:
    """Add the deletion's chain to its task."""
    return Expand(steps=deletion_steps(deletion_user(ctx)))
