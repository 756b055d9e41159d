"""HTTP request node: calls a URL on one of the workflow's allowed hosts, through `webox.net.safe_http`
(never an internal address); a request that changes something is sent once per step run."""

from __future__ import annotations

from typing import Annotated, Any, Literal
from urllib.parse import urlsplit

from pydantic import Field, StringConstraints

from webox.tasks.errors import StepFailed
from webox.tasks.kinds import StepContext, StepResult
from webox.workflows.nodes.base import NodeConfig, NodeType, RunInfo, register, register_kind, step
from webox.workflows.nodes.runtime import render

MAX_RESPONSE_BYTES = 200_000
HeaderName = Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9-]{1,64}$")]


class HttpConfig(NodeConfig):
    method: Literal["GET", "POST", "PUT", "PATCH", "DELETE"] = "GET"
    url: Annotated[str, StringConstraints(min_length=8, max_length=2_000)]
    headers: dict[HeaderName, Annotated[str, StringConstraints(max_length=1_000)]] = Field(
        default_factory=dict, max_length=20
    )
    body: Annotated[str, StringConstraints(max_length=20_000)] = ""

    def templates(self) -> list[str]:
        return [self.url, self.body]


def host_allowed(url: str, allowed: list[str]) -> bool:
    """Whether the URL's host (with its port, when it names one) is one of the allowed hosts."""
    parts = urlsplit(url)
    host = (parts.hostname or "").lower()
    with_port = f"{host}:{parts.port}" if parts.port else host
    return bool(host) and any(a.lower() in {host, with_port} for a in allowed)


def run_http(ctx: StepContext) -> StepResult:
    import httpx

    from webox.errors import WeboxError
    from webox.net import safe_http

    url = render(str(ctx.input["url"]), ctx)
    if not host_allowed(url, list(ctx.input.get("allowed_hosts") or [])):
        raise StepFailed(
            "workflows.host_not_allowed", f"{urlsplit(url).hostname} is not an allowed host of this workflow"
        )
    method = str(ctx.input.get("method", "GET"))
    body = render(str(ctx.input.get("body") or ""), ctx)

    def send() -> dict[str, Any]:
        try:
            fetched = safe_http.request(
                method,
                url,
                headers=dict(ctx.input.get("headers") or {}),
                content=body.encode() if body else None,
                max_bytes=MAX_RESPONSE_BYTES,
            )
        except WeboxError as exc:
            raise StepFailed(exc.code, exc.message) from exc
        except httpx.HTTPError as exc:
            raise StepFailed("workflows.http_failed", f"The request failed: {type(exc).__name__}") from exc
        return {"status": fetched.status, "text": fetched.text()}

    answer = send() if method == "GET" else ctx.once("http", send)
    if answer["status"] >= 400:
        raise StepFailed("workflows.http_status", f"The server answered {answer['status']}")
    return StepResult(output=answer)


def compile_http(node_id: str, config: HttpConfig, after: list[str], run: RunInfo) -> list[dict[str, Any]]:
    return [
        step(
            node_id,
            "workflow.http",
            {**config.model_dump(), "values": run.values, "allowed_hosts": run.allowed_hosts},
            after,
        )
    ]


register(NodeType("http", HttpConfig, compile_http))
register_kind("workflow.http", run_http)
