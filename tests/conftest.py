"""Shared fixtures: one local host (embedded AWS + every function over HTTP) per test session,
emptied before each test that asks for `aws`."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

# The test stage's names and settings, before anything reads the settings.
os.environ.update(
    {
        "WEBOX_STAGE": "test",
        "WEBOX_RESOURCE_PREFIX": "webox-test-",
        "AWS_REGION": "eu-west-3",
        "AWS_DEFAULT_REGION": "eu-west-3",
        "POWERTOOLS_DEV": "false",
    }
)
for real_key in (
    "OPENAI_API_KEY",
    "ANTHROPIC_API_KEY",
    "MISTRAL_API_KEY",
    "GEMINI_API_KEY",
    "GOOGLE_API_KEY",
):
    os.environ.pop(real_key, None)

import httpx  # noqa: E402
from webox.auth import accounts  # noqa: E402
from webox.local.host import HostOptions, LocalHost  # noqa: E402
from webox.testing.server import free_port  # noqa: E402

from tests.accounts import PASSWORD, Account, _numbers, login  # noqa: E402


@pytest.fixture(scope="session")
def live_server() -> Iterator[LocalHost]:
    """The whole platform on loopback, as `make dev` runs it (nothing kept on disk)."""
    host = LocalHost(HostOptions(root=ROOT, port=free_port(), data_dir=None))
    host.start()
    yield host
    host.stop()


@pytest.fixture
def aws(live_server: LocalHost) -> LocalHost:
    """Every table, bucket, queue emptied and re-created from the manifest (keys kept)."""
    live_server.reset()
    return live_server


@pytest.fixture
def api(aws: LocalHost) -> Iterator[httpx.Client]:
    """A browser-like client of the local host: its own cookie jar, the SPA's Origin."""
    with httpx.Client(base_url=aws.url, headers={"Origin": aws.url}, timeout=30) as client:
        yield client


@pytest.fixture
def new_client(aws: LocalHost) -> Iterator[Callable[[], httpx.Client]]:
    """Factory of extra independent clients (a second user, a second device)."""
    clients: list[httpx.Client] = []

    def make() -> httpx.Client:
        client = httpx.Client(base_url=aws.url, headers={"Origin": aws.url}, timeout=30)
        clients.append(client)
        return client

    yield make
    for client in clients:
        client.close()


@pytest.fixture
def outbox(aws: LocalHost) -> Callable[[], list[dict[str, str]]]:
    """Mail sent through SES since the test began."""
    return aws.outbox


@pytest.fixture
def create_account(api: httpx.Client, new_client: Callable[[], httpx.Client]) -> Callable[..., Account]:
    """Register an account through the API; the first one uses the `api` client, later ones their own."""
    used = False

    def create(email: str | None = None, password: str = PASSWORD, name: str = "Test User") -> Account:
        nonlocal used
        client = new_client() if used else api
        used = True
        email = email or f"user{next(_numbers)}@example.com"
        response = client.post(
            "/api/auth/register", json={"email": email, "password": password, "name": name}
        )
        assert response.status_code == 201, response.text
        return Account(client, response.json()["user"]["email"], password, response.json()["user"]["id"])

    return create


@pytest.fixture
def create_admin(new_client: Callable[[], httpx.Client]) -> Callable[..., Account]:
    """An administrator (made by the service, as `webox admin create` does) signed in on a new client."""

    def create(email: str | None = None) -> Account:
        email = email or f"admin{next(_numbers)}@example.com"
        user, _ = accounts.create_admin(email, PASSWORD)
        client = new_client()
        assert login(client, email).status_code == 200
        return Account(client, user.email, PASSWORD, user.id)

    return create


@pytest.fixture
def simulators(aws: LocalHost) -> Iterator[dict[str, Any]]:
    """The simulated vendors' behaviours (latency, faults), reset before and after the test."""
    behaviours = {
        name: server.server.config.app.state.behaviour
        for name, server in aws.components["fakes"].items()
        if hasattr(server.server.config.app.state, "behaviour")
    }
    for behaviour in behaviours.values():
        behaviour.reset()
    yield behaviours
    for behaviour in behaviours.values():
        behaviour.reset()


# Groups that take minutes each, longest first: xdist hands groups out in collection order
# (`--no-loadscope-reorder` in make test), and one of these taken last would end the run alone while
# the other worker idles. The rest follow, the groups with the most tests first. (The browser tests
# and the fuzzer run after, in one process: see the Makefile.)
LONG_GROUPS = ("local/test_restart.py", "infra", "e2e", "security/test_fuzz.py")


def _group(item: pytest.Item) -> str:
    """A test's xdist group: its file, or its whole folder where the tests share an expensive fixture
    (the synthesised stacks; the browser)."""
    path = Path(str(item.fspath)).relative_to(ROOT / "tests")
    return path.parts[0] if path.parts[0] in ("infra", "e2e") else path.as_posix()


@pytest.hookimpl(tryfirst=True)  # before xdist's, which reads the groups into the test ids
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """With `pytest -n 2 --dist loadgroup` (make test), a group's tests run on one worker (`_group`),
    the longest groups handed out first (`LONG_GROUPS`). xdist reads the groups into the test ids in
    a hook of its own, so this one runs first; pytest is held below 9.2, whose node ids xdist 3.8
    cannot tag (see pyproject.toml)."""
    groups = {item.nodeid: _group(item) for item in items}
    sizes: dict[str, int] = {}
    for group in groups.values():
        sizes[group] = sizes.get(group, 0) + 1

    def rank(item: pytest.Item) -> tuple[int, int]:
        group = groups[item.nodeid]
        long = LONG_GROUPS.index(group) if group in LONG_GROUPS else len(LONG_GROUPS)
        return long, -sizes[group]

    items.sort(key=rank)  # stable: a group's tests keep their order, and so do groups of one size
    for item in items:
        item.add_marker(pytest.mark.xdist_group(groups[item.nodeid]))
