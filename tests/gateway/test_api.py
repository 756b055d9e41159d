"""The OpenAI-compatible gateway, driven by the official `openai` SDK with a WeBox API token."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

import openai
import pytest
from webox.local.host import LocalHost
from webox.usage.models import UsageRecord

from tests.accounts import Account


def api_token(account: Account, scopes: list[str]) -> str:
    response = account.client.post(
        "/api/auth/tokens",
        json={"name": "sdk", "scopes": scopes, "password": account.password},
        headers=account.csrf(),
    )
    assert response.status_code == 201, response.text
    return str(response.json()["token"])


@pytest.fixture
def gateway(
    aws: LocalHost, create_account: Callable[..., Account], simulators: dict[str, Any]
) -> tuple[openai.OpenAI, Account]:
    account = create_account()
    client = openai.OpenAI(
        api_key=api_token(account, ["chat", "read"]), base_url=f"{aws.url}/v1", max_retries=0
    )
    return client, account


def direct(model: str, content: str) -> str:
    """The same question asked of the simulated vendor directly (what the gateway must pass through)."""
    import os

    sdk = openai.OpenAI(api_key="sk-direct", base_url=os.environ["WEBOX_SIMULATED_OPENAI_URL"])
    answer = sdk.chat.completions.create(model=model, messages=[{"role": "user", "content": content}])
    return answer.choices[0].message.content or ""


class TestCompletions:
    def test_json_completion_matches_the_vendor_and_records_usage(
        self, gateway: tuple[openai.OpenAI, Account]
    ) -> None:
        client, account = gateway
        completion = client.chat.completions.create(
            model="gpt-4o-mini", messages=[{"role": "user", "content": "Donne trois idées de titres."}]
        )
        assert completion.choices[0].message.content == direct("gpt-4o-mini", "Donne trois idées de titres.")
        assert completion.usage is not None and completion.usage.completion_tokens > 0
        assert completion.model == "gpt-4o-mini" and completion.id.startswith("chatcmpl-")
        deadline, records = time.monotonic() + 5, []
        while not records and time.monotonic() < deadline:  # recorded after the answer is sent
            records = list(UsageRecord.query(account.id))
            time.sleep(0.05)
        assert [(r.feature, r.model, r.status) for r in records] == [("gateway", "gpt-4o-mini", "done")]

    def test_stream_with_usage(self, gateway: tuple[openai.OpenAI, Account]) -> None:
        client, _ = gateway
        parts, usage = [], None
        stream = client.chat.completions.create(
            model="claude-haiku-4-5",
            messages=[{"role": "system", "content": "Sois bref."}, {"role": "user", "content": "Bonjour !"}],
            stream=True,
            stream_options={"include_usage": True},
        )
        for chunk in stream:
            if chunk.choices:
                parts.append(chunk.choices[0].delta.content or "")
            if chunk.usage:
                usage = chunk.usage
        assert "claude-haiku-4-5" in "".join(parts) and usage is not None and usage.total_tokens > 0

    def test_models_are_listed(self, gateway: tuple[openai.OpenAI, Account]) -> None:
        client, _ = gateway
        ids = {m.id for m in client.models.list()}
        assert {"gpt-4o", "claude-haiku-4-5", "gemini-2.5-flash", "mistral-large-latest"} <= ids


class TestScopes:
    @pytest.mark.parametrize("scope", ["chat", "read"])
    def test_either_chat_or_read_lists_the_models(
        self, aws: LocalHost, create_account: Callable[..., Account], scope: str
    ) -> None:
        # What Open WebUI, LibreChat or an IDE plugin does first with a new endpoint.
        account = create_account()
        client = openai.OpenAI(api_key=api_token(account, [scope]), base_url=f"{aws.url}/v1", max_retries=0)
        assert "gpt-4o" in {m.id for m in client.models.list()}

    def test_a_media_only_token_cannot_list_the_models(
        self, aws: LocalHost, create_account: Callable[..., Account]
    ) -> None:
        account = create_account()
        client = openai.OpenAI(api_key=api_token(account, ["media"]), base_url=f"{aws.url}/v1", max_retries=0)
        with pytest.raises(openai.PermissionDeniedError) as error:
            client.models.list()
        assert error.value.code == "insufficient_scope"


class TestErrors:
    def test_no_token_is_401(self, aws: LocalHost) -> None:
        client = openai.OpenAI(api_key="wbx_nope_nope", base_url=f"{aws.url}/v1", max_retries=0)
        with pytest.raises(openai.AuthenticationError):
            client.models.list()

    def test_a_token_without_the_chat_scope_is_403(
        self, aws: LocalHost, create_account: Callable[..., Account]
    ) -> None:
        account = create_account()
        client = openai.OpenAI(api_key=api_token(account, ["read"]), base_url=f"{aws.url}/v1", max_retries=0)
        with pytest.raises(openai.PermissionDeniedError):
            client.chat.completions.create(model="gpt-4o", messages=[{"role": "user", "content": "x"}])

    def test_unknown_model_is_404_in_openai_form(self, gateway: tuple[openai.OpenAI, Account]) -> None:
        client, _ = gateway
        with pytest.raises(openai.NotFoundError) as error:
            client.chat.completions.create(model="gpt-9", messages=[{"role": "user", "content": "x"}])
        assert "gpt-9" in error.value.message

    def test_a_vendor_failure_before_the_first_token_is_an_http_error(
        self, gateway: tuple[openai.OpenAI, Account], simulators: dict[str, Any]
    ) -> None:
        client, _ = gateway
        simulators["openai"].faults.extend(["429"] * 3)
        simulators["openai"].retry_after_s = 1
        with pytest.raises(openai.RateLimitError):
            client.chat.completions.create(
                model="gpt-4o-mini", messages=[{"role": "user", "content": "x"}], stream=True
            )

    @pytest.mark.parametrize(
        ("option", "value"),
        [
            ("top_p", 0),
            ("top_p", False),
            ("top_p", 1.5),
            ("temperature", -1),
            ("temperature", "hot"),
            ("max_tokens", 0),
        ],
    )
    def test_an_out_of_range_option_is_a_400_naming_it_as_openai_does(
        self, gateway: tuple[openai.OpenAI, Account], option: str, value: Any
    ) -> None:
        client, _ = gateway
        with pytest.raises(openai.BadRequestError) as error:
            client.chat.completions.create(
                model="gpt-4o-mini", messages=[{"role": "user", "content": "x"}], **{option: value}
            )
        assert error.value.status_code == 400
        assert error.value.param == option and error.value.type == "invalid_request_error"
        assert error.value.body["code"] is None and option in error.value.message  # type: ignore[index]

    def test_the_smallest_allowed_options_reach_the_model(
        self, gateway: tuple[openai.OpenAI, Account]
    ) -> None:
        client, _ = gateway
        answer = client.chat.completions.create(
            model="gpt-4o-mini",
            messages=[{"role": "user", "content": "x"}],
            top_p=0.01,
            temperature=0,
            max_tokens=1,
        )
        assert answer.choices[0].message.content is not None

    def test_images_are_refused_clearly(self, gateway: tuple[openai.OpenAI, Account]) -> None:
        client, _ = gateway
        with pytest.raises(openai.BadRequestError):
            client.chat.completions.create(
                model="gpt-4o",
                messages=[
                    {"role": "user", "content": [{"type": "image_url", "image_url": {"url": "https://x"}}]}
                ],
            )
