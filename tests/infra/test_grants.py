"""Each function's grants are what its code uses: locally nothing enforces IAM, so a grant missing
from the manifest would only fail on AWS, at the first request that needs it."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from typing import Any

import pytest
from webox import manifest
from webox.manifest import Function, StateMachine

from infra import grants


@pytest.fixture(scope="module")
def deriver() -> grants.Deriver:
    return grants.Deriver()


def _replace(monkeypatch: pytest.MonkeyPatch, name: str, **changes: Any) -> Function:
    """Declare one function differently (the others unchanged); returns its new declaration."""
    changed = dataclasses.replace(manifest.function(name), **changes)
    functions = tuple(changed if f.name == name else f for f in manifest.FUNCTIONS)
    monkeypatch.setattr(manifest, "FUNCTIONS", functions)
    return changed


def _without(values: tuple[str, ...], value: str) -> tuple[str, ...]:
    assert value in values
    return tuple(v for v in values if v != value)


class TestTheManifest:
    def test_every_function_is_granted_exactly_what_its_code_uses(self, deriver: grants.Deriver) -> None:
        drifts = grants.drift(deriver)
        assert not drifts, "grants differ from the code:\n" + "\n".join(map(str, drifts))


# One grant taken from a function whose code needs it, and the sentence the check must say.
REMOVALS: list[tuple[str, Callable[[Function], dict[str, Any]], str]] = [
    ("tasks-worker", lambda f: {"tables": _without(f.tables, "provider_keys")}, "table:provider_keys"),
    ("account-worker", lambda f: {"tables": _without(f.tables, "catalog_reviews")}, "table:catalog_reviews"),
    # The account worker's queue, where an export or a deletion starts (`queue_for` of its kind).
    ("dashboard-api", lambda f: {"sends_to": _without(f.sends_to, "account")}, "queue:account"),
    ("chat-steps", lambda f: {"buckets": ()}, "bucket:files"),
    ("media-api", lambda f: {"sends_to": ()}, "queue:tasks"),
    ("billing-api", lambda f: {"secrets": _without(f.secrets, "stripe")}, "secret:stripe"),
    ("realtime-ws", lambda f: {"push": False}, "push"),
    ("auth-api", lambda f: {"mail": False}, "mail"),
    ("media-api", lambda f: {"kms": False}, "kms"),
    # Declared read-only, yet its code writes the table (it signs people in).
    ("auth-api", lambda f: {"read_only": ("users",)}, "write:users"),
]


class TestDrift:
    @pytest.mark.parametrize(("name", "change", "missing"), REMOVALS, ids=[r[2] for r in REMOVALS])
    def test_a_grant_removed_from_a_declaration_is_reported_missing(
        self,
        deriver: grants.Deriver,
        monkeypatch: pytest.MonkeyPatch,
        name: str,
        change: Callable[[Function], dict[str, Any]],
        missing: str,
    ) -> None:
        _replace(monkeypatch, name, **change(manifest.function(name)))
        assert grants.drift(deriver) == [grants.Drift(name, missing=(missing,), superfluous=())]

    def test_a_table_only_read_but_granted_writes_is_reported_superfluous(
        self, deriver: grants.Deriver, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        _replace(monkeypatch, "chat-api", read_only=("users",))
        assert grants.drift(deriver) == [
            grants.Drift("chat-api", missing=(), superfluous=("write:sessions",))
        ]

    def test_a_starter_removed_from_a_workflow_is_reported_missing(
        self, deriver: grants.Deriver, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        [fanout] = manifest.STATE_MACHINES
        machine = dataclasses.replace(fanout, started_by=_without(fanout.started_by, "chat-ws"))
        monkeypatch.setattr(manifest, "STATE_MACHINES", (machine,))
        assert grants.drift(deriver) == [
            grants.Drift("chat-ws", missing=("state machine:chat-fanout",), superfluous=())
        ]

    def test_a_grant_no_code_uses_is_reported_superfluous(
        self, deriver: grants.Deriver, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        realtime = manifest.function("realtime-ws")
        _replace(monkeypatch, "realtime-ws", tables=(*realtime.tables, "conversations"), kms=True)
        [drift] = grants.drift(deriver)
        assert drift == grants.Drift("realtime-ws", missing=(), superfluous=("kms", "table:conversations"))
        assert str(drift) == "realtime-ws: superfluous kms, table:conversations"


class TestDerivation:
    def test_importing_a_module_is_not_using_its_tables(self, deriver: grants.Deriver) -> None:
        """The socket's handler imports auth modules that hold other operations (sessions, password
        checks…) and the realtime service (which closes sockets), yet is charged only with what it calls."""
        used = deriver.used(manifest.function("realtime-ws"))
        # (one_time_tokens: `$connect` spends the single-use ticket of `?ticket=`.)
        assert used.tables == {"connections", "users", "sessions", "api_tokens", "one_time_tokens"}
        assert not used.kms and not used.mail

    def test_checking_a_graph_runs_its_nodes_settings_validators(self, deriver: grants.Deriver) -> None:
        # A Pipedream action node's settings are checked against its component at Pipedream when a
        # graph is validated: the node classes are registered by name, so only this rule finds it.
        assert "pipedream" in deriver.used(manifest.function("workflows-api")).secrets
        # Their steps (which call models, agents, the blog) run in the worker, not in the API.
        assert "blog_posts" not in deriver.used(manifest.function("workflows-api")).tables

    def test_a_bucket_named_by_a_module_constant(self, deriver: grants.Deriver) -> None:
        # `BUCKET = "tasks"` in the engine's repository, `"media"` in the media service a cancel calls,
        # `"knowledge"` beside `"tasks"` for the agents' API.
        assert deriver.used(manifest.function("tasks-api")).buckets == {"tasks", "media"}
        assert deriver.used(manifest.function("agents-api")).buckets == {
            "tasks",
            "knowledge",
            "files",
            "media",
        }

    def test_the_account_sweep_reaches_every_table_keyed_by_a_user(self, deriver: grants.Deriver) -> None:
        from webox.account.repository import user_tables
        from webox.db import logical_name

        swept = {logical_name(model) for model, _ in user_tables()}
        assert swept and swept <= deriver.used(manifest.function("account-worker")).tables

    def test_a_bucket_chosen_at_run_time_stands_for_every_bucket(self, deriver: grants.Deriver) -> None:
        # Account export and deletion (steps of the engine, in the account worker) loop over
        # `manifest.BUCKETS`.
        assert deriver.used(manifest.function("account-worker")).buckets == set(manifest.BUCKETS)

    def test_the_dashboard_only_starts_account_export_and_deletion(self, deriver: grants.Deriver) -> None:
        """The request reads no feature's declaration: it is charged with none of their tables."""
        used = deriver.used(manifest.function("dashboard-api"))
        assert used.buckets == {"files"} and "account" in used.sends_to
        assert not used.tables & {"chat_items", "prompts", "billing_customers", "voice_numbers"}

    def test_the_starters_of_a_workflow(self, deriver: grants.Deriver) -> None:
        starters = {f.name for f in manifest.FUNCTIONS if "chat-fanout" in deriver.used(f).starts}
        assert starters == {"chat-api", "chat-ws"}

    def test_a_reached_symbol_says_how(self, deriver: grants.Deriver) -> None:
        reach = deriver.graph.reach("functions.media.api")
        path = reach.path(("webox.providers.models", "ProviderKey"))
        assert path[0] == "functions.media.api:*" and path[-1] == "webox.providers.models:ProviderKey"


