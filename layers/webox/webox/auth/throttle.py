"""Throttling of guessable secrets (passwords, 2FA codes, reset requests): counters of fixed windows
in the `rate_limits` table; over the limit answers 429 `too_many_attempts` with `Retry-After`."""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta

from webox.auth import repository, security
from webox.auth.config import get_auth_settings
from webox.auth.errors import TooManyAttempts
from webox.auth.sessions import ClientInfo
from webox.db import utcnow
from webox.logging import get_logger

logger = get_logger()


def hit(kind: str, subject: str, *, limit: int, window_s: int) -> str:
    """Count one attempt in the current fixed window; over `limit` → 429. Returns the counter key."""
    now = time.time()
    window = int(now // window_s)
    key = f"{kind}:{subject}:{window}"
    ends = (window + 1) * window_s
    count = repository.add_to_counter(key, 1, datetime.fromtimestamp(ends + window_s, UTC))
    if count > limit:
        logger.info("throttled", extra={"throttle": kind})
        raise TooManyAttempts("Too many attempts, try again later", retry_after=int(ends - now) + 1)
    return key


def refund(*keys: str) -> None:
    """A successful attempt does not count against the limits."""
    for key in keys:
        repository.add_to_counter(key, -1, utcnow() + timedelta(days=1))


def login_throttles(email: str, client: ClientInfo) -> list[str]:
    """Count a password attempt against the caller's address and the account."""
    settings = get_auth_settings()
    window = settings.login_window_s
    return [
        hit("login-ip", client.ip or "unknown", limit=settings.login_ip_limit, window_s=window),
        hit("login-account", security.digest(email), limit=settings.login_account_limit, window_s=window),
    ]


def mfa_throttle(user_id: str) -> str:
    """Count a second-factor attempt against the account."""
    settings = get_auth_settings()
    return hit("mfa-user", user_id, limit=settings.mfa_limit, window_s=settings.login_window_s)
