"""Tool calls that wait for the owner's approval (`http_request`, `send_email`).

The owner's side (the run page, the e-mailed link) is here; the `agent.tool` step kind, which runs
an approved call and e-mails the link, is `webox.agents.tool_steps`. When the model calls one, its
`agent.run` step ends paused and adds to the task an `agent.tool` step
per such call (`needs_approval`: the task waits in `waiting_approval`), then a continuation
`agent.run` step after them that resumes the conversation (`webox.agents.steps`). As an `agent.tool`
step starts waiting, the owner gets an e-mail with the task engine's signed approval link, opened on
the SPA's `/agents/approve` page. Approving runs the call once (`ctx.once`); refusing gives the step
the output `{"refused": true}` instead (an approval with an edited output, so the run goes on): the
continuation tells the model the call was refused. Rejecting through the generic tasks API still
cancels the whole run, as for any task.
"""

from __future__ import annotations

from typing import Any

from webox.agents.errors import NotAToolCall
from webox.tasks.errors import ApprovalLinkInvalid
from webox.tasks.schemas import ApprovalRequest, TaskDetail

KIND = "agent.tool"
REFUSED: dict[str, Any] = {"refused": True}


def _decide(user_id: str, task_id: str, step_id: str, decision: str) -> TaskDetail:
    from webox.tasks import service as tasks_service

    if decision == "approve":
        return tasks_service.decide(user_id, task_id, step_id, "approve")
    return tasks_service.decide(user_id, task_id, step_id, "approve", REFUSED)


def decide(user_id: str, task_id: str, step_id: str, decision: str) -> TaskDetail:
    """The owner approves (the call runs once) or refuses (the model is told) a waiting tool call."""
    from webox.tasks import service as tasks_service

    steps = {s.step_id: s for s in tasks_service.get_task(user_id, task_id).steps}
    step = steps.get(step_id)
    if step is None or step.kind != KIND or step.status != "waiting_approval":
        raise NotAToolCall()
    return _decide(user_id, task_id, step_id, decision)


def link_request(token: str) -> ApprovalRequest:
    """What an e-mailed link decides on (reading it does not use it)."""
    from webox.tasks import service as tasks_service

    request = tasks_service.approval_request(token)
    if request.kind != KIND:
        raise ApprovalLinkInvalid()
    return request


def decide_by_link(token: str, decision: str) -> TaskDetail:
    """Use an e-mailed link once: approve or refuse the call it names."""
    from webox.tasks import service as tasks_service

    link_request(token)
    output = REFUSED if decision == "reject" else None
    if output is None:
        return tasks_service.decide_by_link(token, "approve")
    return tasks_service.decide_by_link(token, "approve", output)
