"""Each feature declares itself in `webox/<feature>/feature.py`; the manifest is their sum, and the
user-data hooks a feature declares are what account export and deletion call."""

from __future__ import annotations

import dataclasses
import inspect
import subprocess
import sys
from collections.abc import Iterable

import pytest
from pynamodb.attributes import TTLAttribute
from webox import manifest
from webox.account.repository import OWNER_ATTRIBUTES, user_tables
from webox.db import all_models, logical_name
from webox.platform import HOOK_PROTOCOLS, Feature, UserDataHooks, resolve

DECLARED_HOOKS = [
    (feature.name, hook, path)
    for feature in manifest.DECLARATIONS
    for hook, path in feature.hooks.declared().items()
]


def _matches(signature: inspect.Signature, protocol: inspect.Signature) -> bool:
    """Same parameters (names, kinds, annotations); the same return type unless the protocol's is `Any`."""
    if list(signature.parameters.values()) != list(protocol.parameters.values()):
        return False
    return protocol.return_annotation == "Any" or signature.return_annotation == protocol.return_annotation


def _protocol_signature(protocol: type) -> inspect.Signature:
    signature = inspect.signature(protocol.__call__)
    return signature.replace(parameters=list(signature.parameters.values())[1:])  # without `self`


# A feature whose package grew a sibling of its own (the agents' knowledge bases, which workflows use too).
SUBPACKAGES = {"agents": ("webox.knowledge.",)}


class TestDeclarations:
    def test_each_feature_is_declared_under_its_own_name(self) -> None:
        assert [d.name for d in manifest.DECLARATIONS] == list(manifest.FEATURES)
        for declared in manifest.DECLARATIONS:
            assert all(f.feature == declared.name for f in declared.functions), declared.name
            homes = (f"webox.{declared.name}.", *SUBPACKAGES.get(declared.name, ()))
            assert all(m.startswith(homes) for m in declared.models), declared.name

    def test_the_manifest_is_the_sum_of_the_declarations(self) -> None:
        assert tuple(f for d in manifest.DECLARATIONS for f in d.functions) == manifest.FUNCTIONS
        assert set(manifest.BUCKETS) == {"files", "media", "tasks", "site", "voice", "knowledge"}
        assert [q.name for q in manifest.QUEUES] == [
            "account",
            "usage",
            "tasks",
            "automations",
            "blog",
            "voice",
        ]
        assert [s.name for s in manifest.SECRETS] == [
            "jwt-signing",
            "jwt-public",
            "link-signing",
            "origin-verify",
            "provider-keys",
            "stripe",
            "pipedream",
            "voice-twilio",
        ]
        assert manifest.declaration("chat").state_machines == manifest.STATE_MACHINES
        with pytest.raises(KeyError):
            manifest.declaration("nope")

    def test_a_resource_is_owned_by_one_feature(self) -> None:
        for kind in ("models", "buckets", "queues", "secrets", "state_machines"):
            owned = [getattr(item, "name", item) for d in manifest.DECLARATIONS for item in getattr(d, kind)]
            assert len(owned) == len(set(owned)), kind

    def test_reading_the_manifest_loads_no_service_code(self) -> None:
        """CDK synth and the local host read the declarations: no vendor SDK, no service module."""
        code = (
            "import sys; from webox import manifest; "
            "print(sorted(m for m in sys.modules if m.endswith(('.service', '.repository')) "
            "or m.split('.')[0] in ('openai', 'anthropic', 'stripe', 'pynamodb')))"
        )
        out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
        assert out.stdout.strip() == "[]"


class TestUserDataHooks:
    @pytest.mark.parametrize(
        ("feature", "hook", "path"), DECLARED_HOOKS, ids=[f"{f}.{h}" for f, h, _ in DECLARED_HOOKS]
    )
    def test_each_hook_resolves_to_a_function_of_its_protocol(
        self, feature: str, hook: str, path: str
    ) -> None:
        function = resolve(path)
        assert callable(function), path
        assert _matches(inspect.signature(function), _protocol_signature(HOOK_PROTOCOLS[hook])), path

    def test_a_signature_that_differs_is_told_apart(self) -> None:
        # The comparison the test above makes would see a hook taking a second argument.
        delete = _protocol_signature(HOOK_PROTOCOLS["delete"])
        assert not _matches(inspect.signature(resolve("webox.usage.repository:delete_user_data")), delete)
        files = _protocol_signature(HOOK_PROTOCOLS["export_files"])
        assert not _matches(inspect.signature(resolve("webox.media.service:export_user_data")), files)

    def test_every_table_holding_a_users_items_is_swept_or_has_a_deleter(self) -> None:
        """A table the generic sweep cannot list a user's items in (no `user_id`/`owner_id` key or
        index) needs its feature's `delete` hook, or deleting an account would leave them behind
        (auth's refresh and one-time tokens, short-lived, are found by their `by_user` index now)."""
        assert _left_behind(manifest.DECLARATIONS) == {}

    def test_a_feature_dropping_its_deleter_leaves_items_behind(self) -> None:
        declarations = [
            dataclasses.replace(d, hooks=UserDataHooks()) if d.name == "prompts" else d
            for d in manifest.DECLARATIONS
        ]
        assert _left_behind(declarations)["kept"] == ["prompt_shares", "prompt_market"]

    def test_hooks_are_declared_by_the_features_that_owned_them(self) -> None:
        """The features whose service had export/delete functions before they were declared, and
        realtime, whose deletion closes the account's sockets."""
        declared = {d.name: set(d.hooks.declared()) for d in manifest.DECLARATIONS if d.hooks.declared()}
        assert declared == {
            "agents": {"delete"},
            "automations": {"export", "delete"},
            "billing": {"export", "delete"},
            "catalog": {"delete"},
            "chat": {"export", "delete"},
            "media": {"export", "export_files", "delete"},
            "prompts": {"delete"},
            "realtime": {"delete"},
            "share": {"delete"},
            "usage": {"export", "delete"},
            "workflows": {"delete"},
            "voice": {"export", "delete"},
        }

    def test_a_feature_without_hooks_has_none(self) -> None:
        bare = Feature(name="bare")
        assert bare.hooks.declared() == {}
        assert bare.hooks.export_data() is None and bare.hooks.delete_data() is None
        assert bare.hooks.export_user_files() is None


def _left_behind(declarations: Iterable[Feature]) -> dict[str, list[str]]:
    """Tables holding a user's items (an attribute names the user) that neither the sweep nor the
    feature's `delete` hook empties: those that expire by TTL, and those kept for good."""
    swept = {model for model, _ in user_tables()}
    found: dict[str, list[str]] = {}
    for declared in declarations:
        for model in all_models(declared.models):
            attributes = model.get_attributes()
            if set(attributes) & set(OWNER_ATTRIBUTES) and model not in swept and not declared.hooks.delete:
                expires = any(isinstance(a, TTLAttribute) for a in attributes.values())
                found.setdefault("expiring" if expires else "kept", []).append(logical_name(model))
    return found
