"""One OpenAPI 3.1 document for the whole API, merged from every HTTP function's FastAPI app.

Each function documents its own routes (`webox.http.create_app`); this module loads every function
the manifest routes HTTP to, merges their paths, schemas and tags, and adds what no single app knows:
the security schemes, which credential and which refusals each route's auth dependencies imply, the
problem+json schema, and summaries from the routes' one-line docstrings. Two apps documenting two
different schemas under one name is an error, never a silent overwrite.

`python -m webox.openapi DIR` writes `DIR/openapi.json` and the reference page `DIR/docs/` (Swagger
UI, its assets copied from the frontend's `swagger-ui-dist` package, never loaded from a CDN).
"""

from __future__ import annotations

import copy
import html
import importlib
import inspect
import json
import shutil
import sys
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

from fastapi import FastAPI
from fastapi._compat import get_definitions, get_flat_models_from_fields, get_model_name_map
from fastapi.dependencies.models import Dependant
from fastapi.encoders import jsonable_encoder
from fastapi.openapi.utils import get_fields_from_routes
from fastapi.routing import APIRoute
from pydantic import BaseModel, ConfigDict, Field
from starlette.routing import BaseRoute

from webox import manifest
from webox.auth import dependencies as auth
from webox.auth.config import ACCESS_COOKIE, CSRF_COOKIE, CSRF_HEADER
from webox.auth.errors import (
    CsrfFailed,
    InsufficientRole,
    InsufficientScope,
    NotAuthenticated,
    OriginNotAllowed,
    SessionRequired,
    TokenExpired,
)
from webox.db import InvalidCursor
from webox.errors import Invalid, WeboxError
from webox.http import PROBLEM, error_responses, operation_id

TITLE = "WeBox API"
VERSION = "1.0.0"
DESCRIPTION = (
    "Every REST route of WeBox under `/api/<feature>/…`, and the OpenAI-compatible gateway under `/v1`.\n\n"
    "**Authentication.** The web app signs in with `POST /api/auth/login`, which sets httpOnly cookies; "
    f"every unsafe request then repeats the `{CSRF_COOKIE}` cookie's value in the `{CSRF_HEADER}` header. "
    "Programs send a personal API token (`wbx_…`, created at `POST /api/auth/tokens`) as "
    "`Authorization: Bearer`; a token works only on routes within its scopes (`chat`, `media`, `read`).\n\n"
    "**Errors** answer `application/problem+json` (RFC 9457) with a stable `code` to branch on."
)
SAFE_METHODS = frozenset({"get", "head", "options"})
SECURITY_SCHEMES: dict[str, dict[str, Any]] = {
    "session": {
        "type": "apiKey",
        "in": "cookie",
        "name": ACCESS_COOKIE,
        "description": "The web app's session, set by signing in (httpOnly, short-lived, refreshed by "
        "`POST /api/auth/refresh`).",
    },
    "csrf": {
        "type": "apiKey",
        "in": "header",
        "name": CSRF_HEADER,
        "description": f"Double-submit CSRF token: the value of the `{CSRF_COOKIE}` cookie, required with "
        "the session cookie on POST, PUT, PATCH and DELETE.",
    },
    "apiToken": {
        "type": "http",
        "scheme": "bearer",
        "bearerFormat": "wbx_…",
        "description": "A personal API token. Its scopes (`chat`, `media`, `read`) are listed on each route "
        "that accepts one.",
    },
}
DOCS_ASSETS = ("swagger-ui.css", "swagger-ui-bundle.js")
DOCS_SCRIPT_NAME = "docs.js"
DOCS_DIR = "docs"
ROOT = Path(__file__).resolve().parents[3]
SWAGGER_UI_DIST = ROOT / "frontend" / "node_modules" / "swagger-ui-dist"


class OpenApiConflict(RuntimeError):
    """Two function apps document the same path or two different schemas under one name."""


class ProblemFieldError(BaseModel):
    """One refused field of a `validation_failed` problem: where and why, never its value."""

    loc: list[str] = Field(description="The field's path, from `body`, `query` or `path`.")
    msg: str


class ProblemVariable(BaseModel):
    """One refused value of an `invalid_values` problem (a prompt's variables): which and why."""

    name: str
    reason: str = Field(
        description="`missing`, `unknown`, `not_a_number`, `out_of_range`, … (a stable code)."
    )


