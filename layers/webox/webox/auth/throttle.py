"""Throttling of guessable secrets (passwords, 2FA codes, reset requests), in the `rate_limits`
table; a refusal answers 429 `too_many_attempts` with `Retry-After`.

Two kinds of counters:

- sliding windows (`hit`): per caller address, per 2FA step, per reset request. An address is the
  viewer's (see `webox.auth.viewer`); IPv6 viewers count per /64, the block one subscriber holds.
- a progressive back-off per account for passwords (`Backoff`): a fixed window lets whoever keeps
  guessing lock the holder out for good, renewing the window forever. Here the first failures
  are free, then each one waits twice as long as the last (capped); an attempt refused while
  waiting is not counted (hammering renews nothing: one guess per wait), failures are forgotten one
  per quiet period, and a success forgets them all. The holder is never locked out by others for
  good: a password-reset link remembers their browser (`webox.auth.devices`), whose failures count
  on a counter of its own.
"""

from __future__ import annotations

import ipaddress
import math
import time
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING

from webox.auth import devices, repository, security
from webox.auth.config import get_auth_settings
from webox.auth.errors import TooManyAttempts
from webox.db import utcnow
from webox.logging import get_logger

if TYPE_CHECKING:  # sessions -> api_tokens -> two_factor -> throttle
    from webox.auth.sessions import ClientInfo

logger = get_logger()
# Parallel attempts on one account race for its counter; a loser re-reads it this many times.
_BACKOFF_RACES = 3


