"""One small dispatcher per WebSocket API: features register the actions they handle, and a route
Lambda hands every message event to its dispatcher.

A dispatcher parses the message, finds the registration by the API's route selection field,
checks that the connection and the credential that opened it are still alive and allowed the
action's scope, validates the payload against the action's protocol model, then calls the handler.

An action may declare `early` reads: read-only work for the connection's known owner (the action's
checks, such as the user's keys and quota standing) started on another thread while the caller is
checked, so they do not wait for that round trip. Their result reaches the handler as
`caller.early` only once the caller is confirmed as that owner; otherwise it is dropped unread.
Every refusal is a typed frame with a stable `code`: `error`/`invalid_message` or
`error`/`unknown_action` before any feature is involved, else the registration's rejection frame
(`insufficient_scope`, `validation_failed`, or the `WeboxError` the handler raised).

Twilio ConversationRelay's socket (`functions/voice/relay.py`, routed on Twilio's `type`) does not go
through a dispatcher: who acts there is not a browser connection with a credential and scopes but a
call Twilio signed at `$connect`, a refusal must never be answered with this protocol's error frames
(Twilio speaks its own), and the `prompt` handler needs the event's `requestTimeEpoch` (the start of
the latency it measures), which a dispatcher's `handler(caller, validated)` does not carry.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Callable, Mapping
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any, Protocol

from pydantic import BaseModel, ValidationError

from webox.auth.errors import InsufficientScope
from webox.errors import WeboxError
from webox.realtime import protocol
from webox.realtime import service as realtime_service
from webox.realtime.protocol import ErrorFrame, Frame
from webox.realtime.service import Caller

Handler = Callable[[Caller, Any], None]
EarlyReads = Callable[[str, Any], Any]  # (owner's user id, validated action) -> what the handler reads
_EARLY = ThreadPoolExecutor(max_workers=8, thread_name_prefix="early")


class Rejection(Protocol):
    """Builds the frame refusing an action, from the message as received (to echo what identifies it)."""

    def __call__(self, body: dict[str, Any], code: str, message: str, extra: dict[str, Any]) -> Frame: ...


@dataclass(frozen=True)
class SocketApi:
    """A WebSocket API: the body field its routes are selected on and the actions it accepts."""

    name: str
    selection_key: str
    actions: Mapping[str, type[BaseModel]]


# The browser's socket (`/ws`): API Gateway selects routes on `$request.body.action`.
BROWSER = SocketApi(name="browser", selection_key="action", actions=protocol.ACTIONS)


def error_rejection(body: dict[str, Any], code: str, message: str, extra: dict[str, Any]) -> Frame:
    """The generic refusal: an `error` frame naming the refused action."""
    action = body.get("action")
    return ErrorFrame(code=code, message=message, action=action if isinstance(action, str) else None)


@dataclass(frozen=True)
class Registration:
    model: type[BaseModel]
    handler: Handler
    scope: str | None
    rejection: Rejection
    early: EarlyReads | None = None


class Dispatcher:
    """The actions one group of route functions handles on one WebSocket API."""

    def __init__(self, api: SocketApi) -> None:
        self.api = api
        self._registrations: dict[str, Registration] = {}

    @property
    def actions(self) -> frozenset[str]:
        """The actions registered here (each needs a route to this function in the manifest)."""
        return frozenset(self._registrations)

    def register(
        self,
        action: str,
        handler: Handler,
        *,
        scope: str | None,
        rejection: Rejection = error_rejection,
        early: EarlyReads | None = None,
    ) -> None:
        """Handle `action` (declared in the API's protocol) with `handler(caller, validated)`;
        `scope`: what an API token needs for it (None: any live connection may); `early`: read-only
        reads started while the caller is checked (see the module's docstring)."""
        if action not in self.api.actions:
            raise ValueError(f"{action!r} is not an action of the {self.api.name} socket protocol")
        if action in self._registrations:
            raise ValueError(f"{action!r} is registered twice")
        self._registrations[action] = Registration(self.api.actions[action], handler, scope, rejection, early)

    def action(
        self,
        action: str,
        *,
        scope: str | None,
        rejection: Rejection = error_rejection,
        early: EarlyReads | None = None,
    ) -> Callable[[Handler], Handler]:
        """Decorator form of `register`."""

        def decorate(handler: Handler) -> Handler:
            self.register(action, handler, scope=scope, rejection=rejection, early=early)
            return handler

        return decorate

    def dispatch(self, event: Mapping[str, Any]) -> dict[str, Any]:
        """Handle one message event (API Gateway WebSocket shape); returns the route response."""
        connection_id = str((event.get("requestContext") or {}).get("connectionId"))
        body = _json_object(event.get("body"))
        if body is None:
            return _refuse(
                connection_id, ErrorFrame(code="invalid_message", message="Expected a JSON object")
            )
        name = body.get(self.api.selection_key)
        registration = self._registrations.get(name) if isinstance(name, str) else None
        if registration is None:
            unknown = ErrorFrame(
                code="unknown_action",
                message="Unknown action",
                action=name if isinstance(name, str) else None,
            )
            return _refuse(connection_id, unknown)
        try:
            validated, invalid = registration.model.model_validate(body), None
        except ValidationError as error:
            validated, invalid = None, error
        early = self._start_early(registration, connection_id, validated)
        caller = realtime_service.caller(connection_id)
        if caller is None:  # closed, or its credential revoked: nothing may act on it
            return {"statusCode": 403}
        try:
            if registration.scope is not None and not caller.has_scope(registration.scope):
                raise InsufficientScope()
            if invalid is not None:
                return _refuse(
                    connection_id, registration.rejection(body, "validation_failed", _describe(invalid), {})
                )
            if early is not None and early[0] == caller.user_id:
                caller = dataclasses.replace(caller, early=early[1])
            registration.handler(caller, validated)
        except WeboxError as error:
            frame = registration.rejection(body, error.code, error.message, error.extra)
            return _refuse(connection_id, frame)
        return {"statusCode": 200}

    @staticmethod
    def _start_early(
        registration: Registration, connection_id: str, validated: BaseModel | None
    ) -> tuple[str, Future[Any]] | None:
        """The action's early reads for the connection's known owner, started; None without any."""
        if registration.early is None or validated is None:
            return None
        owner = realtime_service.known_owner(connection_id)
        if owner is None:
            return None
        return owner, _EARLY.submit(registration.early, owner, validated)


def _json_object(raw: Any) -> dict[str, Any] | None:
    try:
        value = json.loads(raw or "")
    except (TypeError, ValueError):
        return None
    return value if isinstance(value, dict) else None


def _describe(error: ValidationError) -> str:
    """The first few problems, as `field.path: message`."""
    return "; ".join(f"{'.'.join(str(p) for p in e['loc'])}: {e['msg']}" for e in error.errors()[:5])


def _refuse(connection_id: str, frame: Frame) -> dict[str, Any]:
    realtime_service.send_to_connection(connection_id, frame)
    return {"statusCode": 400}
