"""The WebSocket API, locally: `/ws` drives the route handlers with API Gateway–shaped events, and
`/@connections/{id}` serves the Management API so `webox.push` reaches the browser unchanged.

One `Gateway` is one WebSocket API: its routes (route key → function) and the body field its route
selection reads. The browser's API is the only one today; a second (Twilio ConversationRelay, which
selects on `type`) is a second `Gateway(routes=..., selection_key="type")` mounted on its own path,
with its own Management API route, both built from the manifest's functions of that API.
"""

from __future__ import annotations

import asyncio
import base64
import contextlib
import json
import secrets
import time
from typing import Any

import anyio
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.websockets import WebSocket, WebSocketDisconnect

from webox.local import lambdas
from webox.manifest import Function

ROUTE_SELECTION_KEY = "action"  # the browser's API: $request.body.action
MAX_FRAME_BYTES = 128 * 1024  # API Gateway's WebSocket frame limit is 32 KB per frame, 128 KB per message


class Gateway:
    """One local WebSocket API: its live connections, routes and route selection field
    (the browser's API, from the manifest's `ws_routes`, by default)."""

    def __init__(
        self,
        domain: str = "127.0.0.1",
        stage: str = "local",
        *,
        routes: dict[str, Function] | None = None,
        selection_key: str = ROUTE_SELECTION_KEY,
        concurrent: bool = False,
    ) -> None:
        self.domain, self.stage = domain, stage
        self.connections: dict[str, tuple[WebSocket, asyncio.AbstractEventLoop]] = {}
        self.routes = lambdas.ws_routes() if routes is None else routes
        self.selection_key = selection_key
        # API Gateway invokes a route per message without waiting for the previous one: Twilio's relay
        # relies on it (an `interrupt` arrives while the `prompt` handler still streams).
        self.concurrent = concurrent

    def _event(
        self, websocket: WebSocket, connection_id: str, route: str, body: str | None
    ) -> dict[str, Any]:
        headers = {k: v for k, v in websocket.headers.items()}
        event: dict[str, Any] = {
            "requestContext": {
                "routeKey": route,
                "eventType": {"$connect": "CONNECT", "$disconnect": "DISCONNECT"}.get(route, "MESSAGE"),
                "connectionId": connection_id,
                "domainName": self.domain,
                "stage": self.stage,
                "requestId": secrets.token_hex(8),
                "requestTimeEpoch": int(time.time() * 1000),
                "identity": {"sourceIp": websocket.client.host if websocket.client else "127.0.0.1"},
                "apiId": "local",
            },
            "headers": headers,
            "isBase64Encoded": False,
        }
        if route == "$connect":
            event["queryStringParameters"] = dict(websocket.query_params) or None
        if body is not None:
            event["body"] = body
        return event

    async def _invoke(
        self, websocket: WebSocket, connection_id: str, route: str, body: str | None = None
    ) -> Any:
        function = self.routes.get(route) or self.routes.get("$default")
        if function is None:
            return {"statusCode": 200}
        event = self._event(websocket, connection_id, route, body)
        return await anyio.to_thread.run_sync(lambdas.invoke, function, event)

    def _route_of(self, body: str) -> str:
        try:
            action = json.loads(body).get(self.selection_key)
        except (ValueError, AttributeError):
            return "$default"
        return action if isinstance(action, str) and action in self.routes else "$default"

    async def endpoint(self, websocket: WebSocket) -> None:
        connection_id = base64.b64encode(secrets.token_bytes(12)).decode()
        result = await self._invoke(websocket, connection_id, "$connect")
        status = int((result or {}).get("statusCode", 200))
        if status != 200:
            # API Gateway refuses the upgrade with the handler's status; closing before accept is a 403.
            await websocket.close(code=1008)
            return
        await websocket.accept()
        self.connections[connection_id] = (websocket, asyncio.get_running_loop())
        running: set[asyncio.Task[Any]] = set()
        try:
            while True:
                body = await websocket.receive_text()
                if len(body.encode()) > MAX_FRAME_BYTES:
                    await websocket.close(code=1009)
                    break
                if self.concurrent:
                    running.add(
                        asyncio.create_task(
                            self._invoke(websocket, connection_id, self._route_of(body), body)
                        )
                    )
                    running.difference_update({t for t in running if t.done()})
                else:
                    await self._invoke(websocket, connection_id, self._route_of(body), body)
        except WebSocketDisconnect:
            pass
        except RuntimeError:
            if connection_id in self.connections:
                raise
            # Closed through the Management API (DELETE) while this loop waited for a message.
        finally:
            self.connections.pop(connection_id, None)
            if running:
                await asyncio.gather(*running, return_exceptions=True)
            await self._invoke(websocket, connection_id, "$disconnect")

    async def management(self, request: Request) -> Response:
        """POST/GET/DELETE /@connections/{id}, as the API Gateway Management API answers them."""
        connection_id = request.path_params["connection_id"]
        entry = self.connections.get(connection_id)
        if entry is None:
            return JSONResponse(
                {"message": "Gone"}, status_code=410, headers={"x-amzn-ErrorType": "GoneException"}
            )
        websocket, _loop = entry
        if request.method == "POST":
            data = await request.body()
            try:
                await websocket.send_text(data.decode())
            except (RuntimeError, OSError, WebSocketDisconnect):
                # Starlette raises `WebSocketDisconnect` when the client went away mid-send.
                self.connections.pop(connection_id, None)
                return JSONResponse(
                    {"message": "Gone"}, status_code=410, headers={"x-amzn-ErrorType": "GoneException"}
                )
            return Response(status_code=200)
        if request.method == "DELETE":
            # As API Gateway does: the socket closes, no message reaches it any more, and the
            # endpoint's loop ends and runs `$disconnect`.
            self.connections.pop(connection_id, None)
            with contextlib.suppress(RuntimeError, OSError):
                await websocket.close(code=1000)
            return Response(status_code=204)
        return JSONResponse({"connectedAt": None, "identity": {"sourceIp": "127.0.0.1"}})
