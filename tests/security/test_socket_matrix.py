"""The ownership matrix of the socket, generated from its protocol (`webox.realtime.protocol`): the
intruder sends every client action once per identifier field, carrying the owner's identifier there —
the owner's conversation, assistant, or the request id of a turn the owner is streaming right now.
No frame the intruder gets names the owner's conversation or shows their answer; every action on the
owner's conversation or assistant is refused as not found; the owner's streaming turn ends `done`
(nobody else stopped it) and their finished conversation reads back unchanged. No frame and no log
line of the run shows a password or a session cookie.

A new identifier field in a client action fails `test_every_identifier_field_has_an_owner_value`
until `OWNER_VALUES` says which of the owner's values to put there.
"""

from __future__ import annotations

import json
import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from webox.local.host import LocalHost
from webox.realtime.protocol import CLIENT_ACTIONS

from tests.accounts import Account
from tests.security.capture import Capture, Seen
from tests.security.conftest import register, verify_email
from tests.sockets import Socket

CHAT_MODEL = "gpt-4o-mini"  # the owner's model, slowed down while the intruder acts
INTRUDER_MODEL = "mistral-small-latest"  # the intruder's own turns answer at once
OWNER_PASSWORD = "owner's socket passphrase 5512"
INTRUDER_PASSWORD = "intruder's socket passphrase 8830"
OWNER_STREAM_S = 10  # how long the owner's turn streams: every probe must be sent within it
OWNER_PROMPT = "Le code du coffre est 7291, garde-le"  # quoted in the owner's answers: never the intruder's
# Fields that name nothing of anyone's: echoed back as they came.
NOT_AN_OBJECT = {("ping", "id"): "a ping's id is echoed to its sender, it names no object"}


@dataclass
class Owner:
    account: Account
    conversation_id: str  # a finished conversation
    assistant_id: str
    streaming_request_id: str  # a turn still streaming while the intruder acts
    streaming_conversation_id: str


# Which of the owner's values goes into each identifier field of a client action.
OWNER_VALUES: dict[str, Callable[[Owner], str]] = {
    "conversation_id": lambda owner: owner.conversation_id,
    "assistant_id": lambda owner: owner.assistant_id,
    "request_id": lambda owner: owner.streaming_request_id,
}


def actions() -> dict[str, dict[str, Any]]:
    """Each client action's JSON Schema, by its `action`."""
    schema = CLIENT_ACTIONS.json_schema()
    return {
        action: schema["$defs"][ref.rsplit("/", 1)[-1]]
        for action, ref in schema["discriminator"]["mapping"].items()
    }


def identifier_fields(schema: dict[str, Any]) -> list[str]:
    return [name for name in schema.get("properties", {}) if name == "id" or name.endswith("_id")]


def message(action: str, schema: dict[str, Any]) -> dict[str, Any]:
    """A valid message of `action` naming only the intruder's own things (fresh request id)."""
    minimal: dict[str, Any] = {
        "request_id": uuid.uuid4().hex,
        "models": [INTRUDER_MODEL],
        "content": "Bonjour",
        "turn": 1,
        "model": INTRUDER_MODEL,
        "verify": False,
    }
    body = {name: minimal[name] for name in schema.get("properties", {}) if name in minimal}
    return {**body, "action": action}


def answer(socket: Socket) -> list[dict[str, Any]]:
    """The frames an action gets until it is refused or its turn ends (or the socket stays quiet)."""
    frames: list[dict[str, Any]] = []
    try:
        while True:
            frame = socket.receive(timeout=2)
            frames.append(frame)
            if frame["type"] in ("chat.rejected", "chat.finished", "error", "pong"):
                return frames
    except TimeoutError:
        return frames


@dataclass
class Probe:
    action: str
    field: str
    sent: dict[str, Any]
    frames: list[dict[str, Any]]


@dataclass
class Run:
    owner: Owner
    probes: list[Probe]
    owner_frames: list[dict[str, Any]]
    before: Any
    after: Any
    probed_s: float
    capture: Capture
    secrets: dict[str, str]


@pytest.fixture(scope="module")
def run(live_server: LocalHost) -> Iterator[Run]:
    live_server.reset()
    capture = Capture()
    with capture.logs():
        yield from _run(live_server, capture)


