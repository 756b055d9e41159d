"""One smoke test per Lambda: its real `handler`, imported as Lambda imports it, called with the
event its AWS trigger sends (API Gateway HTTP API payload 2.0, WebSocket, SQS, Step Functions).

The local host mounts the functions' ASGI apps, so this is the only place Mangum's event
translation and each module's `handler` name are exercised before AWS does."""

from __future__ import annotations

import asyncio
import importlib
import json
import time
from collections.abc import Iterator
from types import SimpleNamespace
from typing import Any

import pytest
from aws_lambda_powertools.utilities.batch.exceptions import BatchProcessingError
from webox import manifest
from webox.local.host import LocalHost

# A cheap route of each HTTP function that needs a signed-in caller: without credentials it
# answers 401. A new HTTP function must add its own (the coverage test below fails otherwise).
UNAUTHENTICATED_ROUTES = {
    "auth-api": "/api/auth/me",
    "chat-api": "/api/conversations",
    "gateway-api": "/v1/models",
    "catalog-api": "/api/catalog/favorites",
    "share-api": "/api/share-links",
    "assistants-api": "/api/assistants",
    "prompts-api": "/api/prompts",
    "dashboard-api": "/api/usage",
    "billing-api": "/api/billing/subscription",
    "media-api": "/api/media/jobs",
    "agents-api": "/api/agents",
    "tasks-api": "/api/tasks",
    "workflows-api": "/api/workflows",
    "automations-api": "/api/automations/webhooks",
    "blog-api": "/api/blog/posts",
    "voice-api": "/api/voice/personas",
}
HTTP_FUNCTIONS = [f for f in manifest.FUNCTIONS if f.http_prefixes]
CONTEXT = SimpleNamespace(
    function_name="webox-test-smoke",
    memory_limit_in_mb=512,
    invoked_function_arn="arn:aws:lambda:eu-west-3:123456789012:function:webox-test-smoke",
    aws_request_id="smoke-request",
)


@pytest.fixture(autouse=True)
def main_thread_loop() -> Iterator[None]:
    """Lambda calls a handler on its process's main thread, where Mangum finds (or makes) the
    current loop; an earlier test's `asyncio.run` leaves the main thread with none set."""
    loop = asyncio.new_event_loop()
    asyncio.set_event_loop(loop)
    yield
    asyncio.set_event_loop(None)
    loop.close()


def handler_of(function: manifest.Function) -> Any:
    return importlib.import_module(function.import_path).handler


def http_event(method: str, path: str, headers: dict[str, str] | None = None) -> dict[str, Any]:
    """What API Gateway's HTTP API sends a Lambda integration (payload format 2.0)."""
    now = time.time()
    return {
        "version": "2.0",
        "routeKey": "$default",
        "rawPath": path,
        "rawQueryString": "",
        "headers": {
            "host": "abc123.execute-api.eu-west-3.amazonaws.com",
            "user-agent": "smoke",
            **(headers or {}),
        },
        "requestContext": {
            "accountId": "123456789012",
            "apiId": "abc123",
            "domainName": "abc123.execute-api.eu-west-3.amazonaws.com",
            "domainPrefix": "abc123",
            "http": {
                "method": method,
                "path": path,
                "protocol": "HTTP/1.1",
                "sourceIp": "203.0.113.7",
                "userAgent": "smoke",
            },
            "requestId": "smoke-request",
            "routeKey": "$default",
            "stage": "$default",
            "time": time.strftime("%d/%b/%Y:%H:%M:%S +0000", time.gmtime(now)),
            "timeEpoch": int(now * 1000),
        },
        "isBase64Encoded": False,
    }


def ws_event(
    route: str, connection_id: str, body: dict[str, Any] | None = None, **extra: Any
) -> dict[str, Any]:
    """What API Gateway's WebSocket API sends for one route."""
    return {
        "requestContext": {
            "routeKey": route,
            "eventType": "CONNECT" if route == "$connect" else "MESSAGE",
            "connectionId": connection_id,
            "domainName": "abc123.execute-api.eu-west-3.amazonaws.com",
            "stage": "ws",
        },
        "body": json.dumps(body) if body is not None else None,
        "isBase64Encoded": False,
        **extra,
    }


