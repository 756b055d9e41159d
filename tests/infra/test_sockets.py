"""The Management API grants: every pushing function may POST; only those that revoke credentials
(auth) or delete accounts (dashboard) may also DELETE, i.e. close a socket."""

from __future__ import annotations

import json
import re

import pytest
from webox import manifest

from tests.infra.conftest import Synthesized

PUSHERS = [f for f in manifest.FUNCTIONS if f.push]


@pytest.mark.parametrize("spec", PUSHERS, ids=lambda f: f.name)
def test_only_the_functions_that_close_sockets_may_delete_connections(
    synth: Synthesized, spec: manifest.Function
) -> None:
    resources = [
        json.dumps(s["Resource"])
        for s in synth.role_statements(spec.name)
        if s["Action"] == "execute-api:ManageConnections"
    ]
    methods = {m for resource in resources for m in re.findall(r"/ws/([A-Z]+)/@connections/\*", resource)}
    assert methods == ({"POST", "DELETE"} if spec.close_sockets else {"POST"})


def test_revoking_and_deleting_accounts_close_sockets() -> None:
    closers = {f.name for f in manifest.FUNCTIONS if f.close_sockets}
    assert closers == {"auth-api", "dashboard-api"}
    assert all(f.push and "connections" in f.tables for f in manifest.FUNCTIONS if f.close_sockets)
