"""create_app(): the behaviour every HTTP function shares, checked over real HTTP."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest
from fastapi import APIRouter
from pydantic import BaseModel, Field
from webox.config import get_settings
from webox.errors import NotFound, TooManyRequests
from webox.http import create_app
from webox.testing.server import RunningServer, serve


class Note(BaseModel):
    title: str = Field(min_length=1, max_length=20)
    password: str


router = APIRouter(prefix="/notes", tags=["notes"])


@router.post("", status_code=201)
def create_note(note: Note) -> dict[str, str]:
    """Create a note."""
    return {"title": note.title}


@router.get("/missing")
def read_missing() -> None:
    """Always missing."""
    raise NotFound("Note not found")


@router.get("/busy")
def read_busy() -> None:
    """Always throttled."""
    raise TooManyRequests("Slow down", retry_after=7)


@router.get("/boom")
def read_boom() -> None:
    """Always crashes."""
    raise RuntimeError("secret-db-password=hunter2")


@pytest.fixture(scope="module")
def server() -> Iterator[RunningServer]:
    running = serve(create_app(router, title="Notes"))
    running.spa_origin = get_settings().public_url  # type: ignore[attr-defined]
    yield running
    running.stop()


@pytest.fixture
def client(server: RunningServer) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=server.url) as http:
        yield http


class TestProblems:
    def test_webox_error_is_problem_json_with_stable_code(self, client: httpx.Client) -> None:
        response = client.get("/notes/missing")
        assert response.status_code == 404
        assert response.headers["content-type"] == "application/problem+json"
        body = response.json()
        assert body["code"] == "not_found" and body["detail"] == "Note not found"
        assert body["request_id"] == response.headers["x-request-id"]

    def test_throttle_carries_retry_after(self, client: httpx.Client) -> None:
        response = client.get("/notes/busy")
        assert response.status_code == 429
        assert response.headers["retry-after"] == "7"
        assert response.json()["retry_after"] == 7

    def test_validation_error_never_echoes_the_input(self, client: httpx.Client) -> None:
        response = client.post("/notes", json={"title": "x" * 50, "password": 12345678901})
        assert response.status_code == 422
        body = response.json()
        assert body["code"] == "validation_failed"
        assert "12345678901" not in response.text and "xxxxxxxxxx" not in response.text
        assert {tuple(e["loc"]) for e in body["errors"]} == {("body", "title"), ("body", "password")}

    def test_unknown_route_is_a_problem_too(self, client: httpx.Client) -> None:
        response = client.get("/nowhere")
        assert response.status_code == 404
        assert response.json()["code"] == "not_found"

    def test_crash_is_a_500_problem_without_details(self, client: httpx.Client) -> None:
        response = client.get("/notes/boom")
        assert response.status_code == 500
        assert response.json()["code"] == "internal_error"
        assert "hunter2" not in response.text


class TestRequestHandling:
    def test_request_id_is_propagated(self, client: httpx.Client) -> None:
        response = client.post(
            "/notes", json={"title": "a", "password": "p"}, headers={"x-request-id": "abc-123"}
        )
        assert response.status_code == 201
        assert response.headers["x-request-id"] == "abc-123"
        assert response.headers["cache-control"] == "no-store"

    def test_oversized_body_is_refused(self, client: httpx.Client) -> None:
        response = client.post(
            "/notes", content=b"{" + b" " * 2_000_000 + b"}", headers={"content-type": "application/json"}
        )
        assert response.status_code == 413
        assert response.json()["code"] == "payload_too_large"

    def test_cors_allows_the_spa_origin_only(self, client: httpx.Client, server: RunningServer) -> None:
        origin = server.spa_origin  # type: ignore[attr-defined]
        allowed = client.options(
            "/notes", headers={"Origin": origin, "Access-Control-Request-Method": "POST"}
        )
        assert allowed.headers.get("access-control-allow-origin") == origin
        assert allowed.headers.get("access-control-allow-credentials") == "true"
        refused = client.options(
            "/notes", headers={"Origin": "https://evil.example", "Access-Control-Request-Method": "POST"}
        )
        assert "access-control-allow-origin" not in refused.headers

    def test_operation_ids_read_tag_then_name(self, client: httpx.Client) -> None:
        spec = client.get("/openapi.json").json()
        assert spec["paths"]["/notes"]["post"]["operationId"] == "notes-create_note"
        assert spec["info"]["title"] == "WeBox — Notes"
