"""The local host: health, the SPA, the Management and Step Functions APIs the handlers call."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

import httpx
import pytest
from webox import mail, push, workflow
from webox.local.host import LocalHost
from webox.manifest import StateMachine


class TestHealth:
    def test_every_component_is_reported_green(self, api: httpx.Client) -> None:
        report = api.get("/health").json()
        assert report["status"] == "ok"
        components = report["components"]
        assert {
            "aws",
            "functions",
            "websocket",
            "pollers",
            "scheduler",
            "workflows",
            "spa",
            "providers",
        } <= set(components)
        assert all(component["ok"] for component in components.values())
        assert "/api/auth" in components["functions"]["http_prefixes"]

    def test_stays_green_however_much_data_is_stored(self, aws: LocalHost, api: httpx.Client) -> None:
        # Given megabytes of state in the embedded AWS (messages parked on a dead-letter queue)
        import boto3

        sqs = boto3.client("sqs", endpoint_url=aws.aws.url)
        [dlq] = [url for url in sqs.list_queues()["QueueUrls"] if url.endswith("usage-dlq")]
        for _ in range(20):
            sqs.send_message(QueueUrl=dlq, MessageBody="x" * 250_000)
        # Then the health check asks the embedded AWS for a constant-size answer, not its state
        assert api.get("/health").json()["components"]["aws"]["ok"] is True
        assert httpx.get(f"{aws.aws.url}/__webox/ping").json() == {"ok": True}


class TestOutbox:
    def test_mail_reads_as_the_recipient_reads_it(
        self, create_account: Callable[..., Any], outbox: Callable[[], list[dict[str, str]]]
    ) -> None:
        account = create_account()
        [verification] = [m for m in outbox() if m["to"] == account.email]
        # The HTML part escapes apostrophes; the outbox shows the text, not its entities.
        assert "n'avez pas créé de compte" in verification["text"]
        assert "&#x27;" not in verification["text"] and "&#x27;" in verification["html"]


class TestSinglePageApp:
    def test_index_and_client_side_routes_serve_the_app(self, api: httpx.Client) -> None:
        for path in ("/", "/chat", "/settings/security"):
            response = api.get(path)
            assert response.status_code == 200
            assert '<div id="root">' in response.text

    def test_assets_are_served_with_long_cache(self, api: httpx.Client) -> None:
        index = api.get("/").text
        asset = index.split('src="', 1)[1].split('"', 1)[0]
        response = api.get(asset)
        assert response.status_code == 200
        assert "immutable" in response.headers["cache-control"]

    def test_path_traversal_stays_inside_the_build(self, api: httpx.Client) -> None:
        response = api.get("/..%2f..%2fpyproject.toml")
        assert "[project]" not in response.text


class TestManagementApi:
    def test_push_to_an_unknown_connection_reports_it_gone(self, aws: LocalHost) -> None:
        assert push.post("bm9ib2R5LWhlcmU=", {"type": "ping"}) is False


class TestStepFunctionsApi:
    def test_workflow_start_runs_the_definition_with_the_handlers(
        self, aws: LocalHost, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        calls: list[tuple[str, Any]] = []
        machine = StateMachine(
            name="echo",
            definition={
                "StartAt": "Echo",
                "States": {"Echo": {"Type": "Task", "Resource": "${echo-fn}", "End": True}},
            },
        )
        monkeypatch.setitem(aws.runner.machines, "echo", machine)
        monkeypatch.setattr(
            aws.runner, "_invoke_function", lambda name, payload: calls.append((name, payload)) or 1
        )
        arn = workflow.start("echo", {"hello": "monde"})
        deadline = time.monotonic() + 5
        while aws.runner.executions[arn]["status"] == "RUNNING" and time.monotonic() < deadline:
            time.sleep(0.02)
        assert aws.runner.executions[arn]["status"] == "SUCCEEDED"
        assert calls == [("echo-fn", {"hello": "monde"})]

    def test_unknown_state_machine_is_refused(self, aws: LocalHost) -> None:
        import botocore.exceptions

        with pytest.raises(botocore.exceptions.ClientError) as error:
            workflow.start("nope", {})
        assert error.value.response["Error"]["Code"] == "StateMachineDoesNotExist"


class TestDevMail:
    def test_sent_mail_lands_in_the_outbox_page(self, aws: LocalHost, api: httpx.Client) -> None:
        mail.send("lea@example.fr", "Bienvenue", "Bonjour Léa <script>")
        assert aws.outbox()[-1]["subject"] == "Bienvenue"
        page = api.get("/dev/mail").text
        assert "Bienvenue" in page and "&lt;script&gt;" in page
