"""Account export and deletion as tasks of the engine (`webox.tasks`): their kinds, queue, first step
and files.

A request starts a task of one step, which adds the real plan when it runs (`account.plans`, in the
account's worker): the request's function then reads no feature's declaration, so it is neither
charged with nor loads what the features' hooks reach. Their steps run on a queue of their own
(`tasks.jobs.KIND_QUEUES` routes both kinds to it), consumed by the account worker alone: it holds the
grants on every feature's tables and buckets, the engine's generic worker does not.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from webox.tasks.schemas import TaskCreate

EXPORT_TASK = "account_export"
DELETION_TASK = "account_deletion"
QUEUE = "account"  # the account worker's FIFO queue
EXPORT_PLAN = "account.export_plan"
DELETE_PLAN = "account.delete_plan"
EXPORT_PART = "account.export_part"
EXPORT_ARCHIVE = "account.export_archive"
DELETE_PART = "account.delete_part"
# The owner of every deletion task: the account's own partitions are emptied by the task, and no user
# can start a task under this name (the tasks API starts them under the caller's id), so a deletion
# step trusts the `user_id` of its input only under this owner.
DELETION_OWNER = "account-deletion"
BUCKET = "files"  # where archives and their parts are written (`account-export/`, expired after a day)
ARCHIVE_NAME = "webox-export.zip"


def folder(user_id: str, task_id: str) -> str:
    """Where one export's parts and archive live."""
    # imported here: the account's declaration reads `QUEUE` without loading the storage's SDK
    from webox.storage import ACCOUNT_EXPORTS_FOLDER

    return f"{ACCOUNT_EXPORTS_FOLDER}/{user_id}/{task_id}"


def part_key(user_id: str, task_id: str, step_id: str) -> str:
    return f"{folder(user_id, task_id)}/parts/{step_id}.zip"


def archive_key(user_id: str, task_id: str) -> str:
    return f"{folder(user_id, task_id)}/{ARCHIVE_NAME}"


def export_task() -> TaskCreate:
    """An export as the engine first sees it: one step that adds the parts (`plans.export_steps`)."""
    # imported here (and below): the task schemas are only starting an export's or a deletion's need,
    # not the other requests of the API this module serves
    from webox.tasks.schemas import StepSpec, TaskCreate

    return TaskCreate(kind=EXPORT_TASK, title="Export", plan=[StepSpec(id="plan", kind=EXPORT_PLAN)])


def deletion_task(user_id: str) -> TaskCreate:
    """A deletion as the engine first sees it: one step that adds the chain (`plans.deletion_steps`)."""
    from webox.tasks.schemas import StepSpec, TaskCreate

    step = StepSpec(id="plan", kind=DELETE_PLAN, input={"user_id": user_id})
    return TaskCreate(kind=DELETION_TASK, title="Deletion", plan=[step])
