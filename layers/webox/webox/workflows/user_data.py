"""A deleted account's workflows go with it (their runs are tasks, deleted by the tasks feature)."""

from __future__ import annotations

from webox.marketplace import service as market
from webox.workflows import marketplace, repository
from webox.workflows.models import Workflow


def delete_user_data(user_id: str) -> None:
    """Every workflow of the user, its versions, run records and marketplace listing; then the
    user's votes (out of each workflow's rating) and reports on the workflows of others."""
    for workflow in Workflow.query(user_id):
        repository.delete(workflow)
    market.forget_user(marketplace.MARKET, user_id)
