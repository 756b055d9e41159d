"""A fake Twilio: the REST API the `twilio` SDK uses (accounts, phone numbers, calls, recordings and
their media), signed webhooks to the platform, and a caller on the ConversationRelay socket.

It holds several accounts: the platform's, and a customer's (`CUSTOMER_*`, what a user connects as
"their own Twilio account" in local mode). Each account authenticates with its auth token or one of
its API keys, sees only its own numbers, calls and recordings, and signs its calls' webhooks with its
own auth token, as Twilio does.

A call is played by a "phone": a WebSocket at `/_fake/calls/{sid}/phone` (the SPA's softphone, or a
test) sends `{"type": "say", "text"}`, `{"type": "interrupt", "heard"?}`, `{"type": "digit",
"digit"}` or `{"type": "hangup"}`; it receives the greeting, the assistant's `text` tokens as the
relay posts them, `end`, `transfer` and `ended`. Twilio does speech-to-text and text-to-speech; the
phone stands for both. Recordings are tones, one per word heard, so their length follows the call.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import secrets
import time
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any
from urllib.parse import parse_qsl

import httpx
from fastapi import FastAPI, HTTPException, Request, WebSocket, WebSocketDisconnect
from fastapi.responses import JSONResponse, Response
from starlette.status import HTTP_401_UNAUTHORIZED

from webox.testing.media_files import tone_pcm, wav, wav_duration

API = "/2010-04-01/Accounts/{account}"
# A customer's account (public on purpose: local mode and tests connect it as a user's own account).
CUSTOMER_ACCOUNT_SID = "AC" + "0" * 31 + "2"
CUSTOMER_AUTH_TOKEN = "webox-local-customer-token"  # noqa: S105 - the fake's, public on purpose
CUSTOMER_API_KEY_SID = "SK" + "0" * 31 + "2"
CUSTOMER_API_KEY_SECRET = "webox-local-customer-key-secret"  # noqa: S105 - the fake's
CUSTOMER_NUMBERS = (("+33900000101", "Mon standard"), ("+33900000102", "Ma ligne SAV"))


def _sid(prefix: str) -> str:
    return prefix + secrets.token_hex(16)


def _now() -> str:
    return datetime.now(UTC).strftime("%a, %d %b %Y %H:%M:%S +0000")


@dataclass
class FakeAccount:
    """One Twilio account: its auth token, API keys (sid → secret) and phone numbers (sid → number)."""

    sid: str
    auth_token: str
    friendly_name: str
    api_keys: dict[str, str] = field(default_factory=dict)
    numbers: dict[str, dict[str, Any]] = field(default_factory=dict)

    def add_number(self, phone_number: str, friendly_name: str) -> None:
        sid = "PN" + self.sid[-8:] + f"{len(self.numbers):024x}"
        self.numbers[sid] = {
            "sid": sid,
            "phone_number": phone_number,
            "friendly_name": friendly_name,
            "voice_url": None,
        }

    def accepts(self, user: str, password: str) -> bool:
        """HTTP Basic as Twilio takes it: the account SID and auth token, or an API key SID and secret."""
        if user == self.sid:
            return password == self.auth_token
        return user in self.api_keys and self.api_keys[user] == password


@dataclass
class Call:
    """One call the fake runs: its relay socket, the phone playing the caller, what was said."""

    sid: str
    from_: str
    to: str
    direction: str
    account_sid: str
    status: str = "queued"
    status_callback: str | None = None
    relay: Any = None
    relay_reader: asyncio.Task[None] | None = None
    action_url: str | None = None
    greeting: str = ""
    language: str = "fr-FR"
    phones: list[WebSocket] = field(default_factory=list)
    events: list[dict[str, Any]] = field(default_factory=list)
    current: str = ""  # tokens of the answer being spoken
    heard: list[str] = field(default_factory=list)  # everything spoken on the call, for the recording
    recording_sid: str | None = None
    recording_callback: str | None = None
    voicemail_callback: str | None = None
    transcribe_callback: str | None = None
    voicemail: list[str] = field(default_factory=list)  # what the caller said after the beep
    transferred_to: str | None = None
    started: float = field(default_factory=time.monotonic)
    ended: asyncio.Event = field(default_factory=asyncio.Event)


class FakeTwilio:
    """The fake's state: its accounts (the platform's first), calls and recordings."""

    def __init__(self, account_sid: str, auth_token: str, public_url: str) -> None:
        self.account_sid, self.public_url = account_sid, public_url
        self.accounts: dict[str, FakeAccount] = {}
        self.calls: dict[str, Call] = {}
        self.recordings: dict[str, dict[str, Any]] = {}
        self.webhooks: list[dict[str, Any]] = []  # every webhook sent: url, status (tests read it)
        platform = self.add_account(account_sid, auth_token, "WeBox")
        for number, name in (
            ("+33900000001", "Accueil Paris"),
            ("+33900000002", "Support Lyon"),
            ("+14155550100", "US line"),
        ):
            platform.add_number(number, name)
        customer = self.add_account(CUSTOMER_ACCOUNT_SID, CUSTOMER_AUTH_TOKEN, "Cabinet Martin")
        customer.api_keys[CUSTOMER_API_KEY_SID] = CUSTOMER_API_KEY_SECRET
        for number, name in CUSTOMER_NUMBERS:
            customer.add_number(number, name)

    def add_account(self, sid: str, auth_token: str, friendly_name: str) -> FakeAccount:
        """Open an account (tests add their own)."""
        self.accounts[sid] = FakeAccount(sid, auth_token, friendly_name)
        return self.accounts[sid]

    @property
    def numbers(self) -> dict[str, dict[str, Any]]:
        """Every account's numbers, by sid."""
        return {sid: n for account in self.accounts.values() for sid, n in account.numbers.items()}

    # --- signing and webhooks -------------------------------------------------------------------------

    def sign(self, url: str, params: dict[str, str], account_sid: str) -> str:
        """The signature Twilio computes with the account's auth token."""
        from twilio.request_validator import RequestValidator

        token = self.accounts[account_sid].auth_token
        return str(RequestValidator(token).compute_signature(url, params))

    async def webhook(self, url: str, params: dict[str, str]) -> httpx.Response:
        """POST a webhook as Twilio does: form-encoded, signed with the calling account's token."""
        signature = self.sign(url, params, params["AccountSid"])
        async with httpx.AsyncClient(timeout=30) as http:
            response = await http.post(url, data=params, headers={"X-Twilio-Signature": signature})
        self.webhooks.append({"url": url, "status": response.status_code})
        return response

    def _call_params(self, call: Call, **extra: str) -> dict[str, str]:
        return {
            "AccountSid": call.account_sid,
            "CallSid": call.sid,
            "From": call.from_,
            "To": call.to,
            "Direction": call.direction,
            "CallStatus": call.status,
            "ApiVersion": "2010-04-01",
            **extra,
        }

    # --- JSON resources -------------------------------------------------------------------------------

    def number_json(self, account: FakeAccount, number: dict[str, Any]) -> dict[str, Any]:
        return {
            "sid": number["sid"],
            "account_sid": account.sid,
            "phone_number": number["phone_number"],
            "friendly_name": number["friendly_name"],
            "voice_url": number["voice_url"],
            "voice_method": "POST",
            "status_callback": number.get("status_callback"),
            "date_created": _now(),
            "date_updated": _now(),
            "capabilities": {"voice": True, "sms": False, "mms": False},
            "uri": f"{API.format(account=account.sid)}/IncomingPhoneNumbers/{number['sid']}.json",
        }

    def call_json(self, call: Call) -> dict[str, Any]:
        return {
            "sid": call.sid,
            "account_sid": call.account_sid,
            "to": call.to,
            "from": call.from_,
            "status": call.status,
            "direction": call.direction,
            "date_created": _now(),
            "date_updated": _now(),
            "uri": f"{API.format(account=call.account_sid)}/Calls/{call.sid}.json",
        }

    # --- a call's life ----------------------------------------------------------------------------------

    async def to_phones(self, call: Call, message: dict[str, Any]) -> None:
        call.events.append(message)
        for phone in list(call.phones):
            try:
                await phone.send_json(message)
            except (RuntimeError, OSError):
                call.phones.remove(phone)

    async def follow_twiml(self, call: Call, twiml: str) -> None:
        """Do what the TwiML says: connect the relay, dial, record a voicemail, or hang up."""
        root = ET.fromstring(twiml)  # noqa: S314 - TwiML from the platform under test
        for verb in root:
            if verb.tag == "Say" and verb.text:
                await self.to_phones(call, {"type": "say", "text": verb.text})
                call.heard.append(verb.text)
            elif verb.tag == "Connect":
                relay = verb.find("ConversationRelay")
                if relay is not None:
                    call.action_url = verb.get("action")
                    await self.open_relay(call, relay)
                    return
            elif verb.tag == "Dial":
                call.transferred_to = (verb.text or "").strip()
                await self.to_phones(call, {"type": "transfer", "to": call.transferred_to})
            elif verb.tag == "Record":
                call.voicemail_callback = verb.get("recordingStatusCallback")
                call.transcribe_callback = verb.get("transcribeCallback")
                await self.to_phones(call, {"type": "voicemail"})
                return
            elif verb.tag == "Hangup":
                break
        await self.complete(call)

    async def open_relay(self, call: Call, relay: ET.Element) -> None:
        from websockets.asyncio.client import connect

        url = relay.get("url") or ""
        call.greeting = relay.get("welcomeGreeting") or ""
        call.language = relay.get("language") or call.language
        parameters = {p.get("name", ""): p.get("value", "") for p in relay.findall("Parameter")}
        signature = self.sign(url, {}, call.account_sid)
        call.relay = await connect(url, additional_headers={"X-Twilio-Signature": signature})
        call.status = "in-progress"
        await call.relay.send(
            json.dumps(
                {
                    "type": "setup",
                    "sessionId": _sid("VX"),
                    "accountSid": call.account_sid,
                    "parentCallSid": "",
                    "callSid": call.sid,
                    "from": call.from_,
                    "to": call.to,
                    "forwardedFrom": call.to,
                    "callType": "PSTN",
                    "callerName": "",
                    "direction": call.direction.split("-")[0],
                    "callStatus": "RINGING",
                    "customParameters": parameters,
                }
            )
        )
        if call.greeting:
            call.heard.append(call.greeting)
            await self.to_phones(call, {"type": "greeting", "text": call.greeting})
        call.relay_reader = asyncio.create_task(self.read_relay(call))

    async def read_relay(self, call: Call) -> None:
        """What WeBox sends on the relay: tokens to speak, or the end of the session."""
        with contextlib.suppress(Exception):
            async for raw in call.relay:
                message = json.loads(raw)
                if message.get("type") == "text":
                    call.current += str(message.get("token", ""))
                    await self.to_phones(call, message)
                    if message.get("last"):
                        call.heard.append(call.current)
                elif message.get("type") == "end":
                    await self.to_phones(call, message)
                    await self.relay_ended(call, str(message.get("handoffData") or ""))
                    return

    async def relay_ended(self, call: Call, handoff: str) -> None:
        with contextlib.suppress(Exception):
            await call.relay.close()
        call.relay = None
        if call.action_url:
            params = self._call_params(call, HandoffData=handoff, SessionStatus="ended")
            response = await self.webhook(call.action_url, params)
            if response.status_code == 200 and response.text.strip():
                await self.follow_twiml(call, response.text)
                return
        await self.complete(call)

    async def say(self, call: Call, text: str) -> None:
        if call.relay is None:
            call.heard.append(text)  # a voicemail message
            call.voicemail.append(text)
            return
        call.heard.append(text)
        call.current = ""
        await call.relay.send(
            json.dumps({"type": "prompt", "voicePrompt": text, "lang": call.language, "last": True})
        )

    async def interrupt(self, call: Call, heard: str | None) -> None:
        if call.relay is None:
            return
        utterance = heard if heard is not None else call.current
        if call.heard and call.heard[-1] != utterance:
            call.heard.append(utterance)
        message = {
            "type": "interrupt",
            "utteranceUntilInterrupt": utterance,
            "durationUntilInterruptMs": int(len(utterance.split()) * 350),
        }
        await call.relay.send(json.dumps(message))

    async def digit(self, call: Call, digit: str) -> None:
        if call.relay is not None:
            await call.relay.send(json.dumps({"type": "dtmf", "digit": digit}))

    async def complete(self, call: Call) -> None:
        """Hang up: close the relay, then post the recording and status callbacks, signed."""
        if call.ended.is_set():
            return
        call.ended.set()
        if call.relay is not None:
            with contextlib.suppress(Exception):
                await call.relay.close()
            call.relay = None
        call.status = "completed"
        duration = str(max(1, round(time.monotonic() - call.started)))
        callback = call.recording_callback or call.voicemail_callback
        if callback:
            sid = call.recording_sid or _sid("RE")
            audio = wav(tone_pcm(" ".join(call.heard)))
            self.recordings[sid] = {"call_sid": call.sid, "audio": audio, "account_sid": call.account_sid}
            recording_url = f"{self.public_url}{API.format(account=call.account_sid)}/Recordings/{sid}"
            params = self._call_params(
                call,
                RecordingSid=sid,
                RecordingUrl=recording_url,
                RecordingStatus="completed",
                RecordingDuration=str(round(wav_duration(audio))),
                RecordingChannels="1",
                RecordingSource="StartCallRecordingAPI",
            )
            await self.webhook(callback, params)
            if call.transcribe_callback and call.voicemail:
                transcription = self._call_params(
                    call,
                    RecordingSid=sid,
                    RecordingUrl=recording_url,
                    TranscriptionSid=_sid("TR"),
                    TranscriptionText=" ".join(call.voicemail),
                    TranscriptionStatus="completed",
                )
                await self.webhook(call.transcribe_callback, transcription)
        if call.status_callback:
            await self.webhook(call.status_callback, self._call_params(call, CallDuration=duration))
        await self.to_phones(call, {"type": "ended", "transferred_to": call.transferred_to})

    async def ring(self, from_: str, to: str) -> Call:
        """An inbound call to one of the account's numbers: the voice webhook, then its TwiML."""
        found = next(
            ((a, n) for a in self.accounts.values() for n in a.numbers.values() if n["phone_number"] == to),
            None,
        )
        if found is None or not found[1].get("voice_url"):
            raise HTTPException(404, "no voice URL on this number")
        account, number = found
        call = Call(
            _sid("CA"),
            from_,
            to,
            "inbound",
            account.sid,
            status="ringing",
            status_callback=number.get("status_callback"),
        )
        self.calls[call.sid] = call
        response = await self.webhook(str(number["voice_url"]), self._call_params(call))
        if response.status_code != 200:
            call.status = "failed"
            raise HTTPException(502, f"the voice webhook answered {response.status_code}")
        await self.follow_twiml(call, response.text)
        return call

    async def dial_out(self, call: Call, url: str) -> None:
        """An outbound call: the callee answers, Twilio fetches the TwiML."""
        call.status = "in-progress"
        response = await self.webhook(url, self._call_params(call))
        if response.status_code == 200:
            await self.follow_twiml(call, response.text)