# Reached only by account export and deletion: every account's sign-in records, conversations, prompts,
# share links, billing customer, phone numbers, reviews and bans (and `users` written: the deleted one).
DELETION_ONLY_TABLES = {
    "sessions",
    "api_tokens",
    "refresh_tokens",
    "one_time_tokens",
    "user_identities",
    "chat_items",
    "prompts",
    "prompt_versions",
    "share_links",
    "billing_customers",
    "voice_numbers",
    "catalog_reviews",
    "blog_bans",
    "automation_webhooks",
}


class TestAccountTasksOnTheirOwnWorker:
    """The tasks worker runs users' workflows and agents: it holds none of the grants only account
    export and deletion need, which the account worker holds instead (issue #20)."""

    @pytest.mark.parametrize("grants_of", ["derived", "declared"])
    def test_the_tasks_worker_holds_no_grant_only_account_tasks_need(
        self, deriver: grants.Deriver, grants_of: str
    ) -> None:
        spec = manifest.function("tasks-worker")
        found = deriver.used(spec) if grants_of == "derived" else grants.Grants.declared(spec)
        assert not found.tables & DELETION_ONLY_TABLES
        assert "users" not in found.writes and "users" in found.tables  # it checks a verified e-mail
        assert "stripe" not in found.secrets
        assert not found.buckets & {"files", "site", "voice"}
        assert found.sends_to == {"tasks", "blog"}
        assert "billing" not in spec.extras

    def test_the_account_worker_holds_them(self, deriver: grants.Deriver) -> None:
        used = deriver.used(manifest.function("account-worker"))
        assert used.tables >= DELETION_ONLY_TABLES and "users" in used.writes
        assert "stripe" in used.secrets and used.mail and used.kms
        # Its own queue, the automations worker's (a deletion stops the account's triggers) and the
        # voice worker's (it detaches the account's own Twilio numbers): never the tasks queue, whose
        # steps it does not run.
        assert used.sends_to == {"account", "automations", "voice"}

    def test_the_account_worker_is_not_charged_with_the_users_step_kinds(
        self, deriver: grants.Deriver
    ) -> None:
        """It runs only the kinds it registers (`engine.advance`), not those of `KIND_MODULES`."""
        used = deriver.used(manifest.function("account-worker"))
        assert "pipedream" not in used.secrets and "blog" not in used.sends_to
        tasks_worker = deriver.used(manifest.function("tasks-worker"))
        assert "pipedream" in tasks_worker.secrets and "blog" in tasks_worker.sends_to

    def test_a_function_starting_no_account_task_may_not_send_to_its_queue(
        self, deriver: grants.Deriver
    ) -> None:
        for name in ("tasks-api", "media-api", "workflows-api", "agents-api", "automations-worker"):
            assert "account" not in deriver.used(manifest.function(name)).sends_to, name
        senders = {f.name for f in manifest.FUNCTIONS if "account" in f.sends_to}
        assert senders == {"dashboard-api", "account-worker"}


def test_a_state_machine_is_compared_by_name(
    deriver: grants.Deriver, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A workflow nobody's code starts: every declared starter is superfluous."""
    definition = {"StartAt": "A", "States": {"A": {"Type": "Pass", "End": True}}}
    idle = StateMachine("idle", definition, started_by=("usage-worker",))
    monkeypatch.setattr(manifest, "STATE_MACHINES", (*manifest.STATE_MACHINES, idle))
    assert grants.drift(deriver) == [
        grants.Drift("usage-worker", missing=(), superfluous=("state machine:idle",))
    ]
