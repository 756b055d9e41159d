"""The whole API fuzzed from its OpenAPI document with schemathesis, against the local host, signed in:
the session cookie and CSRF header on the routes that take a browser session, a Bearer API token (all
scopes) on those that take only a token (`/v1`). Every operation gets its documented examples and a
bounded number of generated cases (`WEBOX_FUZZ_EXAMPLES`, default 5). No answer may be a 5xx, and
each must match the document: a documented status, its content type, its body schema and headers.

The fuzzing account is an administrator, so the administrators' routes are reached past their role
check. Afterwards, no answer and no log line of the run shows a secret (`tests/security/capture.py`).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, Phase, settings
from schemathesis import Case
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)
from webox import openapi
from webox.auth import accounts
from webox.local.host import LocalHost

from tests.accounts import Account, login
from tests.security.capture import Capture
from tests.security.conftest import api_token, client
from tests.security.document import Operation

FUZZ_PASSWORD = "fuzzer's long passphrase 7730"
EXAMPLES = int(os.environ.get("WEBOX_FUZZ_EXAMPLES", "5"))
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
    response_headers_conformance,
]
# Operations left out, each with why fuzzing it cannot be meaningful here.
EXCLUDED = {
    # Ends every session of the account, the fuzzing session first (its refusals are in tests/auth).
    "auth-revoke_all_sessions": "ends the fuzzing session itself",
    # A key the fuzzer saved would send its later model calls to the real vendor, which tests cannot
    # reach (a 502 by design); saving and checking keys is tested in tests/providers/test_credentials.py.
    "account-put_key": "would route later calls to an unreachable real vendor",
}
# Answers that show their caller a new secret by design (shown once): not scanned for secret shapes.
HANDS_OUT = frozenset(
    {
        ("POST", "/api/auth/tokens"),
        ("POST", "/api/auth/2fa/setup"),
        ("POST", "/api/auth/2fa/enable"),
        ("POST", "/api/auth/2fa/recovery-codes"),
        ("POST", "/api/auth/refresh"),
    }
)


@dataclass
class Fuzzer:
    host: LocalHost
    account: Account
    token: str
    capture: Capture
    document: dict[str, Any]

    def credentials(self, case: Case) -> dict[str, Any]:
        """Headers and cookies for the credential the operation takes (none on a public route: the
        session's refresh cookie sent to `/api/auth/refresh` would rotate it away)."""
        spec = self.document["paths"][case.operation.path][case.operation.method.lower()]
        operation = Operation(case.operation.method.lower(), case.operation.path, spec)
        headers = {"Origin": self.host.url}
        if operation.takes_session:
            cookies = dict(self.account.client.cookies.items())
            headers["X-CSRF-Token"] = cookies.get("webox_csrf", "")
            return {"headers": headers, "cookies": cookies}
        if operation.takes_token:
            headers["Authorization"] = f"Bearer {self.token}"
        return {"headers": headers}

    @property
    def secrets(self) -> dict[str, str]:
        cookies = {f"{n} cookie": v for n, v in self.account.client.cookies.items() if n != "webox_csrf"}
        return {"the fuzzer's password": FUZZ_PASSWORD, "the fuzzer's API token": self.token, **cookies}


@pytest.fixture(scope="module")
def fuzzer(live_server: LocalHost, document: dict[str, Any]) -> Iterator[Fuzzer]:
    live_server.reset()
    capture = Capture(hands_out=HANDS_OUT)
    with capture.logs(), client(live_server) as browser:
        user, _ = accounts.create_admin("fuzzer@example.com", FUZZ_PASSWORD)
        assert login(browser, user.email, FUZZ_PASSWORD).status_code == 200
        account = Account(browser, user.email, FUZZ_PASSWORD, user.id)
        token, _ = api_token(account)
        yield Fuzzer(live_server, account, token, capture, document)


# Built at collection (one test per operation); the same document the `document` fixture builds.
schema = schemathesis.openapi.from_dict(openapi.build()).exclude(operation_id=list(EXCLUDED))


@schema.parametrize()
@settings(
    max_examples=EXAMPLES,
    deadline=None,
    database=None,
    derandomize=True,  # the same cases on every run: a failure reproduces
    phases=[Phase.explicit, Phase.generate],
    suppress_health_check=list(HealthCheck),
)
def test_the_api_answers_as_documented(case: Case, fuzzer: Fuzzer) -> None:
    response = case.call(base_url=fuzzer.host.url, allow_redirects=False, **fuzzer.credentials(case))
    fuzzer.capture.add(
        case.method,
        response.request.path_url.split("?", 1)[0],
        response.status_code,
        [(k, v) for k, values in response.headers.items() for v in values],
        response.content.decode("utf-8", "replace"),
    )
    case.validate_response(response, checks=CHECKS)


def test_no_secret_in_any_response_or_log_line(fuzzer: Fuzzer) -> None:
    assert fuzzer.capture.seen, "run with the fuzzing test: nothing was captured"
    leaks = fuzzer.capture.leaks(fuzzer.secrets)
    assert not leaks, leaks
