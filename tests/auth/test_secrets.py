"""No password, hash, token, TOTP secret or recovery code in any log line, nor in a response that
was not the one meant to hand it out."""

from __future__ import annotations

import io
import logging
import re
import time
from collections.abc import Callable, Iterator

import httpx
import pyotp
import pytest
from webox.auth import repository
from webox.logging import get_logger

from tests.accounts import Account, login

Outbox = Callable[[], list[dict[str, str]]]
PASSWORD = "first secret passphrase"
NEW_PASSWORD = "second secret passphrase"


@pytest.fixture
def log_output() -> Iterator[io.StringIO]:
    """Every INFO+ line logged while the test runs (the production level), as Powertools JSON."""
    buffer = io.StringIO()
    handler = logging.StreamHandler(buffer)
    handler.setFormatter(get_logger().registered_formatter)
    handler.setLevel(logging.INFO)
    loggers = [logging.getLogger(), logging.getLogger("webox")]
    previous = [(lg, lg.level) for lg in loggers]
    for lg in loggers:
        lg.addHandler(handler)
        lg.setLevel(logging.INFO)
    yield buffer
    for lg, level in previous:
        lg.removeHandler(handler)
        lg.setLevel(level)


def test_a_full_journey_leaks_no_secret(
    create_account: Callable[..., Account],
    new_client: Callable[[], httpx.Client],
    outbox: Outbox,
    log_output: io.StringIO,
) -> None:
    responses: list[httpx.Response] = []
    secrets: dict[str, str] = {}
    handed_out: dict[str, int] = {}  # secret name → index of the one response allowed to carry it

    def keep(response: httpx.Response) -> None:
        response.read()
        responses.append(response)

    account = create_account("ada@example.com", password=PASSWORD, name="Ada")
    client = account.client
    client.event_hooks["response"].append(keep)
    secrets["password"] = PASSWORD
    secrets["access"] = client.cookies["webox_access"]
    secrets["refresh"] = client.cookies["webox_refresh"]
    secrets["verify_link"] = re.findall(r"token=([\w-]+)", outbox()[-1]["text"])[0]

    # Validation failures never echo what was typed.
    client.post(
        "/api/auth/register", json={"email": "x@example.com", "password": "hunter2hunter2" * 100, "name": "X"}
    )
    client.post("/api/auth/login", json={"email": "ada@example.com", "password": "a wrong guess!!"})
    secrets["wrong_guess"] = "a wrong guess!!"

    client.post("/api/auth/email/verify", json={"token": secrets["verify_link"]})
    client.post("/api/auth/refresh", headers=account.csrf())
    secrets["refresh_2"] = client.cookies["webox_refresh"]

    setup = client.post("/api/auth/2fa/setup", json={"password": account.password}, headers=account.csrf())
    secrets["totp_secret"] = setup.json()["secret"]
    handed_out["totp_secret"] = len(responses) - 1
    enabled = client.post(
        "/api/auth/2fa/enable",
        json={"code": pyotp.TOTP(secrets["totp_secret"]).at(time.time() - 30)},
        headers=account.csrf(),
    )
    codes = enabled.json()["recovery_codes"]
    for number, code in enumerate(codes):
        secrets[f"recovery_{number}"] = code
        handed_out[f"recovery_{number}"] = len(responses) - 1

    created = client.post(
        "/api/auth/tokens",
        json={
            "name": "ci",
            "scopes": ["chat"],
            "password": account.password,
            "code": pyotp.TOTP(secrets["totp_secret"]).now(),
        },
        headers=account.csrf(),
    )
    secrets["api_token"] = created.json()["token"]
    handed_out["api_token"] = len(responses) - 1
    token_item = repository.get_api_token(created.json()["item"]["id"])  # the reset below revokes it
    assert token_item is not None
    secrets["api_token_hash"] = token_item.secret_hash
    client.get("/api/auth/me", headers={"Authorization": f"Bearer {secrets['api_token']}"})
    client.get("/api/auth/tokens")
    client.get("/api/auth/sessions")

    browser = new_client()
    browser.event_hooks["response"].append(keep)
    step = login(browser, "ada@example.com", PASSWORD)
    secrets["mfa_token"] = step.json()["mfa_token"]
    handed_out["mfa_token"] = len(responses) - 1
    browser.post("/api/auth/login/2fa", json={"mfa_token": secrets["mfa_token"], "code": codes[0]})

    browser.post("/api/auth/password/forgot", json={"email": "ada@example.com"})
    secrets["reset_link"] = re.findall(r"reset-password#token=([\w-]+)", outbox()[-1]["text"])[0]
    browser.post("/api/auth/password/reset", json={"token": secrets["reset_link"], "password": NEW_PASSWORD})
    secrets["new_password"] = NEW_PASSWORD
    login(browser, "ada@example.com", NEW_PASSWORD)

    user = repository.get_user(account.id)
    assert user is not None and user.password_hash and user.recovery_codes and user.mfa_secret
    secrets["password_hash"] = user.password_hash
    secrets["password_hash_digest"] = user.password_hash.rsplit("$", 1)[-1]
    for number, code_hash in enumerate(user.recovery_codes):
        secrets[f"recovery_hash_{number}"] = code_hash
    logs = log_output.getvalue()
    assert "session started" in logs  # the capture works
    for name, value in secrets.items():
        assert value not in logs, f"{name} was logged"
        for index, response in enumerate(responses):
            if handed_out.get(name) == index:
                continue
            assert value not in response.text, f"{name} in the body of {response.request.url.path}"
