"""The `agent.tool` step kind: one tool call waiting for its owner's approval (`webox.agents.approvals`).

As it starts waiting, the owner is e-mailed the task engine's signed approval link (the SPA's
`/agents/approve` page); once approved the call runs exactly once (`ctx.once`)."""

from __future__ import annotations

from typing import Any

from webox.agents import model_tools, tools
from webox.agents.approvals import KIND
from webox.providers.schemas import ToolCall
from webox.tasks.errors import StepFailed
from webox.tasks.kinds import StepContext, StepResult, register

LINK_TTL_S = 3 * 24 * 3600
_MAIL = {
    "fr": (
        "Un agent attend votre accord : {tool}",
        "L'agent {agent} veut utiliser l'outil {tool} avec :\n\n{arguments}\n\n"
        "Accepter ou refuser (lien valable 3 jours, une seule fois) :\n{url}\n",
    ),
    "en": (
        "An agent is waiting for your approval: {tool}",
        "The agent {agent} wants to use the tool {tool} with:\n\n{arguments}\n\n"
        "Approve or refuse (link valid for 3 days, once):\n{url}\n",
    ),
}


def tool_step(
    step_id: str, agent: dict[str, Any], call: ToolCall, lang: str, after: list[str]
) -> dict[str, Any]:
    """The plan step of one call waiting for approval."""
    return {
        "id": step_id,
        "kind": KIND,
        "input": {"agent": agent, "call": call.model_dump(), "lang": lang},
        "after": after,
        "needs_approval": True,
    }


def run_tool(ctx: StepContext) -> StepResult:
    """The approved call, run exactly once: its record (`result` or `error`)."""
    agent, call = ctx.input.get("agent"), ctx.input.get("call")
    if not isinstance(agent, dict) or not isinstance(call, dict):
        raise StepFailed("agents.invalid_input", "agent and call are required")
    tool_call = ToolCall.model_validate(call)
    spec = model_tools.STATIC_SPECS.get(tool_call.name)
    if spec is None or tool_call.name not in model_tools.NEEDS_APPROVAL:
        raise StepFailed("agents.invalid_input", f"{tool_call.name!r} is not a tool that waits for approval")
    caller = model_tools.Caller(
        ctx.user_id, agent, str(ctx.input.get("lang") or "fr"), f"{ctx.task_id}:{ctx.step_id}"
    )
    box = tools.Toolbox(ctx.user_id, [], [spec], caller)
    record: dict[str, Any] = ctx.once(f"tool-{tool_call.id}", lambda: box.run(tool_call))
    return StepResult(output=record)


def ask_owner(user_id: str, task_id: str, step_id: str, step_input: dict[str, Any]) -> None:
    """E-mail the owner the signed link to approve or refuse this call."""
    import json

    from webox import mail
    from webox.auth import repository as users
    from webox.config import get_settings
    from webox.tasks import service as tasks_service

    user = users.get_user(user_id)
    if user is None:
        return
    link = tasks_service.approval_link(user_id, task_id, step_id, LINK_TTL_S)
    url = f"{get_settings().public_url.rstrip('/')}/agents/approve#token={link.token}"
    call, agent = step_input.get("call") or {}, step_input.get("agent") or {}
    subject, text = _MAIL["en" if user.language == "en" else "fr"]
    arguments = json.dumps(call.get("arguments") or {}, ensure_ascii=False, indent=2)[:4000]
    values = {
        "tool": call.get("name", "?"),
        "agent": agent.get("name", "?"),
        "arguments": arguments,
        "url": url,
    }
    mail.send(user.email, subject.format(**values), text.format(**values))


register(KIND, run_tool, on_approval=ask_owner)