def _run(live_server: LocalHost, capture: Capture) -> Iterator[Run]:
    owner_account = register(live_server, OWNER_PASSWORD, "Owner")
    intruder = register(live_server, INTRUDER_PASSWORD, "Intruder")
    for account in (owner_account, intruder):
        verify_email(live_server, account)
    headers = owner_account.csrf()
    conversation = owner_account.client.post("/api/conversations", json={"title": "Mine"}, headers=headers)
    conversation_id = conversation.json()["id"]
    turn = {"models": [CHAT_MODEL], "content": OWNER_PROMPT, "verify": False}
    owner_account.client.post(f"/api/conversations/{conversation_id}/turns", json=turn, headers=headers)
    assistant = owner_account.client.post(
        "/api/assistants",
        json={"name": "Privé", "system_prompt": "Sois bref.", "models": [CHAT_MODEL]},
        headers=headers,
    )
    before = owner_account.client.get(f"/api/conversations/{conversation_id}").json()
    openai = live_server.components["fakes"]["openai"].server.config.app.state.behaviour
    openai.reset()
    openai.duration_s = OWNER_STREAM_S
    request_id = uuid.uuid4().hex
    with Socket(owner_account.client) as owner_socket, Socket(intruder.client) as intruder_socket:
        owner_socket.send({"action": "chat.send", "request_id": request_id, **turn})
        started = owner_socket.until(lambda f: f["type"] == "chat.delta")[0]
        owner = Owner(
            owner_account, conversation_id, assistant.json()["id"], request_id, started["conversation_id"]
        )
        probes = []
        probing = time.monotonic()
        for action, schema in actions().items():
            for field in identifier_fields(schema):
                if (action, field) in NOT_AN_OBJECT:
                    continue
                sent = {**message(action, schema), field: OWNER_VALUES[field](owner)}
                intruder_socket.send(sent)
                probes.append(Probe(action, field, sent, answer(intruder_socket)))
        probed_s = time.monotonic() - probing
        owner_frames = owner_socket.until(lambda f: f["type"] == "chat.finished", timeout=30)
    openai.reset()
    after = owner_account.client.get(f"/api/conversations/{conversation_id}").json()
    for frame in [*owner_frames, *(f for probe in probes for f in probe.frames)]:
        capture.seen.append(Seen(f"frame {frame['type']}", json.dumps(frame, ensure_ascii=False)))
    secrets = {
        "owner's password": OWNER_PASSWORD,
        "intruder's password": INTRUDER_PASSWORD,
        **{
            f"{account.email}'s {name} cookie": value
            for account in (owner_account, intruder)
            for name, value in account.client.cookies.items()
            if name != "webox_csrf"
        },
    }
    yield Run(owner, probes, owner_frames, before, after, probed_s, capture, secrets)
    owner_account.client.close()
    intruder.client.close()


def test_every_identifier_field_has_an_owner_value() -> None:
    fields = {(action, field) for action, schema in actions().items() for field in identifier_fields(schema)}
    missing = sorted(f for f in fields - set(NOT_AN_OBJECT) if f[1] not in OWNER_VALUES)
    assert not missing, f"add the owner's value for {missing} to OWNER_VALUES"


def test_no_frame_to_the_intruder_names_the_owners_things(run: Run) -> None:
    """Beyond the identifier the intruder sent (a refusal echoes it), nothing of the owner's shows."""
    owner = run.owner
    secret = [owner.conversation_id, owner.streaming_conversation_id, owner.assistant_id, owner.account.id]
    leaked = [
        (probe.action, probe.field, frame)
        for probe in run.probes
        for frame in probe.frames
        if any(value in str(frame) for value in secret if value not in probe.sent.values())
        or OWNER_PROMPT in str(frame)
    ]
    assert not leaked, leaked


def test_actions_on_the_owners_objects_are_refused_as_not_found(run: Run) -> None:
    wrong = [
        (probe.action, probe.field, probe.frames)
        for probe in run.probes
        if probe.field != "request_id"
        and not any(f["type"] == "chat.rejected" and f["code"].endswith("not_found") for f in probe.frames)
    ]
    assert not wrong, wrong


def test_the_owners_streaming_turn_ends_done_and_their_conversation_is_unchanged(run: Run) -> None:
    assert run.probed_s < OWNER_STREAM_S, "the owner's turn had ended before the intruder's last action"
    done = [f for f in run.owner_frames if f["type"] == "chat.done"]
    assert [(f["model"], f.get("status", "done")) for f in done] == [(CHAT_MODEL, "done")]
    assert run.after == run.before


def test_no_secret_in_any_frame_or_log_line(run: Run) -> None:
    assert run.capture.seen, "nothing was captured"
    leaks = run.capture.leaks(run.secrets)
    assert not leaks, leaks
