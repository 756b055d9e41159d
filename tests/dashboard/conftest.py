"""Usage written as the chat and the gateway write it: through the usage service."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import pytest
from webox.usage import service as usage_service


@pytest.fixture
def record_usage() -> Callable[..., usage_service.Usage]:
    """Record one model call `days_ago` days before now (at noon UTC, so it never straddles midnight)."""
    counter = iter(range(1_000_000))

    def record(user_id: str, days_ago: int = 0, **fields: object) -> usage_service.Usage:
        today = datetime.now(UTC).replace(hour=12, minute=0, second=0, microsecond=0)
        values: dict[str, object] = {
            "user_id": user_id,
            "feature": "chat",
            "model": "gpt-4o-mini",
            "vendor": "openai",
            "request_id": f"req-{next(counter)}",
            "status": "done",
            "at": min(today, datetime.now(UTC)) - timedelta(days=days_ago),
            **fields,
        }
        usage = usage_service.Usage(**values)  # type: ignore[arg-type]
        usage_service.record(usage)
        return usage

    return record
