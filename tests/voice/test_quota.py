"""Live answers pass the chat's checks before the platform pays for them: the plan's quota and a
verified e-mail address. Refused, the caller hears a short goodbye and the call ends gracefully."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest
from webox.db import utcnow
from webox.usage import service as usage_service
from webox.voice.quota import GOODBYE

from tests.billing.conftest import spend  # noqa: F401 (a fixture)
from tests.billing.test_quota import FREE_BUDGET, platform_keys  # noqa: F401 (a fixture)
from tests.voice.conftest import Phone
from tests.waiting import wait_for


def _ended_call(account: Any) -> dict[str, Any]:
    def ended() -> dict[str, Any] | None:
        calls = account.client.get("/api/voice/calls").json()["items"]
        detail = dict(account.client.get(f"/api/voice/calls/{calls[0]['id']}").json())
        return detail if detail["ended_at"] else None

    return dict(wait_for(ended, what="the call's end"))


def _refused_call(phone: Phone, language: str) -> str:
    """The caller speaks; they hear the goodbye, then the relay ends and Twilio hangs up."""
    phone.until("greeting")
    assert phone.say("Bonjour, je voudrais un renseignement.") == GOODBYE[language]
    end = phone.until("end")
    phone.until("ended")
    return str(json.loads(end["handoffData"])["reason"])


@pytest.mark.usefixtures("platform_keys")
class TestLiveAnswerChecks:
    def test_within_the_plan_the_answer_is_given_and_counted(
        self, persona: Callable[..., Any], ring: Callable[..., Phone]
    ) -> None:
        account, _ = persona()
        phone = ring(account)
        phone.until("greeting")
        assert phone.say("Bonjour, je voudrais un renseignement.") not in GOODBYE.values()
        phone.send(type="hangup")
        phone.until("ended")
        assert _ended_call(account)["end_reason"] is None
        totals = usage_service.month_totals(account.id, utcnow().strftime("%Y-%m"))
        voice = [t for t in totals if t.sk.endswith("#voice")]
        assert voice and int(voice[0].billed_cost_micro_usd or 0) > 0
        assert (int(voice[0].requests), int(voice[0].errors)) == (1, 0)  # a heard answer is no error

    def test_over_the_quota_the_caller_hears_a_goodbye_and_the_call_ends(
        self,
        persona: Callable[..., Any],
        ring: Callable[..., Phone],
        spend: Callable[..., None],  # noqa: F811 (the fixture imported above)
    ) -> None:
        account, _ = persona()
        spend(account.id, FREE_BUDGET)

        assert _refused_call(ring(account), "fr") == "quota.exceeded"

        detail = _ended_call(account)
        assert detail["end_reason"] == "quota.exceeded" and detail["status"] == "completed"
        assert [t["text"] for t in detail["transcript"] if t["role"] == "assistant"] == [GOODBYE["fr"]]

    def test_an_unverified_email_is_refused_in_the_personas_language(
        self, persona: Callable[..., Any], ring: Callable[..., Phone]
    ) -> None:
        account, _ = persona(email_verified=False, language="en-US", voice="Google.en-US-Neural2-F")

        assert _refused_call(ring(account), "en") == "email_not_verified"

        assert _ended_call(account)["end_reason"] == "email_not_verified"
