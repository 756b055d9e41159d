"""`/api/openapi.json` and the reference at `/api/docs` on the local host, as CloudFront serves the
build's copies from the SPA bucket in the cloud (`webox.openapi` makes both)."""

from __future__ import annotations

from functools import cache

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import FileResponse, HTMLResponse, Response
from starlette.routing import Route

from webox import openapi
from webox.http import problem

SPEC_PATH = "/api/openapi.json"
DOCS_PATH = "/api/docs"


@cache
def _document() -> str:
    # Built on first use from the function apps the server already imported, then kept.
    return openapi.dumps(openapi.build())


async def document(request: Request) -> Response:
    return Response(_document(), media_type="application/json", headers={"Cache-Control": "no-cache"})


async def page(request: Request) -> Response:
    return HTMLResponse(openapi.docs_page(SPEC_PATH, DOCS_PATH), headers={"Cache-Control": "no-cache"})


async def asset(request: Request) -> Response:
    name = request.path_params["name"]
    if name == openapi.DOCS_SCRIPT_NAME:
        return Response(openapi.DOCS_SCRIPT, media_type="text/javascript")
    try:
        return FileResponse(openapi.asset(name))
    except FileNotFoundError:
        return problem(request, 404, "not_found", "Not found", "No such file of the API reference")


async def refused(request: Request, exc: Exception) -> Response:
    status = getattr(exc, "status_code", 404)
    code = "method_not_allowed" if status == 405 else "not_found"
    return problem(request, status, code, code.replace("_", " ").capitalize(), "No such API route")


def create_app() -> Starlette:
    """The ASGI app answering the document, the page and its assets (anything else: a problem)."""
    return Starlette(
        exception_handlers={HTTPException: refused},
        routes=[
            Route(SPEC_PATH, document),
            Route(DOCS_PATH, page),
            Route(f"{DOCS_PATH}/", page),
            Route(DOCS_PATH + "/{name:path}", asset),
        ],
    )