class Problem(BaseModel):
    """An error answer (RFC 9457 problem details) with WeBox's stable `code`."""

    model_config = ConfigDict(
        extra="allow",
        json_schema_extra={
            "examples": [
                {
                    "type": "about:blank",
                    "title": "Not found",
                    "status": 404,
                    "detail": "Conversation not found",
                    "code": "not_found",
                    "request_id": "5f0c2c0e-8d0a-4a51-9d55-1f1f4c8ad0f7",
                }
            ]
        },
    )

    type: str = Field(description="Always `about:blank`: `code` carries the meaning.")
    title: str
    status: int
    detail: str
    code: str = Field(description="Stable machine code (`not_found`, `email_taken`, …).")
    request_id: str | None = Field(default=None, description="Quote it when reporting a problem.")
    errors: list[ProblemFieldError] | None = Field(
        default=None, description="`validation_failed` only: each refused field."
    )
    variables: list[ProblemVariable] | None = Field(
        default=None, description="`invalid_values` only: each refused variable."
    )


def http_apps() -> list[tuple[str, FastAPI]]:
    """(function name, FastAPI app) of every function the manifest routes HTTP to, in manifest order."""
    seen: dict[str, FastAPI] = {}
    for function in manifest.FUNCTIONS:
        if function.http_prefixes and function.name not in seen:
            seen[function.name] = importlib.import_module(function.import_path).app
    return list(seen.items())


def api_routes(routes: Iterable[BaseRoute]) -> Iterator[APIRoute]:
    """Every API route of an app, including those of the routers it includes."""
    for route in routes:
        if isinstance(route, APIRoute):
            yield route
        elif (router := getattr(route, "original_router", None)) is not None:
            yield from api_routes(router.routes)


def _calls(dependant: Dependant) -> Iterator[Callable[..., Any]]:
    for dependency in dependant.dependencies:
        if dependency.call is not None:
            yield dependency.call
        yield from _calls(dependency)


def _scope(call: Callable[..., Any]) -> str | None:
    """The scope a `require_scope(...)` dependency demands (read from its closure), else None."""
    if call.__qualname__ == f"{auth.require_scope.__name__}.<locals>.has_scope":
        return str(inspect.getclosurevars(call).nonlocals["scope"])
    return None


def _is_role_check(call: Callable[..., Any]) -> bool:
    return call.__qualname__ == f"{auth.require_role.__name__}.<locals>.has_role"


def _access(route: APIRoute, method: str) -> tuple[list[dict[str, list[str]]] | None, list[type[WeboxError]]]:
    """What the route's auth dependencies imply: its security requirement and the errors they raise."""
    calls = list(_calls(route.dependant))
    errors: list[type[WeboxError]] = []
    if auth.same_origin in calls:
        errors.append(OriginNotAllowed)
    signed_in = auth.authenticate in calls
    optional = auth.optional_principal in calls
    if not (signed_in or optional):
        return None, errors
    session: dict[str, list[str]] = {"session": []} if method in SAFE_METHODS else {"session": [], "csrf": []}
    scopes = [scope for call in calls if (scope := _scope(call))]
    session_only = auth.session_principal in calls
    security = [session] if session_only else [session, {"apiToken": scopes}]
    if optional and not signed_in:
        security.append({})
    errors += [NotAuthenticated, TokenExpired]
    if method not in SAFE_METHODS:
        errors.append(CsrfFailed)
    if session_only:
        errors.append(SessionRequired)
    if scopes:
        errors.append(InsufficientScope)
    if any(_is_role_check(call) for call in calls):
        errors.append(InsufficientRole)
    return security, errors


def _summary(description: str) -> str:
    return description.strip().split("\n", 1)[0].strip()


def _merge_responses(operation: dict[str, Any], extra: dict[int | str, dict[str, Any]]) -> None:
    """Add error responses without dropping the examples a route already documents for a status."""
    responses = operation.setdefault("responses", {})
    for status, response in extra.items():
        if str(status) not in responses:
            responses[str(status)] = copy.deepcopy(response)
            continue
        examples = (
            responses[str(status)]
            .setdefault("content", {})
            .setdefault(PROBLEM, {})
            .setdefault("examples", {})
        )
        for code, example in response["content"][PROBLEM]["examples"].items():
            examples.setdefault(code, example)


def _link_problem_schema(operation: dict[str, Any]) -> None:
    for response in operation.get("responses", {}).values():
        media = response.get("content", {}).get(PROBLEM)
        if media is not None:
            media["schema"] = {"$ref": "#/components/schemas/Problem"}