def sqs_event(*bodies: str) -> dict[str, Any]:
    return {
        "Records": [
            {
                "messageId": f"message-{number}",
                "receiptHandle": f"receipt-{number}",
                "body": body,
                "attributes": {"ApproximateReceiveCount": "1", "SentTimestamp": "0"},
                "messageAttributes": {},
                "md5OfBody": "",
                "eventSource": "aws:sqs",
                "eventSourceARN": "arn:aws:sqs:eu-west-3:123456789012:webox-test-queue",
                "awsRegion": "eu-west-3",
            }
            for number, body in enumerate(bodies)
        ]
    }


def body_of(response: dict[str, Any]) -> Any:
    """The JSON body of a Mangum answer, which problem+json answers carry as text (not base64)."""
    assert response.get("isBase64Encoded") is False, response
    return json.loads(response["body"])


def test_every_http_function_has_a_smoke_route() -> None:
    assert sorted(f.name for f in HTTP_FUNCTIONS) == sorted(UNAUTHENTICATED_ROUTES)


@pytest.mark.parametrize("function", HTTP_FUNCTIONS, ids=lambda f: f.name)
def test_http_handler_refuses_an_anonymous_caller_with_a_problem(
    aws: LocalHost, function: manifest.Function
) -> None:
    response = handler_of(function)(http_event("GET", UNAUTHENTICATED_ROUTES[function.name]), CONTEXT)
    assert response["statusCode"] == 401, response
    assert response["headers"]["content-type"] == "application/problem+json"
    assert body_of(response)["code"] == "not_authenticated"


def test_http_handler_answers_an_unknown_path_with_a_problem(aws: LocalHost) -> None:
    response = handler_of(manifest.function("auth-api"))(http_event("GET", "/api/auth/nowhere"), CONTEXT)
    assert response["statusCode"] == 404
    assert response["headers"]["content-type"] == "application/problem+json"


class TestWebSocketHandlers:
    def test_connect_without_credentials_is_refused(self, aws: LocalHost) -> None:
        handler = handler_of(manifest.function("realtime-ws"))
        assert handler(ws_event("$connect", "smoke-1", headers={}), CONTEXT) == {"statusCode": 401}

    def test_connect_from_a_foreign_site_is_refused(self, aws: LocalHost) -> None:
        handler = handler_of(manifest.function("realtime-ws"))
        event = ws_event("$connect", "smoke-2", headers={"Origin": "https://evil.example"})
        assert handler(event, CONTEXT) == {"statusCode": 403}

    def test_a_chat_action_from_a_connection_that_never_connected_is_refused(self, aws: LocalHost) -> None:
        handler = handler_of(manifest.function("chat-ws"))
        event = ws_event("chat.send", "never-connected", {"action": "chat.send", "content": "Bonjour"})
        assert handler(event, CONTEXT) == {"statusCode": 403}


