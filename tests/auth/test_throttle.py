"""Sign-in throttling behind CloudFront: whose address counts, and an account lockout that grows,
forgets, and never keeps the holder out for good.

The local host plays both CloudFront and API Gateway: every request comes from one socket peer,
as every request on AWS comes from a CloudFront edge. A test plays CloudFront by sending what its
viewer-request function and origin add (`X-Viewer-Address`, `X-Origin-Verify`)."""

from __future__ import annotations

import json
import re
import time
from collections.abc import Callable, Iterator

import httpx
import pytest
from webox.auth import throttle
from webox.auth.config import get_auth_settings
from webox.aws import client
from webox.config import resource_name

from tests.accounts import PASSWORD, Account, login

NEW_PASSWORD = "a brand new passphrase"
Viewer = Callable[[str], dict[str, str]]


@pytest.fixture
def through_cloudfront(aws: object) -> Viewer:
    """The headers CloudFront adds to a request of the viewer at `ip`."""
    secret = client("secretsmanager").get_secret_value(SecretId=resource_name("origin-verify"))
    proof = json.loads(secret["SecretString"])["key"]
    return lambda ip: {"X-Viewer-Address": ip, "X-Origin-Verify": proof}


def sign_in(browser: httpx.Client, email: str, password: str, headers: dict[str, str]) -> httpx.Response:
    return browser.post("/api/auth/login", json={"email": email, "password": password}, headers=headers)


def session_ip(browser: httpx.Client) -> str:
    [current] = [s for s in browser.get("/api/auth/sessions").json()["items"] if s["current"]]
    return str(current["ip"])


class TestViewerAddress:
    def test_a_viewer_address_without_cloudfronts_proof_is_ignored(
        self, create_account: Callable[..., Account], new_client: Callable[[], httpx.Client]
    ) -> None:
        account = create_account()
        for forged in (
            {"X-Viewer-Address": "198.51.100.1"},
            {"X-Viewer-Address": "198.51.100.1", "X-Origin-Verify": "guess"},
        ):
            browser = new_client()
            assert sign_in(browser, account.email, PASSWORD, forged).status_code == 200
            assert session_ip(browser) == "127.0.0.1"  # the socket peer: the "edge"

    def test_with_the_proof_the_session_records_the_viewer(
        self, create_account: Callable[..., Account], through_cloudfront: Viewer
    ) -> None:
        account = create_account()
        response = sign_in(account.client, account.email, PASSWORD, through_cloudfront("2001:db8:0::7"))
        assert response.status_code == 200 and session_ip(account.client) == "2001:db8::7"

    def test_forged_addresses_cannot_escape_the_address_limit(
        self, new_client: Callable[[], httpx.Client]
    ) -> None:
        browser = new_client()
        answers = [
            sign_in(
                browser, f"guess{n}@example.com", "wrong password!", {"X-Viewer-Address": f"198.51.100.{n}"}
            )
            for n in range(21)
        ]
        assert [a.status_code for a in answers] == [401] * 20 + [429]

    def test_two_viewers_behind_one_edge_do_not_lock_each_other_out(
        self,
        create_account: Callable[..., Account],
        new_client: Callable[[], httpx.Client],
        through_cloudfront: Viewer,
    ) -> None:
        account = create_account()
        attacker, neighbour = new_client(), new_client()
        for n in range(20):
            failed = sign_in(
                attacker, f"guess{n}@example.com", "wrong password!", through_cloudfront("203.0.113.10")
            )
            assert failed.status_code == 401
        blocked = sign_in(
            attacker, "guess99@example.com", "wrong password!", through_cloudfront("203.0.113.10")
        )
        assert blocked.status_code == 429 and blocked.json()["code"] == "too_many_attempts"
        same_edge = sign_in(neighbour, account.email, PASSWORD, through_cloudfront("203.0.113.11"))
        assert same_edge.status_code == 200