def _restore_examples(operation: dict[str, Any], route: APIRoute) -> None:
    """The examples a route's `responses=` declares, with the `null`s FastAPI's encoding dropped."""
    for status, declared in route.responses.items():
        for media_type, media in declared.get("content", {}).items():
            target = operation["responses"].get(str(status), {}).get("content", {}).get(media_type)
            for key in ("example", "examples"):
                if target is not None and key in media:
                    target[key] = jsonable_encoder(media[key])


def _declared_codes(operation: dict[str, Any]) -> set[str]:
    """The problem `code`s a route's own `responses=` already document."""
    return {
        str(example["value"]["code"])
        for response in operation.get("responses", {}).values()
        for media in response.get("content", {}).values()
        for example in (media.get("examples") or {}).values()
        if isinstance(example, dict) and isinstance(example.get("value"), dict) and "code" in example["value"]
    }


def _complete(operation: dict[str, Any], route: APIRoute, method: str) -> None:
    """Summary from the docstring, the credential the route takes, every refusal it can answer."""
    _restore_examples(operation, route)
    if operation.get("description"):
        operation["summary"] = _summary(operation["description"])
    security, errors = _access(route, method)
    if security is not None:
        operation.setdefault("security", security)
    parameters = {parameter["name"] for parameter in operation.get("parameters", [])}
    # Invalid input is a 422 `validation_failed`, unless the route declares its own (the gateway
    # answers it with 400, as OpenAI does).
    if (parameters or operation.get("requestBody")) and "validation_failed" not in _declared_codes(operation):
        errors.append(Invalid)
    if "cursor" in parameters:  # every listing pages with webox.db's opaque cursors
        errors.append(InvalidCursor)
    _merge_responses(operation, error_responses(*errors))
    _link_problem_schema(operation)


def _schema_examples(app: FastAPI) -> dict[str, list[Any]]:
    """Each component schema's `examples` as the models declare them.

    FastAPI encodes its document with `exclude_none=True`, which also drops the `null` values of
    examples (`"next_cursor": null`), leaving examples that lack a required field; the models' own
    JSON Schemas still have them, so they are read again here, by the names FastAPI gave them."""
    fields = get_fields_from_routes(list(app.routes))
    names = get_model_name_map(get_flat_models_from_fields(fields, known_models=set()))
    _, definitions = get_definitions(
        fields=fields, model_name_map=names, separate_input_output_schemas=app.separate_input_output_schemas
    )
    return {name: schema["examples"] for name, schema in definitions.items() if "examples" in schema}


def _share_problem_examples(paths: dict[str, Any]) -> dict[str, Any]:
    """Move each refusal's example (one per status and `code`) to `components/examples`, referenced
    from every operation that answers it: the same dozen refusals repeat across ~150 operations."""
    shared: dict[str, Any] = {}
    for item in paths.values():
        for operation in item.values():
            for status, response in operation["responses"].items():
                named = response.get("content", {}).get(PROBLEM, {}).get("examples", {})
                for code, example in named.items():
                    key = f"{status}-{code}"
                    if shared.setdefault(key, example) == example:
                        named[code] = {"$ref": f"#/components/examples/{key}"}
    return dict(sorted(shared.items()))


def _merge_schemas(target: dict[str, Any], owners: dict[str, str], schemas: dict[str, Any], app: str) -> None:
    for name, schema in schemas.items():
        if name in target and target[name] != schema:
            raise OpenApiConflict(
                f"Schema {name!r} differs between {owners[name]} and {app}: rename one of the two models"
            )
        target[name], owners[name] = schema, owners.get(name, app)


