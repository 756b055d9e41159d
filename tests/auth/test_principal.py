"""`principal_from_headers`: how the WebSocket `$connect` recognises a user."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from webox.auth.principals import principal_from_headers
from webox.auth.socket_tickets import issue_ticket, redeem_ticket

from tests.accounts import Account


@pytest.fixture
def account(create_account: Callable[..., Account]) -> Account:
    return create_account()


class TestPrincipalFromHeaders:
    def test_access_cookie(self, account: Account) -> None:
        cookie = f"theme=dark; webox_access={account.client.cookies['webox_access']}; other=1"
        principal = principal_from_headers({"cookie": cookie})
        assert principal is not None and principal.user_id == account.id
        assert principal.role == "user" and principal.has_scope("chat")

    def test_bearer_header_and_query_ticket(self, account: Account) -> None:
        created = account.client.post(
            "/api/auth/tokens",
            json={"name": "ws", "scopes": ["read"], "password": account.password},
            headers=account.csrf(),
        ).json()
        by_header = principal_from_headers({"authorization": f"Bearer {created['token']}"})
        assert by_header is not None
        # The URL carries a single-use ticket, bound to the credential that asked for it.
        by_query = redeem_ticket(issue_ticket(by_header))
        for principal in (by_header, by_query):
            assert principal is not None and principal.user_id == account.id
            assert principal.scopes == frozenset({"read"}) and not principal.has_scope("chat")
        session = principal_from_headers({"cookie": f"webox_access={account.client.cookies['webox_access']}"})
        assert session is not None
        jwt_in_query = redeem_ticket(issue_ticket(session))
        assert jwt_in_query is not None and jwt_in_query.session_id

    def test_no_valid_credential_is_none(self, aws: object) -> None:
        for headers in (
            {},
            {"cookie": "webox_access=garbage"},
            {"authorization": "Bearer wbx_nope_nope"},
            {"authorization": "Basic dXNlcjpwYXNz"},
            {"cookie": "%%%;;=="},
        ):
            assert principal_from_headers(headers) is None, headers

    def test_ended_session_is_none(self, account: Account) -> None:
        cookie = f"webox_access={account.client.cookies['webox_access']}"
        account.client.post("/api/auth/logout", headers=account.csrf())
        assert principal_from_headers({"cookie": cookie}) is None
