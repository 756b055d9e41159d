"""A deleted account's workflows go with it (their runs are tasks, deleted by the tasks feature)."""

from __future__ import annotations

from webox.workflows import repository
from webox.workflows.models import Workflow


def delete_user_data(user_id: str) -> None:
    """Every workflow of the user, its versions, run records and marketplace listing."""
    for workflow in Workflow.query(user_id):
        repository.delete(workflow)
