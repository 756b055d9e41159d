"""Which key a call uses (the user's, the platform's, a simulator's), and users' own keys at rest."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator

import pytest
from botocore.exceptions import ClientError
from webox.aws import client
from webox.config import kms_alias, resource_name
from webox.errors import Invalid, NotFound
from webox.local.host import LocalHost
from webox.providers import service
from webox.providers.errors import ModelUnavailable
from webox.providers.models import ProviderKey
from webox.providers.schemas import ChatMessage
from webox.testing.server import RunningServer

from tests.providers.conftest import run

USER_KEY = "sk-user-0123456789abcdefghijWXYZ"
PLATFORM_KEY = "sk-platform-0123456789abcdefgh"

pytestmark = pytest.mark.usefixtures("kms_key")


@pytest.fixture
def env(aws: LocalHost, simulators: dict[str, RunningServer]) -> LocalHost:
    """A clean embedded AWS, the simulators, no platform key."""
    return aws


@pytest.fixture
def platform_secret(env: LocalHost) -> Iterator[Callable[[dict[str, str]], None]]:
    """Write the platform keys' secret (the local host keeps secrets across resets: emptied after)."""
    secrets, name = client("secretsmanager"), resource_name("provider-keys")

    def write(keys: dict[str, str]) -> None:
        try:
            secrets.put_secret_value(SecretId=name, SecretString=json.dumps(keys))
        except secrets.exceptions.ResourceNotFoundException:
            secrets.create_secret(Name=name, SecretString=json.dumps(keys))
        service.clear_caches()

    yield write
    write({})