class TestQueueWorkers:
    def test_usage_worker_empty_batch_has_no_failures(self, aws: LocalHost) -> None:
        assert handler_of(manifest.function("usage-worker"))({"Records": []}, CONTEXT) == {
            "batchItemFailures": []
        }

    def test_usage_worker_reports_an_unreadable_message_alone(self, aws: LocalHost) -> None:
        answer = handler_of(manifest.function("usage-worker"))(sqs_event("not json"), CONTEXT)
        assert answer == {"batchItemFailures": [{"itemIdentifier": "message-0"}]}

    def test_tasks_worker_gives_an_unreadable_batch_back_to_the_queue(self, aws: LocalHost) -> None:
        # Every record failed: Powertools fails the invocation, so SQS retries the batch and
        # then dead-letters it rather than deleting it.
        with pytest.raises(BatchProcessingError):
            handler_of(manifest.function("tasks-worker"))(sqs_event("not json", "{}"), CONTEXT)

    def test_tasks_worker_reports_a_message_it_cannot_read_and_passes_one_for_no_task(
        self, aws: LocalHost
    ) -> None:
        gone = json.dumps({"user_id": "u1", "task_id": "0" * 32, "step_id": "s1", "run": 1, "attempt": 1})
        answer = handler_of(manifest.function("tasks-worker"))(sqs_event(gone, "not json"), CONTEXT)
        assert answer == {"batchItemFailures": [{"itemIdentifier": "message-1"}]}

    def test_account_worker_reports_a_message_it_cannot_read_and_passes_one_for_no_task(
        self, aws: LocalHost
    ) -> None:
        gone = json.dumps({"user_id": "u1", "task_id": "0" * 32, "step_id": "s1", "run": 1, "attempt": 1})
        answer = handler_of(manifest.function("account-worker"))(sqs_event(gone, "not json"), CONTEXT)
        assert answer == {"batchItemFailures": [{"itemIdentifier": "message-1"}]}

    def test_automations_worker_reports_a_message_it_cannot_read_alone(self, aws: LocalHost) -> None:
        event = json.dumps({"detail-type": "task.failed", "source": "webox", "detail": {}})
        answer = handler_of(manifest.function("automations-worker"))(sqs_event(event, "not json"), CONTEXT)
        assert answer == {"batchItemFailures": [{"itemIdentifier": "message-1"}]}

    def test_blog_worker_reports_a_message_it_cannot_read_and_still_renders(self, aws: LocalHost) -> None:
        render = json.dumps({"type": "render"})
        answer = handler_of(manifest.function("blog-worker"))(sqs_event(render, "not json"), CONTEXT)
        assert answer == {"batchItemFailures": [{"itemIdentifier": "message-1"}]}
        from webox import storage

        assert "robots.txt" in storage.list_keys("site", "")

    def test_voice_worker_reports_a_message_it_cannot_read_alone(self, aws: LocalHost) -> None:
        nothing = json.dumps({"user_id": "u1", "account_sid": "AC1", "sealed": "", "number_sids": []})
        answer = handler_of(manifest.function("voice-worker"))(sqs_event(nothing, "not json"), CONTEXT)
        assert answer == {"batchItemFailures": [{"itemIdentifier": "message-1"}]}


def test_every_queue_worker_is_covered() -> None:
    assert sorted(f.name for f in manifest.FUNCTIONS if f.queue) == [
        "account-worker",
        "automations-worker",
        "blog-worker",
        "tasks-worker",
        "usage-worker",
        "voice-worker",
    ]


def test_chat_steps_refuses_an_unknown_step(aws: LocalHost) -> None:
    with pytest.raises(ValueError, match="unknown step 'nope'"):
        handler_of(manifest.function("chat-steps"))({"step": "nope"}, CONTEXT)


def test_auth_rotation_runs_secrets_manager_s_steps_and_refuses_an_unknown_one(aws: LocalHost) -> None:
    from webox.auth import repository
    from webox.auth.key_rotation import RotationError

    handler = handler_of(manifest.function("auth-rotation"))
    secret_id, token = repository.signing_secret_id(), "0" * 32
    before = repository.secret_document(secret_id)["kid"]
    try:
        for step in ("createSecret", "setSecret", "testSecret", "finishSecret"):
            handler({"SecretId": secret_id, "ClientRequestToken": token, "Step": step}, CONTEXT)
        after = repository.secret_document(secret_id)["kid"]
        assert after != before and after in repository.public_keys(refresh=True)
        with pytest.raises(RotationError):
            handler({"SecretId": secret_id, "ClientRequestToken": token, "Step": "nope"}, CONTEXT)
    finally:
        repository.forget_keys()


def test_voice_relay_refuses_an_unsigned_connection(aws: LocalHost) -> None:
    event = {
        "requestContext": {"routeKey": "$connect", "connectionId": "c1"},
        "headers": {},
        "queryStringParameters": {"call": "0" * 32},
    }
    assert handler_of(manifest.function("voice-relay"))(event, CONTEXT) == {"statusCode": 403}


def test_every_function_is_smoke_tested() -> None:
    http = {f.name for f in HTTP_FUNCTIONS}
    others = {f.name for f in manifest.FUNCTIONS} - http
    assert others == {
        "realtime-ws",
        "chat-ws",
        "chat-steps",
        "usage-worker",
        "tasks-worker",
        "account-worker",
        "automations-worker",
        "blog-worker",
        "voice-relay",
        "voice-worker",
        "auth-rotation",
    }