def hit(kind: str, subject: str, *, limit: int, window_s: int) -> str:
    """Count one attempt; over `limit` in the last `window_s` → 429. Returns the counter key.

    A sliding window, estimated from two fixed ones: the current window's count plus the previous
    window's, weighted by how much of it the last `window_s` still covers. A fixed window alone let
    `limit` attempts just before its end and `limit` more just after (twice the limit in a second)."""
    now = time.time()
    window = int(now // window_s)
    key = f"{kind}:{subject}:{window}"
    ends = (window + 1) * window_s
    count = repository.add_to_counter(key, 1, datetime.fromtimestamp(ends + window_s, UTC))
    earlier = repository.get_counter(f"{kind}:{subject}:{window - 1}") if count <= limit else None
    previous = int(earlier.hits) if earlier is not None else 0
    elapsed = (now - window * window_s) / window_s
    if count + previous * (1 - elapsed) > limit:
        logger.info("throttled", extra={"throttle": kind})
        retry_after = _sliding_retry_after(count, previous, elapsed, limit) * window_s
        raise TooManyAttempts("Too many attempts, try again later", retry_after=math.ceil(retry_after) + 1)
    return key


def _sliding_retry_after(count: int, previous: int, elapsed: float, limit: int) -> float:
    """In windows, how long until one more attempt fits under `limit` again."""
    if count + 1 <= limit:  # later in this window, once the previous one weighs less
        return max(0.0, 1 - (limit - count - 1) / previous - elapsed)
    # In the next window, this one becomes the previous: 1 + count × (1 - e) ≤ limit.
    return 1 - elapsed + max(0.0, 1 - (limit - 1) / count)


def refund(*keys: str) -> None:
    """A successful attempt does not count against the limits."""
    for key in keys:
        repository.add_to_counter(key, -1, utcnow() + timedelta(days=1))


def address_subject(ip: str) -> str:
    """What an address is counted as: an IPv4 address, or the /64 of an IPv6 one."""
    try:
        address = ipaddress.ip_address(ip)
    except ValueError:
        return ip or "unknown"
    if address.version == 6:
        return str(ipaddress.IPv6Network((address, 64), strict=False))
    return str(address)


@dataclass(frozen=True)
class Backoff:
    """The progressive back-off of password failures on one account (pure arithmetic)."""

    free: int  # failures that cost no wait
    base_s: float  # the wait after the last free failure
    cap_s: float  # the longest wait
    decay_s: float  # quiet time after which one failure is forgotten

    def wait_s(self, failures: int) -> float:
        """How long after its last failure an account with `failures` must wait."""
        if failures < self.free:
            return 0.0
        return float(min(self.cap_s, self.base_s * 2 ** min(failures - self.free, 32)))

    def retry_after_s(self, failures: int, last_at: float, now: float) -> float:
        """Seconds left to wait at `now` (0: an attempt may go ahead)."""
        return max(0.0, last_at + self.wait_s(failures) - now)

    def remaining(self, failures: int, last_at: float, now: float) -> int:
        """The failures still remembered at `now`."""
        return max(0, failures - int(max(0.0, now - last_at) // self.decay_s))

    def forgotten_after_s(self, failures: int) -> float:
        """When a counter of `failures` no longer matters (its TTL)."""
        return failures * self.decay_s + self.cap_s


def login_backoff() -> Backoff:
    settings = get_auth_settings()
    return Backoff(
        free=settings.login_account_limit,
        base_s=settings.login_backoff_base_s,
        cap_s=settings.login_backoff_cap_s,
        decay_s=settings.login_failure_decay_s,
    )


def _claim_backoff(key: str, policy: Backoff) -> None:
    """Count one attempt before the password is checked, or refuse it while the account waits."""
    for _ in range(_BACKOFF_RACES):
        now = time.time()
        seen = repository.get_counter(key)
        failures = 0
        if seen is not None and seen.last_at is not None:
            wait = policy.retry_after_s(int(seen.hits), seen.last_at, now)
            if wait > 0:
                logger.info("throttled", extra={"throttle": "login-backoff"})
                raise TooManyAttempts("Too many attempts, try again later", retry_after=math.ceil(wait))
            failures = policy.remaining(int(seen.hits), seen.last_at, now)
        expires = datetime.fromtimestamp(now + policy.forgotten_after_s(failures + 1), UTC)
        if repository.set_backoff(key, seen=seen, failures=failures + 1, at=now, expires_at=expires):
            return
    raise TooManyAttempts("Too many attempts, try again later", retry_after=1)


@dataclass(frozen=True)
class PasswordAttempt:
    """The counters one password attempt was charged to."""

    address_key: str
    backoff_key: str

    def succeeded(self) -> None:
        """A right password: the attempt does not count, and the account's failures are forgotten."""
        refund(self.address_key)
        repository.delete_counter(self.backoff_key)


def password_attempt(email: str, client: ClientInfo) -> PasswordAttempt:
    """Charge a password attempt to the caller's address and to the account's back-off (or the
    remembered device's own, see `webox.auth.devices`); 429 when either refuses it."""
    settings = get_auth_settings()
    address_key = hit(
        "login-ip",
        address_subject(client.ip),
        limit=settings.login_ip_limit,
        window_s=settings.login_window_s,
    )
    account = security.digest(email)
    device = devices.recognised(client.device, email)
    backoff_key = f"login-backoff:{account}:device:{device}" if device else f"login-backoff:{account}"
    _claim_backoff(backoff_key, login_backoff())
    return PasswordAttempt(address_key, backoff_key)


def forget_failures(email: str) -> None:
    """The account's password failures no longer matter (its password was just reset)."""
    repository.delete_counter(f"login-backoff:{security.digest(email)}")


def forget_account(user_id: str, email: str) -> None:
    """Delete the counters that name an account (it is being deleted): its 2FA attempts of the windows
    that may still exist (a refund keeps a counter a day) and its password back-off."""
    window_s = get_auth_settings().login_window_s
    now = int(time.time() // window_s)
    for window in range(now - 86400 // window_s - 2, now + 1):
        repository.delete_counter(f"mfa-user:{user_id}:{window}")
    forget_failures(email)


def address_throttle(kind: str, ip: str, limit: int) -> None:
    """Count one `kind` request (registration, reset link) of the client address; over `limit`
    an hour → 429, so one machine cannot open accounts or send mail without end."""
    hit(f"{kind}-ip", address_subject(ip), limit=limit, window_s=get_auth_settings().address_window_s)


def mfa_throttle(user_id: str) -> str:
    """Count a second-factor attempt against the account."""
    settings = get_auth_settings()
    return hit("mfa-user", user_id, limit=settings.mfa_limit, window_s=settings.login_window_s)
