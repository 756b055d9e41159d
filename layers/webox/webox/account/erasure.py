"""Account deletion steps: one feature's delete hook, the account's settings, every table keyed by the
user, every file under the user's folders, and last the user item with its identities.

Each step is safe to replay (what is gone is not found again), and runs its deletion through
`ctx.once`: a step that crashed after its hook finished does not call it again (a vendor is asked
to delete a subscription or a cloned voice once)."""

from __future__ import annotations

from typing import Any

from webox import storage
from webox.account import plans, repository
from webox.auth import accounts, throttle
from webox.auth import repository as auth_repository
from webox.logging import get_logger
from webox.tasks.kinds import StepContext, StepResult

logger = get_logger()


def _feature(name: str, user_id: str) -> Any:
    delete_data = dict(plans.feature_hooks())[name].delete_data()
    result = delete_data(user_id) if delete_data is not None else None
    return result if isinstance(result, int) else None


def _tables(user_id: str) -> int:
    count = 0
    for model, query in repository.user_tables():
        items = repository.user_items(query, user_id)
        if items:
            repository.delete_items(model, items)
            count += len(items)
    return count


def _files(user_id: str) -> int:
    count = 0
    for logical, keys in repository.user_object_keys(user_id).items():
        storage.delete(logical, keys)
        count += len(keys)
    return count


def _user(user_id: str) -> int:
    user = auth_repository.get_user(user_id)
    if user is None:
        return 0
    throttle.forget_account(user.id, user.email)
    accounts.delete_account(user)
    return 1


def _delete(part: dict[str, Any], user_id: str) -> Any:
    kind = part.get("part")
    if kind == "feature":
        return _feature(str(part["feature"]), user_id)
    if kind == "settings":
        repository.delete_user_data(user_id)
        return None
    if kind == "tables":
        return _tables(user_id)
    if kind == "files":
        return _files(user_id)
    return _user(user_id)


def run_part(ctx: StepContext) -> StepResult:
    """Delete one part of an account's data (only in a task of the deletion owner, which no user can
    start: the account to delete is named by the step's input)."""
    user_id = plans.deletion_user(ctx)
    deleted = ctx.once("delete", lambda: {"deleted": _delete(ctx.input, user_id)})
    logger.info("account data deleted", extra={"user_id": user_id, "step": ctx.step_id})
    return StepResult(output=deleted)
