"""The one ASGI server of the local host: every function app at its API path, the WebSocket API,
the Management and Step Functions APIs the handlers call, `/health`, the dev outbox and the SPA."""

from __future__ import annotations

import html
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import FileResponse, HTMLResponse, JSONResponse, Response
from starlette.routing import Route, WebSocketRoute
from starlette.types import ASGIApp, Receive, Scope, Send

from webox.http import problem
from webox.local import api_docs, lambdas, site_files
from webox.local.runner import Runner
from webox.local.websocket import Gateway

LOCAL_PREFIXES = ("/ws", "/@connections/", "/@sfn", "/health", "/dev/", "/voice-relay", "/@relay/")
# The API's roots (CloudFront sends them to API Gateway): an unknown path there is a 404 problem.
API_PATHS = ("/api/", "/v1/")


class FunctionRouter:
    """Sends a request to the function whose API Gateway route prefix matches (or to an `extra` app at
    its path: the API reference), else to `fallback`."""

    def __init__(self, fallback: ASGIApp, extra: Sequence[tuple[str, ASGIApp]] = ()) -> None:
        self.fallback = fallback
        self.routes: list[tuple[str, ASGIApp]] = list(extra)
        for function in lambdas.http_functions():
            app = lambdas.load(function).app
            self.routes.extend((prefix.rstrip("/"), app) for prefix in function.http_prefixes)
        self.routes.sort(key=lambda route: -len(route[0]))

    def match(self, path: str) -> ASGIApp | None:
        for prefix, app in self.routes:
            if path == prefix or path.startswith(prefix + "/"):
                return app
        return None

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        path = scope.get("path", "")
        if scope["type"] in {"http", "websocket"} and not path.startswith(LOCAL_PREFIXES):
            app = self.match(path)
            if app is not None:
                await app(scope, receive, send)
                return
            if scope["type"] == "http" and path.startswith(API_PATHS):
                # As API Gateway does for a route it lacks: never the SPA's page under an API path.
                await problem(None, 404, "not_found", "Not found", "No such API route")(scope, receive, send)
                return
        await self.fallback(scope, receive, send)


class SinglePageApp:
    """Serves the built SPA: files as they are, every other path gets index.html (client routing)."""

    def __init__(self, dist: Path) -> None:
        self.dist = dist.resolve()

    @property
    def built(self) -> bool:
        return (self.dist / "index.html").is_file()

    async def serve(self, request: Request) -> Response:
        if not self.built:
            return HTMLResponse(
                "<h1>WeBox</h1><p>The web app is not built: run <code>make dev</code>.</p>", status_code=503
            )
        candidate = (self.dist / request.path_params.get("path", "")).resolve()
        if candidate.is_file() and candidate.is_relative_to(self.dist):
            immutable = "/assets/" in str(candidate)
            headers = {"Cache-Control": "public, max-age=31536000, immutable" if immutable else "no-cache"}
            return FileResponse(candidate, headers=headers)
        return FileResponse(self.dist / "index.html", headers={"Cache-Control": "no-cache"})


def _mail_page(messages: list[dict[str, str]]) -> str:
    rows = "".join(
        f"<article><h2>{html.escape(m['subject'])}</h2><p><b>To:</b> {html.escape(m['to'])}</p>"
        f"<pre>{html.escape(m['text'])}</pre></article>"
        for m in reversed(messages)
    )
    return (
        "<!doctype html><meta charset=utf-8><title>WeBox · dev mail</title>"
        "<style>body{font-family:system-ui;max-width:52rem;margin:2rem auto}article{border:1px solid #ddd;"
        "border-radius:8px;padding:1rem;margin:1rem 0}pre{white-space:pre-wrap}</style>"
        f"<h1>Outbox (local SES)</h1><p>{len(messages)} message(s), newest first.</p>{rows}"
    )


def create_root_app(
    *,
    gateway: Gateway,
    runner: Runner,
    spa: SinglePageApp,
    health: Callable[[], dict[str, Any]],
    outbox: Callable[[], list[dict[str, str]]],
    relay: Gateway | None = None,
    simulate_outage: Callable[[str], bool] | None = None,
) -> FunctionRouter:
    """Assemble the local server."""

    async def outage_route(request: Request) -> Response:
        """`PUT /dev/outage {"model": id}`: that model's next answer fails (a simulated vendor only)."""
        try:
            body = await request.json()
            model = body.get("model") if isinstance(body, dict) else None
        except ValueError:
            model = None
        if not isinstance(model, str) or not 0 < len(model) <= 100:
            return problem(None, 422, "validation_failed", "Invalid request", "model is required")
        if simulate_outage is None or not simulate_outage(model):
            return problem(None, 404, "not_simulated", "Not simulated", "No simulator answers this model")
        return Response(status_code=204)

    async def health_route(request: Request) -> JSONResponse:
        report = health()
        return JSONResponse(report, status_code=200 if report["status"] == "ok" else 503)

    async def mail_json(request: Request) -> JSONResponse:
        return JSONResponse({"items": outbox()})

    async def mail_html(request: Request) -> HTMLResponse:
        return HTMLResponse(_mail_page(outbox()))

    app = Starlette(
        routes=[
            Route("/health", health_route),
            Route("/dev/mail", mail_html),
            Route("/dev/mail.json", mail_json),
            Route("/dev/outage", outage_route, methods=["PUT"]),
            WebSocketRoute("/ws", gateway.endpoint),
            Route(
                "/@connections/{connection_id:path}", gateway.management, methods=["GET", "POST", "DELETE"]
            ),
            *(
                [
                    # Twilio ConversationRelay's WebSocket API and its Management API (webox.voice).
                    WebSocketRoute("/voice-relay", relay.endpoint),
                    Route(
                        "/@relay/@connections/{connection_id:path}",
                        relay.management,
                        methods=["GET", "POST", "DELETE"],
                    ),
                ]
                if relay is not None
                else []
            ),
            Route("/@sfn", runner.api, methods=["POST"]),
            Route("/@sfn/", runner.api, methods=["POST"]),
            # The blog's pre-rendered pages, from the site bucket (CloudFront's `/blog/*` behaviour).
            Route("/sitemap.xml", site_files.serve, methods=["GET", "HEAD"]),
            Route("/robots.txt", site_files.serve, methods=["GET", "HEAD"]),
            Route("/blog", site_files.serve, methods=["GET", "HEAD"]),
            Route("/blog/{path:path}", site_files.serve, methods=["GET", "HEAD"]),
            Route("/", spa.serve),
            Route("/{path:path}", spa.serve, methods=["GET", "HEAD"]),
        ]
    )
    docs = api_docs.create_app()
    return FunctionRouter(app, extra=[(api_docs.SPEC_PATH, docs), (api_docs.DOCS_PATH, docs)])
