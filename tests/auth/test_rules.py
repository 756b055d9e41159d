"""The auth feature's pure rules, checked without a host: back-off arithmetic, how addresses are
counted, credential formats, the password policy, link mails and scopes."""

from __future__ import annotations

import pyotp
import pytest
from webox.auth import security
from webox.auth.errors import InvalidEmail, WeakPassword
from webox.auth.links import compose_mail
from webox.auth.models import User
from webox.auth.oauth import safe_next
from webox.auth.principals import Principal
from webox.auth.throttle import Backoff, address_subject
from webox.auth.viewer import parse_address

POLICY = Backoff(free=5, base_s=60, cap_s=3600, decay_s=3600)


class TestBackoff:
    def test_free_failures_cost_nothing_then_waits_double_up_to_the_cap(self) -> None:
        waits = [POLICY.wait_s(failures) for failures in range(4, 13)]
        assert waits == [0, 60, 120, 240, 480, 960, 1920, 3600, 3600]

    def test_a_huge_count_stays_at_the_cap(self) -> None:
        assert POLICY.wait_s(10_000) == 3600

    def test_retry_after_counts_from_the_last_failure(self) -> None:
        assert POLICY.retry_after_s(6, last_at=1000.0, now=1030.0) == 90
        assert POLICY.retry_after_s(6, last_at=1000.0, now=1120.0) == 0
        assert POLICY.retry_after_s(3, last_at=1000.0, now=1000.0) == 0

    def test_failures_are_forgotten_one_per_quiet_period(self) -> None:
        assert POLICY.remaining(7, last_at=0.0, now=3599.0) == 7
        assert POLICY.remaining(7, last_at=0.0, now=3 * 3600.0) == 4
        assert POLICY.remaining(7, last_at=0.0, now=100 * 3600.0) == 0

    def test_a_counter_outlives_what_it_remembers(self) -> None:
        for failures in range(1, 20):
            forgotten = POLICY.forgotten_after_s(failures)
            assert POLICY.remaining(failures, 0.0, forgotten) == 0
            assert forgotten >= POLICY.wait_s(failures)


class TestAddresses:
    @pytest.mark.parametrize(
        ("raw", "parsed"),
        [
            ("198.51.100.7", "198.51.100.7"),
            (" 198.51.100.7 ", "198.51.100.7"),
            ("2001:DB8:0:0::7", "2001:db8::7"),
            ("198.51.100.7:443", None),
            ("[2001:db8::7]:443", None),
            ("evil.example", None),
            ("", None),
        ],
    )
    def test_only_a_bare_address_is_taken(self, raw: str, parsed: str | None) -> None:
        assert parse_address(raw) == parsed

    def test_ipv6_viewers_count_per_64(self) -> None:
        assert address_subject("2001:db8:1:2:aaaa::1") == address_subject("2001:db8:1:2:bbbb::9")
        assert address_subject("2001:db8:1:2::1") != address_subject("2001:db8:1:3::1")
        assert address_subject("2001:db8:1:2::1") == "2001:db8:1:2::/64"

    def test_ipv4_viewers_count_alone(self) -> None:
        assert address_subject("203.0.113.10") != address_subject("203.0.113.11")
        assert address_subject("") == "unknown"


class TestCredentialFormats:
    def test_api_token_round_trip(self) -> None:
        assert security.parse_api_token(security.api_token("abc123", "s3cr_et")) == ("abc123", "s3cr_et")

    @pytest.mark.parametrize(
        "token", ["wbx_", "wbx__secret", "wbx_id", "sk-abc", "wbx_not-alnum_x", f"wbx_{'a' * 65}_x"]
    )
    def test_malformed_api_tokens(self, token: str) -> None:
        assert security.parse_api_token(token) is None

    @pytest.mark.parametrize(
        ("typed", "code"),
        [("ABCDE-FGHJK", "abcde-fghjk"), (" abcde fghjk ", "abcde-fghjk"), ("abcdefghjk", "abcde-fghjk")],
    )
    def test_recovery_codes_as_typed(self, typed: str, code: str) -> None:
        assert security.normalize_recovery_code(typed) == code

    @pytest.mark.parametrize("typed", ["abcde-fghj", "abcde-fghjl", "abcde-fghj0", ""])
    def test_not_recovery_codes(self, typed: str) -> None:
        # `l` and `0` are not in the alphabet: codes are read off paper.
        assert security.normalize_recovery_code(typed) is None

    def test_totp_accepts_one_step_of_clock_drift_only(self) -> None:
        secret = pyotp.random_base32()
        totp = pyotp.TOTP(secret)
        now = 1_700_000_000.0
        step = int(now // 30)
        for drift in (-1, 0, 1):
            assert security.totp_step(secret, totp.at(now + 30 * drift), now=now) == step + drift
        assert security.totp_step(secret, totp.at(now + 60), now=now) is None


class TestPasswordsAndEmails:
    @pytest.mark.parametrize(
        ("password", "reason"),
        [
            ("short", "too_short"),
            ("x" * 257, "too_long"),
            ("password123", "common"),
            ("ada@example.com", "personal"),
        ],
    )
    def test_refused_passwords_say_why(self, password: str, reason: str) -> None:
        with pytest.raises(WeakPassword) as refused:
            security.check_password_policy(password, email="ada@example.com", name="Ada Lovelace")
        assert refused.value.extra["reason"] == reason

    def test_a_long_passphrase_passes(self) -> None:
        security.check_password_policy("correct horse battery staple", email="ada@example.com", name="Ada")

    def test_emails_are_normalised(self) -> None:
        assert security.normalize_email("  Ada@Example.COM ") == "ada@example.com"
        with pytest.raises(InvalidEmail):
            security.normalize_email("not an address")


class TestLinkMails:
    def test_french_by_default_english_on_request(self) -> None:
        french = compose_mail("reset", "fr", "Ada", "https://x/reset-password?token=t", 1800)
        english = compose_mail("reset", "en", "Ada", "https://x/reset-password?token=t", 1800)
        unknown = compose_mail("reset", "de", "Ada", "https://x/reset-password?token=t", 1800)
        assert french[0] == "Réinitialisez votre mot de passe" and english[0] == "Reset your password"
        assert unknown == french
        assert "30 minutes" in english[1] and "https://x/reset-password?token=t" in english[1]

    def test_the_html_escapes_the_name(self) -> None:
        _, text, html = compose_mail(
            "verify", "en", "<b>Ada</b>", "https://x/verify-email?token=t", 2 * 86400
        )
        assert "<b>Ada</b>" in text and "&lt;b&gt;Ada&lt;/b&gt;" in html and "<b>" not in html
        assert "48 hours" in text


class TestScopesAndRedirects:
    def test_sessions_have_every_scope_tokens_only_theirs(self) -> None:
        user = User("u1", email="ada@example.com", name="Ada", role="user")
        assert Principal(user, session_id="s1").has_scope("media")
        token = Principal(user, token_id="t1", scopes=frozenset({"chat"}))
        assert token.has_scope("chat") and not token.has_scope("read") and not token.via_session

    @pytest.mark.parametrize(
        ("value", "expected"),
        [
            ("/chat?x=1", "/chat?x=1"),
            ("//evil.example", "/"),
            ("https://evil.example", "/"),
            ("/\\evil.example", "/"),
            ("/ok\nLocation: x", "/"),
            (None, "/"),
        ],
    )
    def test_oauth_returns_only_to_this_site(self, value: str | None, expected: str) -> None:
        assert safe_next(value) == expected