def build(apps: list[tuple[str, FastAPI]] | None = None) -> dict[str, Any]:
    """The whole API's OpenAPI 3.1 document."""
    paths: dict[str, Any] = {}
    path_owners: dict[str, str] = {}
    problem = Problem.model_json_schema(ref_template="#/components/schemas/{model}")
    schemas: dict[str, Any] = {"Problem": problem, **problem.pop("$defs")}
    schema_owners = dict.fromkeys(schemas, __name__)
    tags: dict[str, dict[str, Any]] = {}
    for name, app in apps if apps is not None else http_apps():
        spec = copy.deepcopy(app.openapi())
        routes = {operation_id(route): route for route in api_routes(app.routes)}
        for path, item in spec.get("paths", {}).items():
            if path in paths:
                raise OpenApiConflict(f"Path {path} is documented by both {path_owners[path]} and {name}")
            for method, operation in item.items():
                _complete(operation, routes[operation["operationId"]], method)
                for tag in operation.get("tags", []):
                    tags.setdefault(tag, {"name": tag, "description": spec["info"].get("description", "")})
            paths[path], path_owners[path] = item, name
        for tag in spec.get("tags", []):
            tags[tag["name"]] = tag
        components = spec.get("components", {}).get("schemas", {})
        for schema_name, schema_examples in _schema_examples(app).items():
            components[schema_name]["examples"] = jsonable_encoder(schema_examples)
        _merge_schemas(schemas, schema_owners, components, name)
    examples = _share_problem_examples(paths)
    return {
        "openapi": "3.1.0",
        "info": {"title": TITLE, "version": VERSION, "description": DESCRIPTION},
        "servers": [{"url": "/"}],
        "tags": sorted(tags.values(), key=lambda tag: tag["name"]),
        "paths": dict(sorted(paths.items())),
        "components": {
            "schemas": dict(sorted(schemas.items())),
            "examples": examples,
            "securitySchemes": SECURITY_SCHEMES,
        },
    }


def dumps(document: dict[str, Any]) -> str:
    """The document as written to disk: stable key order, so a regenerated file diffs cleanly."""
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def docs_page(spec_url: str = "/api/openapi.json", assets_url: str = "/api/docs") -> str:
    """The reference page: Swagger UI with its assets and start-up script served from `assets_url`.

    No inline script, so the site's CSP (`script-src 'self'`) allows it as it is."""
    return (
        '<!doctype html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        f"<title>{html.escape(TITLE)} reference</title>\n"
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f'<link rel="stylesheet" href="{assets_url}/swagger-ui.css">\n</head>\n<body>\n'
        f'<div id="swagger-ui" data-spec-url="{html.escape(spec_url)}"></div>\n'
        f'<script src="{assets_url}/swagger-ui-bundle.js"></script>\n'
        f'<script src="{assets_url}/{DOCS_SCRIPT_NAME}"></script>\n</body>\n</html>\n'
    )


# Same-origin calls from "Try it out" send the session cookie; unsafe ones also need the CSRF header.
DOCS_SCRIPT = f"""\
"use strict";
(function () {{
  var root = document.getElementById("swagger-ui");
  function csrf() {{
    var match = document.cookie.match(/(?:^|; ){CSRF_COOKIE}=([^;]*)/);
    return match ? decodeURIComponent(match[1]) : "";
  }}
  window.ui = SwaggerUIBundle({{
    url: root.getAttribute("data-spec-url"),
    domNode: root,
    deepLinking: true,
    withCredentials: true,
    validatorUrl: null,
    requestInterceptor: function (request) {{
      if (!/^(GET|HEAD|OPTIONS)$/i.test(request.method || "GET")) {{
        request.headers["{CSRF_HEADER}"] = csrf();
      }}
      return request;
    }}
  }});
}})();
"""


def asset(name: str) -> Path:
    """A file of the reference page's assets (Swagger UI's from the npm package)."""
    if name not in DOCS_ASSETS:
        raise FileNotFoundError(name)
    path = SWAGGER_UI_DIST / name
    if not path.is_file():
        raise FileNotFoundError(f"{path} is missing: run `npm ci` in frontend/ (make install)")
    return path


def write(directory: Path) -> None:
    """Write `openapi.json` and the reference page (`docs/index.html`, its script and assets)."""
    docs = directory / DOCS_DIR
    docs.mkdir(parents=True, exist_ok=True)
    (directory / "openapi.json").write_text(dumps(build()), encoding="utf-8")
    (docs / "index.html").write_text(docs_page(), encoding="utf-8")
    (docs / DOCS_SCRIPT_NAME).write_text(DOCS_SCRIPT, encoding="utf-8")
    for name in DOCS_ASSETS:
        shutil.copyfile(asset(name), docs / name)


def main(argv: list[str]) -> int:
    """`python -m webox.openapi DIR` writes the site's files; `--json FILE` only the document."""
    if len(argv) == 2 and argv[0] == "--json":
        Path(argv[1]).write_text(dumps(build()), encoding="utf-8")
    elif len(argv) == 1:
        write(Path(argv[0]))
    else:
        sys.stderr.write("usage: python -m webox.openapi DIR | --json FILE\n")
        return 2
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