class Clock:
    """The throttle's clock, moved by hand (the local host runs in this process)."""

    def __init__(self) -> None:
        self.now = time.time()

    def time(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


@pytest.fixture
def clock(aws: object) -> Iterator[Clock]:
    clock = Clock()
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(throttle, "time", clock)
        yield clock


class TestSlidingWindow:
    def test_a_window_boundary_does_not_double_the_limit(
        self, new_client: Callable[[], httpx.Client], clock: Clock
    ) -> None:
        window_s = get_auth_settings().login_window_s
        clock.now = (clock.now // window_s + 1) * window_s - 2  # two seconds before a window ends
        browser = new_client()
        for n in range(20):
            assert login(browser, f"guess{n}@example.com", "wrong password!").status_code == 401
        clock.advance(3)  # a new fixed window: the last 900 s still hold 20 failures
        blocked = login(browser, "guess99@example.com", "wrong password!")
        assert blocked.status_code == 429 and blocked.json()["code"] == "too_many_attempts"
        wait = int(blocked.headers["Retry-After"])
        assert 0 < wait <= window_s
        clock.advance(wait)  # the earlier failures weigh less: one more guess fits, not two
        assert login(browser, "guess100@example.com", "wrong password!").status_code == 401
        assert login(browser, "guess101@example.com", "wrong password!").status_code == 429

    def test_attempts_of_a_window_long_gone_do_not_count(
        self, new_client: Callable[[], httpx.Client], clock: Clock
    ) -> None:
        browser = new_client()
        for n in range(20):
            login(browser, f"guess{n}@example.com", "wrong password!")
        clock.advance(2 * get_auth_settings().login_window_s)
        assert [
            login(browser, f"later{n}@example.com", "wrong password!").status_code for n in range(20)
        ] == [401] * 20


class TestProgressiveLockout:
    def test_the_wait_grows_with_each_failure_and_a_success_resets_it(
        self, create_account: Callable[..., Account], new_client: Callable[[], httpx.Client], clock: Clock
    ) -> None:
        account = create_account()
        browser = new_client()
        for _ in range(5):
            assert login(browser, account.email, "wrong password!").status_code == 401
        first = login(browser, account.email)
        assert first.status_code == 429 and first.headers["Retry-After"] == "60"
        clock.advance(60)
        assert login(browser, account.email, "wrong password!").status_code == 401  # the one guess allowed
        second = login(browser, account.email)
        assert second.status_code == 429 and second.headers["Retry-After"] == "120"
        clock.advance(120)
        assert login(browser, account.email).status_code == 200
        # Forgotten: the free failures are free again.
        assert [login(browser, account.email, "wrong password!").status_code for _ in range(5)] == [401] * 5

    def test_failures_fade_when_nobody_tries(
        self, create_account: Callable[..., Account], new_client: Callable[[], httpx.Client], clock: Clock
    ) -> None:
        account = create_account()
        browser = new_client()
        for _ in range(5):
            login(browser, account.email, "wrong password!")
        clock.advance(2 * 3600)  # two failures forgotten: two free attempts again, then a wait
        assert [login(browser, account.email, "wrong password!").status_code for _ in range(3)] == [
            401,
            401,
            429,
        ]

    def test_refused_attempts_do_not_extend_the_wait(
        self, create_account: Callable[..., Account], new_client: Callable[[], httpx.Client]
    ) -> None:
        account = create_account()
        browser = new_client()
        for _ in range(5):
            login(browser, account.email, "wrong password!")
        waits = []
        for _ in range(8):
            refused = login(browser, account.email, "wrong password!")
            assert refused.status_code == 429
            waits.append(int(refused.headers["Retry-After"]))
        assert waits == sorted(waits, reverse=True) and waits[0] <= get_auth_settings().login_backoff_base_s

    def test_the_holder_gets_in_through_a_reset_link_while_others_keep_guessing(
        self,
        create_account: Callable[..., Account],
        new_client: Callable[[], httpx.Client],
        outbox: Callable[[], list[dict[str, str]]],
    ) -> None:
        account = create_account()
        holder, attacker = new_client(), new_client()
        for _ in range(5):
            login(attacker, account.email, "wrong password!")
        assert login(holder, account.email).status_code == 429
        holder.post("/api/auth/password/forgot", json={"email": account.email})
        match = re.search(
            r"token=([\w-]+)", [m for m in outbox() if "reset-password" in m["text"]][-1]["text"]
        )
        assert match
        reset = holder.post(
            "/api/auth/password/reset", json={"token": match.group(1), "password": NEW_PASSWORD}
        )
        assert reset.status_code == 204 and "webox_device" in holder.cookies
        for _ in range(6):  # the guessing goes on
            login(attacker, account.email, "wrong password!")
        assert login(attacker, account.email, NEW_PASSWORD).status_code == 429
        assert login(holder, account.email, NEW_PASSWORD).status_code == 200

    def test_a_remembered_device_opens_no_other_account(
        self,
        create_account: Callable[..., Account],
        new_client: Callable[[], httpx.Client],
        outbox: Callable[[], list[dict[str, str]]],
    ) -> None:
        mine, theirs = create_account(), create_account()
        browser, attacker = new_client(), new_client()
        browser.post("/api/auth/password/forgot", json={"email": mine.email})
        match = re.search(
            r"token=([\w-]+)", [m for m in outbox() if "reset-password" in m["text"]][-1]["text"]
        )
        assert match
        browser.post("/api/auth/password/reset", json={"token": match.group(1), "password": NEW_PASSWORD})
        for _ in range(5):
            login(attacker, theirs.email, "wrong password!")
        assert login(browser, theirs.email).status_code == 429


class TestPerAddress:
    def test_registration_is_limited_per_client_address(
        self, api: httpx.Client, through_cloudfront: Viewer
    ) -> None:
        limit = get_auth_settings().register_ip_limit
        for number in range(limit):
            body = {"email": f"burst{number}@example.com", "password": PASSWORD, "name": "Burst"}
            assert (
                api.post(
                    "/api/auth/register", json=body, headers=through_cloudfront("198.51.100.9")
                ).status_code
                == 201
            )
        body = {"email": "one-more@example.com", "password": PASSWORD, "name": "Burst"}
        refused = api.post("/api/auth/register", json=body, headers=through_cloudfront("198.51.100.9"))
        assert refused.status_code == 429 and refused.json()["code"] == "too_many_attempts"
        assert int(refused.headers["retry-after"]) > 0
        # Another address is not held back.
        assert (
            api.post("/api/auth/register", json=body, headers=through_cloudfront("198.51.100.10")).status_code
            == 201
        )

    def test_reset_links_are_limited_per_client_address(
        self, api: httpx.Client, through_cloudfront: Viewer, outbox: Callable[[], list[dict[str, str]]]
    ) -> None:
        limit = get_auth_settings().forgot_ip_limit
        for number in range(limit):
            body = {"email": f"someone{number}@example.com"}
            assert (
                api.post(
                    "/api/auth/password/forgot", json=body, headers=through_cloudfront("198.51.100.9")
                ).status_code
                == 202
            )
        refused = api.post(
            "/api/auth/password/forgot",
            json={"email": "x@example.com"},
            headers=through_cloudfront("198.51.100.9"),
        )
        assert refused.status_code == 429 and refused.json()["code"] == "too_many_attempts"
        other = api.post(
            "/api/auth/password/forgot",
            json={"email": "x@example.com"},
            headers=through_cloudfront("198.51.100.10"),
        )
        assert other.status_code == 202
