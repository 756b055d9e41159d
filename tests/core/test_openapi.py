"""The whole API's OpenAPI document: it matches the code, it is valid OpenAPI 3.1, every operation is
documented (id, summary, errors, an example), every example fits its schema, and the reference page
at `/api/docs` runs on local assets only."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi import APIRouter, FastAPI
from fastapi.testclient import TestClient
from jsonschema import Draft202012Validator
from openapi_spec_validator import validate
from pydantic import BaseModel, ConfigDict
from webox import openapi
from webox.http import PROBLEM, create_app, problem_example
from webox.local.host import LocalHost
from webox.prompts.errors import InvalidValues

ROOT = Path(__file__).resolve().parents[2]
COMMITTED = ROOT / "docs" / "openapi.json"
REGENERATE = "PYTHONPATH=layers/webox .venv/bin/python -m webox.openapi --json docs/openapi.json"
METHODS = {"get", "put", "post", "delete", "patch", "head", "options"}

Operation = tuple[str, str, dict[str, Any]]


@pytest.fixture(scope="module")
def document() -> dict[str, Any]:
    return openapi.build()


def operations(document: dict[str, Any]) -> Iterator[Operation]:
    for path, item in document["paths"].items():
        for method, operation in item.items():
            if method in METHODS:
                yield path, method, operation


def resolve(document: dict[str, Any], schema: dict[str, Any]) -> dict[str, Any]:
    ref = schema.get("$ref")
    if ref is None:
        return schema
    named: dict[str, Any] = document["components"]["schemas"][ref.rsplit("/", 1)[-1]]
    return named


def schema_has_example(document: dict[str, Any], schema: dict[str, Any]) -> bool:
    """An example on the schema itself, the model it names, every branch of a union, an array's item,
    or every field of an object (a reader and Swagger UI compose the whole from its fields)."""
    schema = resolve(document, schema)
    if schema.get("examples") or "example" in schema:
        return True
    branches = [
        branch for branch in schema.get("anyOf") or schema.get("oneOf") or [] if branch != {"type": "null"}
    ]
    if branches:
        return all(schema_has_example(document, branch) for branch in branches)
    if schema.get("type") == "array" and "items" in schema:
        return schema_has_example(document, schema["items"])
    properties = schema.get("properties")
    if schema.get("type") == "object" and properties:
        return all(schema_has_example(document, field) for field in properties.values())
    return False


def media_has_example(document: dict[str, Any], media: dict[str, Any]) -> bool:
    return (
        bool(media.get("examples"))
        or "example" in media
        or schema_has_example(document, media.get("schema", {}))
    )


def success(operation: dict[str, Any]) -> tuple[str, dict[str, Any]]:
    status = min(code for code in operation["responses"] if code.startswith("2") or code.startswith("3"))
    return status, operation["responses"][status]


def gaps(document: dict[str, Any]) -> list[str]:
    """What each operation lacks, as `METHOD path: what` lines (empty when all is documented)."""
    found: list[str] = []
    for path, method, operation in operations(document):
        where = f"{method.upper()} {path}"
        tag = operation.get("tags", ["webox"])[0]
        if not operation.get("operationId", "").startswith(f"{tag}-"):
            found.append(f"{where}: no operationId '{tag}-…'")
        description = operation.get("description", "")
        if not description or operation.get("summary") != description.strip().splitlines()[0].strip():
            found.append(f"{where}: no one-line docstring as its summary")
        errors = [code for code in operation["responses"] if code.startswith("4")]
        if not errors or not all(
            PROBLEM in operation["responses"][code].get("content", {}) for code in errors
        ):
            found.append(f"{where}: no problem+json error response")
        body = operation.get("requestBody", {}).get("content", {})
        if any(not media_has_example(document, media) for media in body.values()):
            found.append(f"{where}: no request body example")
        _, answer = success(operation)
        json_answers = {k: v for k, v in answer.get("content", {}).items() if "json" in k}
        if any(not media_has_example(document, media) for media in json_answers.values()):
            found.append(f"{where}: no success response example")
    return found


def examples(document: dict[str, Any]) -> Iterator[tuple[str, dict[str, Any], Any]]:
    """(where, schema, example) for every example of the document."""
    for name, schema in document["components"]["schemas"].items():
        for index, example in enumerate(schema.get("examples", [])):
            yield (
                f"components.schemas.{name}.examples[{index}]",
                {"$ref": f"#/components/schemas/{name}"},
                example,
            )
        for field, field_schema in schema.get("properties", {}).items():
            for index, example in enumerate(field_schema.get("examples", [])):
                yield f"components.schemas.{name}.{field}.examples[{index}]", field_schema, example
    for path, method, operation in operations(document):
        where = f"{method.upper()} {path}"
        bodies = [("request", operation.get("requestBody", {}).get("content", {}))]
        bodies += [
            (status, response.get("content", {})) for status, response in operation["responses"].items()
        ]
        for part, content in bodies:
            for media_type, media in content.items():
                schema = media.get("schema")
                if schema is None or "json" not in media_type:
                    continue
                if "example" in media:
                    yield f"{where} {part} example", schema, media["example"]
                for key, named in media.get("examples", {}).items():
                    shared = named.get("$ref", "").removeprefix("#/components/examples/")
                    value = document["components"]["examples"][shared] if shared else named
                    yield f"{where} {part} examples.{key}", schema, value["value"]
        for parameter in operation.get("parameters", []):
            for index, example in enumerate(parameter.get("schema", {}).get("examples", [])):
                yield f"{where} parameter {parameter['name']}[{index}]", parameter["schema"], example


def misfits(document: dict[str, Any]) -> list[str]:
    """`where: why` for every example that its schema refuses (JSON Schema 2020-12, as OpenAPI 3.1)."""
    wrong = []
    for where, schema, example in examples(document):
        validator = Draft202012Validator({**schema, "components": document["components"]})
        wrong += [f"{where}: {error.message}" for error in validator.iter_errors(example)]
    return wrong


class TestDocument:
    def test_committed_document_matches_the_code(self, document: dict[str, Any]) -> None:
        committed = COMMITTED.read_text(encoding="utf-8") if COMMITTED.is_file() else ""
        assert committed == openapi.dumps(document), (
            f"{COMMITTED.relative_to(ROOT)} is out of date with the routes and schemas: regenerate it with "
            f"`{REGENERATE}` and commit it"
        )

    def test_is_valid_openapi_3_1(self, document: dict[str, Any]) -> None:
        assert document["openapi"] == "3.1.0"
        validate(document)

    def test_covers_every_feature_and_the_gateway(self, document: dict[str, Any]) -> None:
        assert document["info"]["title"] == "WeBox API"
        assert document["servers"] == [{"url": "/"}]
        assert {
            "/api/auth/login",
            "/api/conversations",
            "/api/media/jobs",
            "/v1/chat/completions",
            "/v1/models",
        } <= set(document["paths"])
        assert all(path.startswith(("/api/", "/v1/")) for path in document["paths"])
        tags = {tag["name"] for tag in document["tags"]}
        assert {"auth", "gateway", "conversations", "media", "prompts"} <= tags
        used = {tag for _, _, operation in operations(document) for tag in operation["tags"]}
        assert used == tags

    def test_operation_ids_are_unique(self, document: dict[str, Any]) -> None:
        ids = [operation["operationId"] for _, _, operation in operations(document)]
        assert len(ids) == len(set(ids))

    def test_every_operation_is_documented(self, document: dict[str, Any]) -> None:
        missing = gaps(document)
        assert not missing, "Undocumented operations:\n" + "\n".join(missing)

    def test_every_example_fits_its_schema(self, document: dict[str, Any]) -> None:
        wrong = misfits(document)
        assert not wrong, "Examples that do not fit their schema:\n" + "\n".join(wrong[:40])


class TestSecurity:
    def test_schemes_are_the_session_cookie_with_csrf_and_the_api_token(
        self, document: dict[str, Any]
    ) -> None:
        schemes = document["components"]["securitySchemes"]
        assert schemes["session"] == {
            **schemes["session"],
            "type": "apiKey",
            "in": "cookie",
            "name": "webox_access",
        }
        assert schemes["csrf"]["in"] == "header" and schemes["csrf"]["name"] == "x-csrf-token"
        assert schemes["apiToken"]["scheme"] == "bearer" and schemes["apiToken"]["bearerFormat"].startswith(
            "wbx_"
        )

    def test_a_route_for_sessions_only_refuses_tokens(self, document: dict[str, Any]) -> None:
        operation = document["paths"]["/api/auth/tokens"]["post"]
        assert operation["security"] == [{"session": [], "csrf": []}]
        codes = operation["responses"]["403"]["content"][PROBLEM]["examples"]
        assert {"session_required", "csrf_failed"} <= set(codes)
        assert set(operation["responses"]["401"]["content"][PROBLEM]["examples"]) >= {"not_authenticated"}

    def test_a_scoped_route_names_its_scope(self, document: dict[str, Any]) -> None:
        operation = document["paths"]["/api/conversations"]["get"]
        assert operation["security"] == [{"session": []}, {"apiToken": ["read"]}]
        assert "insufficient_scope" in operation["responses"]["403"]["content"][PROBLEM]["examples"]

    def test_a_public_route_needs_no_credential(self, document: dict[str, Any]) -> None:
        operation = document["paths"]["/api/auth/login"]["post"]
        assert "security" not in operation
        assert "401" in operation["responses"]  # wrong password: its own code, not "sign in first"
        assert "origin_not_allowed" in operation["responses"]["403"]["content"][PROBLEM]["examples"]


class Thing(BaseModel):
    name: str


def _another_thing() -> type[BaseModel]:
    class Thing(BaseModel):  # same name as the module's Thing, another schema
        size: int

    return Thing


OtherThing = _another_thing()


def _app(tag: str, model: type[BaseModel]) -> FastAPI:
    router = APIRouter(prefix=f"/api/{tag}", tags=[tag])

    def create(body: Any) -> None:
        """Create one."""

    create.__annotations__ = {"body": model, "return": None}  # the model itself, not a postponed name
    router.post("")(create)
    return create_app(router, title=tag)


class TestMerge:
    def test_one_schema_name_for_two_different_schemas_is_refused(self) -> None:
        with pytest.raises(openapi.OpenApiConflict, match="Schema 'Thing' differs between a-api and b-api"):
            openapi.build([("a-api", _app("a", Thing)), ("b-api", _app("b", OtherThing))])

    def test_one_schema_shared_by_two_apps_is_kept_once(self) -> None:
        document = openapi.build([("a-api", _app("a", Thing)), ("b-api", _app("b", Thing))])
        assert set(document["paths"]) == {"/api/a", "/api/b"}
        assert "Thing" in document["components"]["schemas"]

    def test_an_undocumented_route_is_reported(self) -> None:
        router = APIRouter(prefix="/api/bare", tags=["bare"])

        def create_bare(body: Any) -> Any:
            return body

        create_bare.__annotations__ = {"body": Thing, "return": Thing}
        router.post("")(create_bare)
        document = openapi.build([("bare-api", create_app(router, title="bare"))])
        assert gaps(document) == [
            "POST /api/bare: no one-line docstring as its summary",
            "POST /api/bare: no request body example",
            "POST /api/bare: no success response example",
        ]

    def test_an_example_that_does_not_fit_its_schema_is_reported(self) -> None:
        class Priced(BaseModel):
            model_config = ConfigDict(json_schema_extra={"examples": [{"price": "cher"}]})

            price: int

        document = openapi.build([("priced-api", _app("priced", Priced))])
        assert misfits(document) == ["components.schemas.Priced.examples[0]: 'cher' is not of type 'integer'"]

    def test_one_path_in_two_apps_is_refused(self) -> None:
        with pytest.raises(openapi.OpenApiConflict, match="/api/a"):
            openapi.build([("a-api", _app("a", Thing)), ("c-api", _app("a", Thing))])


def undocumented_members(document: dict[str, Any], body: dict[str, Any]) -> list[str]:
    """What `body` says that the documented Problem schema does not (a member it lacks, a wrong type)."""
    closed = {**document["components"]["schemas"]["Problem"], "additionalProperties": False}
    validator = Draft202012Validator({**closed, "components": document["components"]})
    return [error.message for error in validator.iter_errors(body)]


class TestProblem:
    def test_a_refused_body_answers_only_documented_members(self, document: dict[str, Any]) -> None:
        with TestClient(_app("thing", Thing)) as client:
            answer = client.post("/api/thing", json={"name": 3})
        assert answer.json()["code"] == "validation_failed"
        assert answer.json()["errors"]
        assert undocumented_members(document, answer.json()) == []

    def test_refused_prompt_values_are_documented_members(self, document: dict[str, Any]) -> None:
        refusal = InvalidValues([{"name": "ville", "reason": "missing"}])
        body = {
            **problem_example(refusal.status, refusal.code, refusal.title, refusal.message),
            **refusal.extra,
        }
        assert undocumented_members(document, body) == []


class TestServed:
    def test_the_document_is_served_at_api_openapi_json(
        self, live_server: LocalHost, document: dict[str, Any]
    ) -> None:
        answer = httpx.get(f"{live_server.url}/api/openapi.json")
        assert answer.status_code == 200
        assert answer.headers["content-type"].startswith("application/json")
        assert answer.json() == json.loads(openapi.dumps(document))

    def test_the_reference_uses_local_assets_only(self, live_server: LocalHost) -> None:
        with httpx.Client(base_url=live_server.url) as client:
            page = client.get("/api/docs")
            assert page.status_code == 200
            assert page.headers["content-type"].startswith("text/html")
            urls = re.findall(r'(?:src|href)="([^"]+)"', page.text)
            assert urls, "the page loads no script or stylesheet"
            assert not re.search(r"(?:https?:)?//", page.text), (
                "the reference page must not load from another host"
            )
            assert "/api/openapi.json" in page.text
            for url in urls:
                asset = client.get(url)
                assert asset.status_code == 200, url
                assert len(asset.content) > 100, url

    @pytest.mark.parametrize("name", ["secret.txt", "package.json", "%2e%2e/%2e%2e/pyproject.toml"])
    def test_only_the_pages_assets_are_served(self, live_server: LocalHost, name: str) -> None:
        answer = httpx.get(f"{live_server.url}/api/docs/{name}")
        assert answer.status_code == 404
        assert answer.headers["content-type"].startswith(PROBLEM)

    def test_the_built_site_files_are_the_same_document_and_page(
        self, tmp_path: Path, document: dict[str, Any]
    ) -> None:
        openapi.write(tmp_path)
        assert (tmp_path / "openapi.json").read_text(encoding="utf-8") == openapi.dumps(document)
        page = (tmp_path / "docs" / "index.html").read_text(encoding="utf-8")
        for url in re.findall(r'(?:src|href)="/api/docs/([^"]+)"', page):
            assert (tmp_path / "docs" / url).stat().st_size > 100
