"""The troubleshooter (`POST /api/automations/diagnoses`): a failed run gets, for each failed step, the
fix its error code calls for and a model's plain-language explanation, as a task of kind `diagnosis`;
another user's run is 404, a run that did not fail 409."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from webox.automations.diagnosis import fix_for

from tests.accounts import Account
from tests.automations.conftest import wait_task

FAILING = [
    {"id": "draft", "kind": "noop", "input": {"text": "v1"}},
    {"id": "send", "kind": "pipedream.action", "input": {"props": {}}, "after": ["draft"]},
]


def _run(account: Account, plan: list[dict[str, Any]]) -> dict[str, Any]:
    created = account.client.post(
        "/api/tasks", json={"title": "Envoi Slack", "plan": plan}, headers=account.csrf()
    )
    assert created.status_code == 201, created.text
    return wait_task(account, created.json()["task_id"])


def _diagnose(account: Account, task_id: str, **extra: Any) -> Any:
    return account.client.post(
        "/api/automations/diagnoses", json={"task_id": task_id, **extra}, headers=account.csrf()
    )


@pytest.mark.parametrize(
    ("code", "action"),
    [
        ("tasks.budget_exceeded", "raise_budget"),
        ("quota_exceeded", "upgrade_plan"),
        ("rate_limited", "wait"),
        ("automations.account_unhealthy", "reconnect_account"),
        ("automations.invalid_props", "edit_input"),
        ("model_not_in_plan", "change_model"),
        ("agents.host_not_allowed", "edit_input"),
        ("upstream_error", "retry"),
    ],
)
def test_each_error_code_gets_its_fix(code: str, action: str) -> None:
    assert fix_for(code).action == action
    assert fix_for(code).fr and fix_for(code).en


def test_a_failed_run_is_explained_with_a_fix_per_failed_step(
    create_account: Callable[..., Account], simulators: dict[str, Any]
) -> None:
    account = create_account()
    failed = _run(account, FAILING)
    assert failed["status"] == "failed", failed

    started = _diagnose(account, failed["task_id"], lang="en")
    assert started.status_code == 202, started.text
    diagnosis = wait_task(account, started.json()["task_id"])

    assert diagnosis["status"] == "succeeded", diagnosis
    assert diagnosis["kind"] == "diagnosis" and diagnosis["title"] == "Diagnosis: Envoi Slack"
    output = diagnosis["steps"][0]["output"]
    assert output["task_id"] == failed["task_id"] and output["explanation"]
    assert output["fixes"] == [
        {
            "step_id": "send",
            "code": "automations.invalid_props",
            "action": "edit_input",
            "advice": fix_for("automations.invalid_props").en,
        }
    ]
    assert diagnosis["cost_micro_usd"] >= 0 and diagnosis["steps"][0]["tokens_out"] > 0


def test_another_users_run_is_404_and_a_run_that_did_not_fail_409(
    create_account: Callable[..., Account],
) -> None:
    owner, stranger = create_account(), create_account()
    failed = _run(owner, FAILING)
    finished = _run(owner, FAILING[:1])
    assert finished["status"] == "succeeded"

    refused = _diagnose(stranger, failed["task_id"])
    assert refused.status_code == 404 and refused.json()["code"] == "tasks.not_found"
    not_failed = _diagnose(owner, finished["task_id"])
    assert not_failed.status_code == 409 and not_failed.json()["code"] == "automations.nothing_to_diagnose"
    unknown_model = _diagnose(owner, failed["task_id"], model="no-such-model")
    assert unknown_model.status_code in (404, 422), unknown_model.text
    for body in ({"task_id": "x"}, {"task_id": failed["task_id"], "lang": "de"}, {}):
        bad = owner.client.post("/api/automations/diagnoses", json=body, headers=owner.csrf())
        assert bad.status_code == 422 and bad.json()["code"] == "validation_failed"
