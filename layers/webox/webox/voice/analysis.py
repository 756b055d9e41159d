"""Start a call's analysis: the post-call task whose step kinds `webox.voice.post_call` defines (the
task engine's worker imports that module; the webhooks that start the task need only this one)."""

from __future__ import annotations

from pynamodb.exceptions import UpdateError

from webox.voice import repository
from webox.voice.models import VoiceCall

BUDGET_MICRO_USD = 200_000


def start(call: VoiceCall) -> None:
    """Start the post-call task once per call (a repeated status callback starts nothing)."""
    # imported here: the task engine and its schemas are only the end-of-call webhook's need
    from webox.tasks import service as tasks_service
    from webox.tasks.schemas import StepSpec, TaskCreate

    persona = repository.get_persona(call.user_id, call.persona_id)
    if persona is None:
        return
    try:
        repository.update_call(
            call, VoiceCall.task_id.set("starting"), condition=VoiceCall.task_id.does_not_exist()
        )
    except UpdateError:
        return
    step_input = {"call_id": call.call_id, "model": persona.model}
    body = TaskCreate(
        kind="voice",
        title=f"Appel {call.from_number} → {call.to_number}",
        plan=[
            StepSpec(id="summary", kind="voice.summarize", input=step_input),
            StepSpec(id="fields", kind="voice.extract", input=step_input),
            StepSpec(id="score", kind="voice.score", input=step_input, after=["summary"]),
        ],
        budget_micro_usd=BUDGET_MICRO_USD,
    )
    task = tasks_service.submit(call.user_id, body)
    repository.update_call(call, VoiceCall.task_id.set(task.task_id))
