"""A user's data, from the request's side: start an export or a deletion on the task engine, and
hand out a finished export. The steps themselves run in the account worker (`account.steps`)."""

from __future__ import annotations

from webox import storage
from webox.account import jobs
from webox.account.errors import ExportNotFound, ExportNotReady
from webox.account.schemas import ExportStarted
from webox.auth import repository as auth_repository
from webox.auth.api_tokens import revoke_all_api_tokens
from webox.auth.models import User
from webox.auth.two_factor import reauthenticate
from webox.logging import get_logger
from webox.realtime import service as sockets
from webox.tasks import repository as tasks_repository

logger = get_logger()


def start_export(user_id: str) -> ExportStarted:
    """Start an export of everything the user has (a zip written to S3, then a link by e-mail)."""
    # imported here (and below): the task engine is only starting an export's or a deletion's need
    from webox.tasks import service as tasks_service

    task = tasks_service.submit(user_id, jobs.export_task())
    return ExportStarted(task_id=task.task_id, status=task.status)


def export_url(user_id: str, task_id: str) -> str:
    """A five-minute download link of the user's finished export (404 for another's or none)."""
    task = tasks_repository.find(user_id, task_id)
    if task is None or task.kind != jobs.EXPORT_TASK:
        raise ExportNotFound()
    if task.status != "succeeded":
        raise ExportNotReady(f"The export is {task.status}")
    return storage.download_url(jobs.BUCKET, jobs.archive_key(user_id, task_id), filename=jobs.ARCHIVE_NAME)


def start_deletion(user: User, password: str, code: str | None) -> str:
    """After re-authentication, make the account unusable at once (disabled, every session and API
    token gone, its sockets closed) and start the task that deletes its data; returns the task id."""
    from webox.tasks import service as tasks_service

    reauthenticate(user, password, code)
    auth_repository.bump_token_version(user, disabled=True)
    auth_repository.delete_sessions(user.id)
    revoke_all_api_tokens(user.id)
    sockets.close_for_user(user.id)
    task = tasks_service.submit(jobs.DELETION_OWNER, jobs.deletion_task(user.id))
    logger.info("account deletion started", extra={"user_id": user.id, "task_id": task.task_id})
    return task.task_id
