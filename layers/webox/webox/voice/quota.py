"""The checks a live answer passes before the platform pays for it: the same plan quota and verified
e-mail address the chat requires (`webox.billing.quota.check_models`), and the answer's usage recorded
afterwards, as the chat's are, so the plan's budgets count phone calls too."""

from __future__ import annotations

from webox.billing import quota
from webox.billing.errors import QUOTA_ERRORS
from webox.errors import WeboxError
from webox.providers import registry
from webox.providers import service as providers
from webox.providers.errors import ModelUnavailable
from webox.providers.schemas import Usage
from webox.usage import service as usage_service

FEATURE = "voice"
GOODBYE = {
    "fr": "Désolé, je ne peux plus répondre sur cette ligne pour le moment. Merci de rappeler plus tard. Au revoir.",
    "en": "Sorry, I cannot take calls on this line right now. Please call back later. Goodbye.",
}


def admit(
    user_id: str, model: str, *, prompt_chars: int, max_tokens: int
) -> tuple[str | None, WeboxError | None]:
    """Whose key answers (`platform`, `user`, `simulated`; None when no key can) and why the plan
    refuses this answer now (quota used up, e-mail not verified, rate…), or None. What the user's own
    key or a local simulator answers costs the platform nothing and passes."""
    try:
        source = providers.key_source(model, user_id)
    except ModelUnavailable:
        return None, None  # the model's call fails on its own, and the caller hears an apology
    try:
        quota.check_models(
            user_id, FEATURE, {model: source}, prompt_chars=prompt_chars, max_tokens=max_tokens
        )
    except QUOTA_ERRORS as error:
        return source, error
    return source, None


def record(
    user_id: str,
    model: str,
    call_id: str,
    usage: Usage,
    *,
    source: str,
    ttft_ms: int | None,
    duration_ms: int,
) -> None:
    """One usage record per answer (billed when the platform's key answered), never failing the call."""
    info = registry.get_model(model)
    usage_service.record_safely(
        usage_service.Usage(
            user_id=user_id,
            feature=FEATURE,
            model=model,
            vendor=info.vendor,
            request_id=call_id,
            status="done",  # an answer the caller heard (usage counts any other status as an error)
            input_tokens=usage.input_tokens,
            output_tokens=usage.output_tokens,
            cost=registry.cost(info, usage),
            ttft_ms=ttft_ms,
            duration_ms=duration_ms,
            simulated=source == "simulated",
            billed=source == "platform",
        )
    )
