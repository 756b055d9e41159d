"""The whole API as its OpenAPI document describes it (`webox.openapi.build()`, the same document
`/api/openapi.json` serves): its operations, what credential each takes, the example body of each."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from webox.auth.errors import InsufficientRole
from webox.blog.errors import NotEditor

METHODS = ("get", "put", "post", "patch", "delete")
# The code of a 403 saying the caller's role does not allow the route, and the role it asks for.
ROLE_REFUSALS = {InsufficientRole.code: "admin", NotEditor.code: "editor"}


@dataclass(frozen=True)
class Operation:
    method: str
    path: str
    spec: dict[str, Any]

    @property
    def id(self) -> str:
        return str(self.spec["operationId"])

    @property
    def path_parameters(self) -> list[str]:
        return re.findall(r"\{(\w+)\}", self.path)

    def resource(self, parameter: str) -> str:
        """The path up to and including `{parameter}`: the object that parameter names."""
        marker = "{" + parameter + "}"
        return self.path[: self.path.index(marker) + len(marker)]

    @property
    def security(self) -> list[dict[str, list[str]]]:
        return list(self.spec.get("security") or [])

    @property
    def takes_session(self) -> bool:
        return any("session" in requirement for requirement in self.security)

    @property
    def takes_token(self) -> bool:
        return any("apiToken" in requirement for requirement in self.security)

    @property
    def role(self) -> str | None:
        """The role the route checks the caller for (its 403 documents a role refusal), if any."""
        forbidden = self.spec.get("responses", {}).get("403", {})
        examples = forbidden.get("content", {}).get("application/problem+json", {}).get("examples", {})
        return next((role for code, role in ROLE_REFUSALS.items() if code in examples), None)

    @property
    def admin_only(self) -> bool:
        """The route is an administrator's (its 403 documents `forbidden`)."""
        return self.role == "admin"


def operations(document: dict[str, Any]) -> Iterator[Operation]:
    for path, item in document["paths"].items():
        for method in METHODS:
            if method in item:
                yield Operation(method, path, item[method])


def resolve(document: dict[str, Any], schema: dict[str, Any]) -> dict[str, Any]:
    ref = schema.get("$ref")
    if ref is None:
        return schema
    named: dict[str, Any] = document["components"]["schemas"][ref.rsplit("/", 1)[-1]]
    return named


def example_query(operation: Operation) -> dict[str, Any]:
    """Values for the operation's required query parameters, so that the request reaches the route:
    each one's documented example, else the least its schema allows (an enumeration's first value, an
    integer's minimum); a parameter with neither is left out."""
    values: dict[str, Any] = {}
    for parameter in operation.spec.get("parameters", []):
        if parameter.get("in") != "query" or not parameter.get("required"):
            continue
        schema = parameter.get("schema", {})
        if "example" in parameter:
            values[parameter["name"]] = parameter["example"]
        elif schema.get("examples"):
            values[parameter["name"]] = schema["examples"][0]
        elif schema.get("enum"):
            values[parameter["name"]] = schema["enum"][0]
        elif schema.get("type") == "integer" and "minimum" in schema:
            values[parameter["name"]] = schema["minimum"]
    return values


def example_body(document: dict[str, Any], operation: Operation) -> Any:
    """The request's documented JSON example (on the media type or its schema), `{}` for a required
    body without one, None when the operation takes no JSON body."""
    body = operation.spec.get("requestBody")
    media = (body or {}).get("content", {}).get("application/json")
    if media is None:
        return None
    if "example" in media:
        return media["example"]
    if media.get("examples"):
        first = next(iter(media["examples"].values()))
        return first.get("value")
    schema = resolve(document, media.get("schema", {}))
    if schema.get("examples"):
        return schema["examples"][0]
    return {}