class TestResolutionOrder:
    def test_the_users_key_beats_the_platforms_which_beats_the_simulator(
        self, env: LocalHost, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        simulated = service.resolve_credentials("openai", "u1")
        assert simulated.simulated and simulated.base_url.startswith("http://127.0.0.1:")

        monkeypatch.setenv("OPENAI_API_KEY", PLATFORM_KEY)
        platform = service.resolve_credentials("openai", "u1")
        assert (platform.source, platform.api_key.get_secret_value()) == ("platform", PLATFORM_KEY)
        assert platform.base_url == "https://api.openai.com/v1"

        service.save_user_key("u1", "openai", USER_KEY)
        own = service.resolve_credentials("openai", "u1")
        assert (own.source, own.api_key.get_secret_value()) == ("user", USER_KEY)
        # Another user still gets the platform's key.
        assert service.resolve_credentials("openai", "u2").source == "platform"

    def test_platform_keys_come_from_the_secret_when_the_environment_has_none(
        self, platform_secret: Callable[[dict[str, str]], None]
    ) -> None:
        platform_secret({"mistral": PLATFORM_KEY})
        credentials = service.resolve_credentials("mistral")
        assert (credentials.source, credentials.api_key.get_secret_value()) == ("platform", PLATFORM_KEY)
        assert service.resolve_credentials("google").simulated

    def test_in_the_cloud_without_a_key_the_model_is_unavailable(
        self, env: LocalHost, cloud_mode: None
    ) -> None:
        with pytest.raises(ModelUnavailable) as error:
            service.resolve_credentials("anthropic", "u1")
        assert (error.value.status, error.value.code) == (409, "model_unavailable")

        async def call() -> None:
            async for _ in service.stream("claude-haiku-4-5", [ChatMessage(role="user", content="hi")]):
                pass

        with pytest.raises(ModelUnavailable):
            run(call())

    def test_a_users_key_makes_the_model_available_in_the_cloud(
        self, env: LocalHost, cloud_mode: None
    ) -> None:
        service.save_user_key("u1", "anthropic", USER_KEY)
        assert service.resolve_credentials("anthropic", "u1").source == "user"
        assert service.key_source("claude-haiku-4-5", "u1") == "user"

    def test_ollama_is_configured_by_its_base_url(
        self, env: LocalHost, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        monkeypatch.setenv("OLLAMA_BASE_URL", "http://10.0.0.5:11434/v1")
        credentials = service.resolve_credentials("ollama", "u1")
        assert (credentials.source, credentials.base_url) == ("platform", "http://10.0.0.5:11434/v1")


class TestModelPicker:
    def test_locally_every_model_is_offered_and_marked_simulated(self, env: LocalHost) -> None:
        models = service.available_models("u1")
        assert len(models) == len({m.id for m in models}) >= 14
        assert all(m.available and m.simulated for m in models)
        assert service.key_source("gpt-4o", "u1") == "simulated"

    def test_a_users_key_turns_its_vendors_models_real(self, env: LocalHost) -> None:
        service.save_user_key("u1", "anthropic", USER_KEY)
        by_id = {m.id: m for m in service.available_models("u1")}
        assert not by_id["claude-sonnet-4-6"].simulated and by_id["claude-sonnet-4-6"].available
        assert by_id["gpt-4o"].simulated

    def test_in_the_cloud_only_models_with_a_key_are_offered(
        self, env: LocalHost, cloud_mode: None, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        assert service.available_models("u1") == []
        monkeypatch.setenv("GEMINI_API_KEY", PLATFORM_KEY)
        models = service.available_models("u1")
        assert {m.id for m in models} == {"gemini-2.5-pro", "gemini-2.5-flash"}
        assert all(m.available and not m.simulated for m in models)


class TestUserKeys:
    def test_saved_keys_are_listed_masked_and_never_returned(self, env: LocalHost) -> None:
        assert service.save_user_key("u1", "openai", f"  {USER_KEY}\n") == "sk-…WXYZ"
        service.save_user_key("u1", "mistral", "m" * 32)
        listed = service.list_user_keys("u1")
        assert [(k.vendor, k.masked) for k in listed] == [("mistral", "mmm…mmmm"), ("openai", "sk-…WXYZ")]
        assert USER_KEY not in json.dumps([k.model_dump(mode="json") for k in listed])
        assert service.list_user_keys("u2") == []

    def test_the_stored_item_holds_ciphertext_bound_to_its_owner(self, env: LocalHost) -> None:
        service.save_user_key("u1", "openai", USER_KEY)
        raw = client("dynamodb").get_item(
            TableName=ProviderKey.Meta.table_name, Key={"user_id": {"S": "u1"}, "vendor": {"S": "openai"}}
        )["Item"]
        assert USER_KEY.encode() not in json.dumps(raw, default=repr).encode()
        assert USER_KEY.encode() not in raw["ciphertext"]["B"]
        kms = client("kms")
        with pytest.raises(ClientError):  # KMS refuses it under another owner
            kms.decrypt(
                KeyId=kms_alias(),
                CiphertextBlob=raw["ciphertext"]["B"],
                EncryptionContext={"user_id": "u2", "vendor": "openai"},
            )

    def test_saving_again_replaces_and_deleting_forgets(self, env: LocalHost) -> None:
        service.save_user_key("u1", "openai", USER_KEY)
        service.save_user_key("u1", "openai", "sk-second-key-0123456789-ABCD")
        assert [k.masked for k in service.list_user_keys("u1")] == ["sk-…ABCD"]
        service.delete_user_key("u1", "openai")
        assert service.list_user_keys("u1") == []
        assert service.resolve_credentials("openai", "u1").simulated
        with pytest.raises(NotFound):
            service.delete_user_key("u1", "openai")

    @pytest.mark.parametrize(
        ("vendor", "key", "code"),
        [
            ("openai", "short", "invalid_key"),
            ("openai", "sk-has spaces inside 0123456789", "invalid_key"),
            ("nobody", USER_KEY, "unknown_vendor"),
            ("ollama", USER_KEY, "key_not_needed"),
        ],
    )
    def test_invalid_keys_are_refused(self, env: LocalHost, vendor: str, key: str, code: str) -> None:
        with pytest.raises(Invalid) as error:
            service.save_user_key("u1", vendor, key)
        assert error.value.code == code
        assert service.list_user_keys("u1") == []