class Unauthorised(Exception):
    """Credentials no account of the fake accepts."""


async def _form(request: Request) -> dict[str, str]:
    """A form-encoded body as the SDK sends it (list values keep their last item)."""
    return dict(parse_qsl((await request.body()).decode(), keep_blank_values=True))


def create_app(account_sid: str, auth_token: str, *, public_url: str) -> FastAPI:
    """The fake Twilio app; `app.state.twilio` is its state (tests read and drive it)."""
    fake = FakeTwilio(account_sid, auth_token, public_url)
    app = FastAPI(title="Fake Twilio")
    app.state.twilio = fake
    base = API.format(account="{account}")
    tasks: set[asyncio.Task[None]] = set()

    def authorised(request: Request, account: str) -> FakeAccount:
        import base64

        header = request.headers.get("authorization", "")
        try:
            user, _, password = base64.b64decode(header.removeprefix("Basic ")).decode().partition(":")
        except ValueError:
            user, password = "", ""
        found = fake.accounts.get(account)
        if found is None or not found.accepts(user, password):
            raise Unauthorised()
        return found

    @app.exception_handler(Unauthorised)
    async def unauthorised(request: Request, exc: Unauthorised) -> JSONResponse:
        # Twilio's own answer to bad credentials: 401 with its error code 20003.
        body = {
            "code": 20003,
            "message": "Authenticate",
            "more_info": "https://www.twilio.com/docs/errors/20003",
        }
        return JSONResponse({**body, "status": HTTP_401_UNAUTHORIZED}, HTTP_401_UNAUTHORIZED)

    def page(key: str, items: list[dict[str, Any]], uri: str) -> dict[str, Any]:
        return {
            key: items,
            "page": 0,
            "page_size": 50,
            "start": 0,
            "end": max(0, len(items) - 1),
            "uri": uri,
            "first_page_uri": uri,
            "next_page_uri": None,
            "previous_page_uri": None,
        }

    @app.get(f"{base}.json")
    async def fetch_account(account: str, request: Request) -> dict[str, Any]:
        found = authorised(request, account)
        return {
            "sid": found.sid,
            "owner_account_sid": found.sid,
            "friendly_name": found.friendly_name,
            "status": "active",
            "type": "Full",
            "date_created": _now(),
            "date_updated": _now(),
            "uri": f"{API.format(account=found.sid)}.json",
        }

    @app.get(f"{base}/IncomingPhoneNumbers.json")
    async def list_numbers(account: str, request: Request) -> dict[str, Any]:
        found = authorised(request, account)
        items = [fake.number_json(found, n) for n in found.numbers.values()]
        return page("incoming_phone_numbers", items, request.url.path)

    @app.post(f"{base}/IncomingPhoneNumbers/{{sid}}.json")
    async def update_number(account: str, sid: str, request: Request) -> dict[str, Any]:
        found = authorised(request, account)
        number = found.numbers.get(sid)
        if number is None:
            raise HTTPException(404, "not found")
        form = await _form(request)
        if "VoiceUrl" in form:
            number["voice_url"] = str(form["VoiceUrl"])
        if "StatusCallback" in form:
            number["status_callback"] = str(form["StatusCallback"]) or None
        return fake.number_json(found, number)

    @app.get(f"{base}/Calls.json")
    async def list_calls(account: str, request: Request) -> dict[str, Any]:
        authorised(request, account)
        calls = [fake.call_json(c) for c in fake.calls.values() if c.account_sid == account]
        return page("calls", calls, request.url.path)

    @app.post(f"{base}/Calls.json", status_code=201)
    async def create_call(account: str, request: Request) -> dict[str, Any]:
        authorised(request, account)
        form = await _form(request)
        if not form.get("To") or not form.get("From") or not (form.get("Url") or form.get("Twiml")):
            return JSONResponse(
                {"code": 21201, "message": "To, From and Url are required", "status": 400}, 400
            )  # type: ignore[return-value]
        call = Call(
            _sid("CA"),
            str(form["From"]),
            str(form["To"]),
            "outbound-api",
            account,
            status_callback=str(form.get("StatusCallback") or "") or None,
        )
        fake.calls[call.sid] = call
        task = asyncio.create_task(fake.dial_out(call, str(form["Url"])))
        tasks.add(task)
        task.add_done_callback(tasks.discard)
        return fake.call_json(call)

    @app.post(f"{base}/Calls/{{call_sid}}/Recordings.json", status_code=201)
    async def start_recording(account: str, call_sid: str, request: Request) -> dict[str, Any]:
        authorised(request, account)
        call = fake.calls.get(call_sid)
        if call is None or call.account_sid != account or call.status != "in-progress":
            return JSONResponse({"code": 21220, "message": "Call is not in-progress", "status": 400}, 400)  # type: ignore[return-value]
        form = await _form(request)
        call.recording_sid = _sid("RE")
        call.recording_callback = str(form.get("RecordingStatusCallback") or "") or None
        return {
            "sid": call.recording_sid,
            "account_sid": account,
            "call_sid": call.sid,
            "status": "in-progress",
            "channels": 1,
            "source": "StartCallRecordingAPI",
            "date_created": _now(),
            "uri": f"{API.format(account=account)}/Calls/{call.sid}/Recordings/{call.recording_sid}.json",
        }

    @app.get(f"{base}/Recordings/{{recording}}")
    async def recording_media(account: str, recording: str, request: Request) -> Response:
        authorised(request, account)
        sid = recording.removesuffix(".wav")
        found = fake.recordings.get(sid)
        if found is None or found["account_sid"] != account:
            raise HTTPException(404, "not found")
        return Response(found["audio"], media_type="audio/x-wav")

    # --- the caller's side (not Twilio's API: what a phone does) ------------------------------------

    @app.post("/_fake/calls", status_code=201)
    async def ring(request: Request) -> dict[str, Any]:
        body = await request.json()
        call = await fake.ring(str(body.get("from", "+33600000001")), str(body.get("to", "")))
        phone_url = f"{fake.public_url.replace('http://', 'ws://')}/_fake/calls/{call.sid}/phone"
        return {
            "call_sid": call.sid,
            "phone_url": phone_url,
            "greeting": call.greeting,
            "status": call.status,
        }

    @app.websocket("/_fake/calls/{sid}/phone")
    async def phone(websocket: WebSocket, sid: str) -> None:
        call = fake.calls.get(sid)
        if call is None:
            await websocket.close(code=1008)
            return
        await websocket.accept()
        for past in list(call.events):
            await websocket.send_json(past)  # a phone that connects late hears the greeting
        call.phones.append(websocket)
        try:
            while not call.ended.is_set():
                message = await websocket.receive_json()
                kind = message.get("type")
                if kind == "say":
                    await fake.say(call, str(message.get("text", ""))[:2000])
                elif kind == "interrupt":
                    heard = message.get("heard")
                    await fake.interrupt(call, str(heard) if isinstance(heard, str) else None)
                elif kind == "digit":
                    await fake.digit(call, str(message.get("digit", ""))[:1])
                elif kind == "hangup":
                    await fake.complete(call)
        except (WebSocketDisconnect, ValueError):
            pass
        finally:
            if websocket in call.phones:
                call.phones.remove(websocket)
            if not call.phones and not call.ended.is_set():
                await fake.complete(call)  # the softphone's page closed: the caller hung up

    return app
