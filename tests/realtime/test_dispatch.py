"""The socket dispatcher: actions registered by features, routed by the manifest, refused with a code."""

from __future__ import annotations

import importlib
from collections.abc import Callable

import pytest
from webox import manifest
from webox.realtime import protocol
from webox.realtime.dispatch import BROWSER, Dispatcher, SocketApi

from tests.accounts import Account
from tests.sockets import Socket

# Routes API Gateway itself selects: no action is registered for them.
GATEWAY_ROUTES = {"$connect", "$disconnect", "$default"}
# The browsers' socket API (voice's relay speaks Twilio's protocol on an API of its own).
SOCKET_FUNCTIONS = [f for f in manifest.FUNCTIONS if f.ws_routes and f.ws_api == "browser"]


def _registered(function: manifest.Function) -> frozenset[str]:
    dispatcher = importlib.import_module(function.import_path).socket
    assert isinstance(dispatcher, Dispatcher) and dispatcher.api is BROWSER
    return dispatcher.actions


class TestRegistrations:
    @pytest.mark.parametrize("function", SOCKET_FUNCTIONS, ids=lambda f: f.name)
    def test_a_function_registers_exactly_the_actions_routed_to_it(self, function: manifest.Function) -> None:
        assert _registered(function) == set(function.ws_routes) - GATEWAY_ROUTES

    def test_every_action_of_the_protocol_has_one_handler(self) -> None:
        registered = [action for f in SOCKET_FUNCTIONS for action in _registered(f)]
        assert sorted(registered) == sorted(protocol.ACTIONS)

    def test_only_protocol_actions_register_and_only_once(self) -> None:
        dispatcher = Dispatcher(BROWSER)
        with pytest.raises(ValueError, match="not an action"):
            dispatcher.register("launch.missiles", lambda caller, action: None, scope=None)
        dispatcher.register("ping", lambda caller, action: None, scope=None)
        with pytest.raises(ValueError, match="twice"):
            dispatcher.register("ping", lambda caller, action: None, scope=None)

    def test_each_api_has_its_own_dispatchers(self) -> None:
        relay = SocketApi(name="relay", selection_key="type", actions={"ping": protocol.Ping})
        first, second = Dispatcher(relay), Dispatcher(BROWSER)
        first.register("ping", lambda caller, action: None, scope=None)
        assert first.actions == {"ping"} and second.actions == frozenset()


class TestRefusals:
    def test_an_unknown_action_is_named_in_the_error(self, create_account: Callable[..., Account]) -> None:
        user = create_account()
        with Socket(user.client) as socket:
            socket.send({"action": "launch.missiles", "id": 1})
            assert socket.receive() == {
                "type": "error",
                "code": "unknown_action",
                "message": "Unknown action",
                "action": "launch.missiles",
            }
            socket.send({"id": 1})
            assert socket.receive()["code"] == "unknown_action"

    def test_an_invalid_payload_is_refused_with_the_field_at_fault(
        self, create_account: Callable[..., Account]
    ) -> None:
        user = create_account()
        with Socket(user.client) as socket:
            socket.send({"action": "ping", "id": {"nested": True}})
            refused = socket.receive()
            assert refused["type"] == "error" and refused["code"] == "validation_failed"
            assert refused["action"] == "ping" and refused["message"].startswith("id")
            socket.connection.send("[1, 2]")
            assert socket.receive()["code"] == "invalid_message"
            socket.send({"action": "chat.stop"})
            stop = socket.receive()
            assert stop["type"] == "chat.rejected" and stop["code"] == "validation_failed"
            socket.send({"action": "ping", "id": "still-open"})
            assert socket.receive() == {"type": "pong", "id": "still-open"}
