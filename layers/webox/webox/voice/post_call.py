"""After a call: a task on the engine summarises it, extracts the form's fields against a schema, and
has the chat's judge (another vendor's model when possible) check the summary against what was said,
which gives the call's success score. Each step stores its result on the call."""

from __future__ import annotations

from typing import Any

from webox import aio, extraction
from webox.providers import registry
from webox.providers import service as providers
from webox.providers.schemas import ChatMessage, GenerationParams
from webox.tasks.errors import StepFailed
from webox.tasks.kinds import StepContext, StepResult, register
from webox.voice import repository
from webox.voice.models import VoiceCall

# The form a call fills, as `webox.extraction` shapes fields: `<type> description`.
FIELDS_SCHEMA: dict[str, str] = {
    "name": "<string> the caller's name",
    "reason": "<string> why they called, in a few words",
    "callback_number": "<string> the phone number to call them back on, in E.164 if possible",
}
MAX_TRANSCRIPT_CHARS = 20_000

SUMMARY_RULES = (
    "Summarise this phone call for the person who owns the line, in 2 to 4 sentences, in the "
    "language of the call: who called, what they wanted, what was answered, what is left to do."
)


def transcript_text(user_id: str, call_id: str) -> str:
    """The call as lines `Caller:` / `Assistant:` (what the caller heard when they interrupted)."""
    lines = []
    for turn in repository.list_turns(user_id, call_id):
        if turn.role == "caller":
            lines.append(f"Caller: {turn.text}")
        elif turn.role == "dtmf":
            lines.append(f"Caller pressed: {turn.text}")
        elif turn.role == "assistant":
            lines.append(f"Assistant: {turn.heard if turn.interrupted else turn.text}")
    return "\n".join(lines)[-MAX_TRANSCRIPT_CHARS:]


def _call(ctx: StepContext) -> VoiceCall:
    call = repository.get_call(ctx.user_id, str(ctx.input.get("call_id")), consistent=True)
    if call is None:
        raise StepFailed("voice.call_not_found", "The call no longer exists")
    return call


def _complete(ctx: StepContext, system: str, content: str) -> tuple[str, StepResult]:
    model = str(ctx.input["model"])
    params = GenerationParams(system=system, temperature=0, max_tokens=600)
    answer = aio.run(
        providers.complete(model, [ChatMessage(role="user", content=content)], params, user_id=ctx.user_id)
    )
    cost = round(registry.cost(registry.get_model(model), answer.usage) * 1_000_000)
    usage = answer.usage
    return answer.text, StepResult(
        cost_micro_usd=int(cost), tokens_in=usage.input_tokens, tokens_out=usage.output_tokens
    )


def summarize(ctx: StepContext) -> StepResult:
    """The call's summary, stored on the call."""
    call = _call(ctx)
    text, result = _complete(ctx, SUMMARY_RULES, transcript_text(call.user_id, call.call_id))
    summary = text.strip()[:4000]
    repository.update_call(call, VoiceCall.summary.set(summary))
    result.output = {"summary": summary}
    return result


def extraction_prompt(transcript: str) -> str:
    """The extraction every feature asks for (`webox.extraction`), over the call's transcript."""
    return (
        f"{extraction.instructions(FIELDS_SCHEMA)}Use null for what the caller did not say.\n\n{transcript}"
    )


def parse_fields(raw: str) -> dict[str, str | None]:
    """Only the schema's keys, as short strings or null (whatever else the model wrote is dropped)."""
    data = extraction.json_object(raw) or {}
    return {key: (str(data[key])[:200] if data.get(key) not in (None, "") else None) for key in FIELDS_SCHEMA}


def extract(ctx: StepContext) -> StepResult:
    """The form's fields (name, reason, callback number) read from the call."""
    call = _call(ctx)
    raw, result = _complete(
        ctx, "You extract structured data.", extraction_prompt(transcript_text(call.user_id, call.call_id))
    )
    fields = parse_fields(raw)
    repository.update_call(call, VoiceCall.fields.set(fields))
    result.output = {"fields": fields}
    return result


def score(ctx: StepContext) -> StepResult:
    """The judge compares what the assistant said with the summary: their agreement is the success
    score (a summary that claims what the call did not contain scores low)."""
    from webox.verification import service as verification

    call = _call(ctx)
    summary = str((ctx.upstream.get("summary") or {}).get("summary") or call.summary or "")
    turns = repository.list_turns(call.user_id, call.call_id)
    question = " ".join(t.text or "" for t in turns if t.role == "caller")[:4000]
    said = " ".join((t.heard if t.interrupted else t.text) or "" for t in turns if t.role == "assistant")
    model = str(ctx.input["model"])
    chosen = verification.choose_judge(ctx.user_id, [model])
    verdict = aio.run(
        verification.cross_verify(
            ctx.user_id,
            question,
            {model: said[:8000], "summary": summary},
            request_id=f"voice-{call.call_id}",
            judge=chosen[0] if chosen else None,
        )
    )
    value: dict[str, Any] = {
        "score": verdict.agreement if verdict.error is None else None,
        "judge": verdict.judge_model,
        "shared_points": verdict.shared_points[:10],
        "error": verdict.error.code if verdict.error else None,
    }
    repository.update_call(call, VoiceCall.score.set(value))
    return StepResult(output=value)


def _model(step_input: dict[str, Any]) -> list[str]:
    return [str(step_input["model"])]


register("voice.summarize", summarize, models=_model)
register("voice.extract", extract, models=_model)
register("voice.score", score)
