"""The fake Stripe of the local host, and usage recorded as the chat records it."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

import pytest
from webox.local.host import LocalHost
from webox.testing.stripe import StripeState
from webox.usage import service as usage_service

from tests.accounts import Account, verified


@pytest.fixture
def stripe_fake(aws: LocalHost) -> StripeState:
    """The fake Stripe API's state (objects, webhook deliveries)."""
    state: StripeState = aws.components["fakes"]["stripe"].server.config.app.state.stripe
    state.deliveries.clear()
    return state


@pytest.fixture
def spend() -> Callable[..., None]:
    """Record usage worth `micro_usd` (and `tokens`) for a user this month, answered by the platform's keys."""

    def record(user_id: str, micro_usd: int, *, tokens: int = 0, feature: str = "chat") -> None:
        usage_service.record(
            usage_service.Usage(
                user_id=user_id,
                feature=feature,
                model="gpt-4o-mini",
                vendor="openai",
                request_id=f"spend-{datetime.now(UTC).timestamp()}",
                status="done",
                input_tokens=tokens,
                cost=micro_usd / 1_000_000,
                billed=True,
            )
        )

    return record


@pytest.fixture
def create_account(create_account: Callable[..., Account]) -> Callable[..., Account]:
    """Accounts whose e-mail address is verified (the platform pays only for those)."""
    return verified(create_account)
