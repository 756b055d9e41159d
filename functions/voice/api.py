"""Voice over HTTP: personas, numbers, calls, opt-outs, the softphone, and Twilio's signed webhooks."""

from __future__ import annotations

from typing import Annotated, Literal
from urllib.parse import parse_qsl

from fastapi import APIRouter, Depends, Path, Query, Request, Response
from starlette.concurrency import run_in_threadpool
from webox.auth.dependencies import AdminUser, require_scope
from webox.auth.principals import Principal
from webox.http import create_app, error_responses, lambda_handler
from webox.logging import get_logger
from webox.voice import accounts as voice_accounts
from webox.voice import numbers as voice_numbers
from webox.voice import service as voice_service
from webox.voice import telephony, webhooks
from webox.voice.account_schemas import (
    VoiceAccountIn,
    VoiceAccountOut,
    VoiceAdminNumber,
    VoiceAdminNumbers,
    VoiceAssignmentIn,
)
from webox.voice.config import webhook_url
from webox.voice.errors import (
    AccountNotConnected,
    AccountTaken,
    CallNotFound,
    InvalidSignature,
    InvalidTwilioCredentials,
    NoVoiceNumber,
    NumberNotFound,
    NumberTaken,
    OptedOut,
    PersonaInUse,
    PersonaNotFound,
    SigningTokenRequired,
    SoftphoneUnavailable,
    TelephonyUnavailable,
    TwilioUnreachable,
    UserNotFound,
)
from webox.voice.schemas import (
    VoiceAvailableNumbers,
    VoiceCallDetail,
    VoiceCallList,
    VoiceCallOut,
    VoiceNumberClaim,
    VoiceNumberList,
    VoiceNumberOut,
    VoiceOptOutIn,
    VoiceOptOutList,
    VoiceOutboundCall,
    VoicePersonaIn,
    VoicePersonaList,
    VoicePersonaOut,
    VoiceSoftphoneIn,
    VoiceSoftphoneOut,
)

WriteCaller = Annotated[Principal, Depends(require_scope("chat"))]
ReadCaller = Annotated[Principal, Depends(require_scope("read"))]
Id32 = Annotated[str, Path(pattern=r"^[0-9a-f]{32}$")]
Phone = Annotated[str, Path(pattern=r"^\+[1-9][0-9]{6,14}$")]
TWIML = "application/xml"
MAX_FORM_FIELDS = 100
logger = get_logger()

voice = APIRouter(prefix="/api/voice", tags=["voice"])


# --- personas -----------------------------------------------------------------------------------------


@voice.get("/personas")
def list_personas(caller: ReadCaller) -> VoicePersonaList:
    """Your voice personas."""
    return VoicePersonaList(items=voice_service.list_personas(caller.user_id))


@voice.post("/personas", status_code=201)
def create_persona(caller: WriteCaller, body: VoicePersonaIn) -> VoicePersonaOut:
    """Create a persona: instructions, model, language, voice, greeting, recording and call flow."""
    return voice_service.create_persona(caller.user_id, body)


@voice.put("/personas/{persona_id}", responses=error_responses(PersonaNotFound))
def update_persona(caller: WriteCaller, persona_id: Id32, body: VoicePersonaIn) -> VoicePersonaOut:
    """Replace a persona's settings."""
    return voice_service.update_persona(caller.user_id, persona_id, body)


@voice.delete(
    "/personas/{persona_id}", status_code=204, responses=error_responses(PersonaNotFound, PersonaInUse)
)
def delete_persona(caller: WriteCaller, persona_id: Id32) -> Response:
    """Delete a persona no number uses."""
    voice_service.delete_persona(caller.user_id, persona_id)
    return Response(status_code=204)


# --- numbers ------------------------------------------------------------------------------------------


@voice.get("/numbers")
def list_numbers(caller: ReadCaller) -> VoiceNumberList:
    """The numbers you may answer, with their persona."""
    return VoiceNumberList(items=voice_numbers.list_numbers(caller.user_id))


@voice.get("/numbers/available", responses=error_responses(TelephonyUnavailable, TwilioUnreachable))
def available_numbers(caller: ReadCaller) -> VoiceAvailableNumbers:
    """Numbers assigned to you and your own Twilio account's (listed through Twilio), free or taken."""
    return VoiceAvailableNumbers(items=voice_numbers.available_numbers(caller.user_id))


@voice.post(
    "/numbers",
    status_code=201,
    responses=error_responses(NumberNotFound, NumberTaken, PersonaNotFound, SigningTokenRequired),
)
def claim_number(caller: WriteCaller, body: VoiceNumberClaim) -> VoiceNumberOut:
    """Answer one of your numbers with one of your personas (its Twilio webhooks then point at WeBox)."""
    return voice_numbers.answer_number(caller.user_id, body.phone_number, body.persona_id)


@voice.delete("/numbers/{phone_number}", status_code=204, responses=error_responses(NumberNotFound))
def release_number(caller: WriteCaller, phone_number: Phone) -> Response:
    """Stop answering a number (one of your own account's is detached)."""
    voice_numbers.release_number(caller.user_id, phone_number)
    return Response(status_code=204)


# --- your own Twilio account ---------------------------------------------------------------------------


@voice.get("/account", responses=error_responses(AccountNotConnected))
def get_account(caller: ReadCaller) -> VoiceAccountOut:
    """Your connected Twilio account, masked."""
    return voice_accounts.get(caller.user_id)


@voice.put("/account", responses=error_responses(InvalidTwilioCredentials, AccountTaken, TwilioUnreachable))
def connect_account(caller: WriteCaller, body: VoiceAccountIn) -> VoiceAccountOut:
    """Connect your Twilio account (checked with one call to Twilio, stored encrypted)."""
    return voice_accounts.connect(caller.user_id, body)


@voice.delete("/account", status_code=204, responses=error_responses(AccountNotConnected))
def disconnect_account(caller: WriteCaller) -> Response:
    """Disconnect your Twilio account: its numbers are detached and its credentials forgotten."""
    voice_accounts.disconnect(caller.user_id)
    return Response(status_code=204)


# --- admin: the platform's numbers ---------------------------------------------------------------------


@voice.get("/admin/numbers", responses=error_responses(TelephonyUnavailable))
def admin_numbers(admin: AdminUser) -> VoiceAdminNumbers:
    """The platform account's numbers and who each is assigned to (admins)."""
    return VoiceAdminNumbers(items=voice_numbers.admin_numbers())


@voice.put(
    "/admin/numbers/{phone_number}/assignment",
    responses=error_responses(NumberNotFound, NumberTaken, UserNotFound, TelephonyUnavailable),
)
def assign_number(admin: AdminUser, phone_number: Phone, body: VoiceAssignmentIn) -> VoiceAdminNumber:
    """Assign a platform number to a user (admins)."""
    return voice_numbers.assign(phone_number, str(body.email))


@voice.delete(
    "/admin/numbers/{phone_number}/assignment", status_code=204, responses=error_responses(NumberNotFound)
)
def unassign_number(admin: AdminUser, phone_number: Phone) -> Response:
    """Take a platform number back from its user (admins)."""
    voice_numbers.unassign(phone_number)
    return Response(status_code=204)


# --- calls --------------------------------------------------------------------------------------------


@voice.get("/calls")
def list_calls(
    caller: ReadCaller,
    q: Annotated[str | None, Query(max_length=100)] = None,
    status: Annotated[str | None, Query(max_length=20)] = None,
    direction: Annotated[Literal["inbound", "outbound"] | None, Query()] = None,
) -> VoiceCallList:
    """Your calls, newest first; `q` searches numbers, summaries and transcripts."""
    return VoiceCallList(
        items=voice_service.list_calls(caller.user_id, query=q, status=status, direction=direction)
    )


@voice.get("/calls/{call_id}", responses=error_responses(CallNotFound))
def get_call(caller: ReadCaller, call_id: Id32) -> VoiceCallDetail:
    """A call: transcript, recording, summary, extracted fields, success score, per-turn latency."""
    return voice_service.call_detail(caller.user_id, call_id)


@voice.delete("/calls/{call_id}", status_code=204, responses=error_responses(CallNotFound))
def delete_call(caller: WriteCaller, call_id: Id32) -> Response:
    """Delete a call with its transcript and recording."""
    voice_service.delete_call(caller.user_id, call_id)
    return Response(status_code=204)


@voice.post("/calls", status_code=201, responses=error_responses(OptedOut, NoVoiceNumber, PersonaNotFound))
def place_call(caller: WriteCaller, body: VoiceOutboundCall) -> VoiceCallOut:
    """Call a number from one of yours; a number on your opt-out list is refused."""
    return voice_service.place_call(caller.user_id, body)


@voice.get("/opt-outs")
def list_opt_outs(caller: ReadCaller) -> VoiceOptOutList:
    """Numbers that asked never to be called."""
    return VoiceOptOutList(items=voice_service.list_opt_outs(caller.user_id))


@voice.post("/opt-outs", status_code=204)
def add_opt_out(caller: WriteCaller, body: VoiceOptOutIn) -> Response:
    """Never call this number again."""
    voice_service.add_opt_out(caller.user_id, body.phone_number)
    return Response(status_code=204)


@voice.delete("/opt-outs/{phone_number}", status_code=204)
def remove_opt_out(caller: WriteCaller, phone_number: Phone) -> Response:
    """Take a number off the opt-out list."""
    voice_service.remove_opt_out(caller.user_id, phone_number)
    return Response(status_code=204)


@voice.post("/softphone", status_code=201, responses=error_responses(SoftphoneUnavailable, NumberNotFound))
def softphone(caller: WriteCaller, body: VoiceSoftphoneIn) -> VoiceSoftphoneOut:
    """Ring one of your numbers from the browser (local mode, through the simulated Twilio)."""
    return voice_service.softphone_call(caller.user_id, body.phone_number, body.caller)


# --- Twilio's webhooks (signed, no session) ---------------------------------------------------------


# The webhooks' work is blocking (DynamoDB, S3, Twilio, pushes to the browsers' sockets): it runs in the
# thread pool, never on the event loop (locally the loop also serves the sockets it pushes to).
async def _signed_form(request: Request, path: str) -> dict[str, str]:
    """The webhook's form, once its signature matches the public URL Twilio called, signed with the
    auth token of the account it names (`AccountSid`); 403 otherwise, logged without the payload."""
    pairs = parse_qsl((await request.body()).decode("utf-8", "replace"), keep_blank_values=True)
    params = dict(pairs[:MAX_FORM_FIELDS])
    url = telephony.with_query(webhook_url(path), dict(request.query_params))
    token = await run_in_threadpool(voice_accounts.signing_token, params.get("AccountSid", ""))
    if not telephony.signature_valid(url, params, request.headers.get("x-twilio-signature"), token):
        logger.warning("twilio webhook refused: bad signature", extra={"webhook": path})
        raise InvalidSignature()
    return params


def _twiml(body: str) -> Response:
    return Response(content=body, media_type=TWIML)


@voice.post("/twilio/incoming", responses=error_responses(InvalidSignature), include_in_schema=False)
async def twilio_incoming(request: Request) -> Response:
    """A call rings a WeBox number: TwiML connecting it to the persona over ConversationRelay."""
    return _twiml(await run_in_threadpool(webhooks.incoming, await _signed_form(request, "incoming")))


@voice.post("/twilio/outbound", responses=error_responses(InvalidSignature), include_in_schema=False)
async def twilio_outbound(
    request: Request, call: Annotated[str, Query(pattern=r"^[0-9a-f]{32}$")]
) -> Response:
    """An outbound call was answered: TwiML connecting it to the persona."""
    return _twiml(await run_in_threadpool(webhooks.outbound, call, await _signed_form(request, "outbound")))


@voice.post("/twilio/relay-ended", responses=error_responses(InvalidSignature), include_in_schema=False)
async def twilio_relay_ended(request: Request) -> Response:
    """The relay session ended: transfer to a person when the persona handed off, else hang up."""
    return _twiml(await run_in_threadpool(webhooks.relay_ended, await _signed_form(request, "relay-ended")))


@voice.post(
    "/twilio/status", status_code=204, responses=error_responses(InvalidSignature), include_in_schema=False
)
async def twilio_status(request: Request) -> Response:
    """A call's status changed (its end starts the post-call analysis)."""
    await run_in_threadpool(webhooks.status, await _signed_form(request, "status"))
    return Response(status_code=204)


@voice.post(
    "/twilio/recording", status_code=204, responses=error_responses(InvalidSignature), include_in_schema=False
)
async def twilio_recording(request: Request) -> Response:
    """A recording is ready: its audio is copied to the recordings bucket."""
    await run_in_threadpool(webhooks.recording, await _signed_form(request, "recording"))
    return Response(status_code=204)


@voice.post(
    "/twilio/transcription",
    status_code=204,
    responses=error_responses(InvalidSignature),
    include_in_schema=False,
)
async def twilio_transcription(request: Request) -> Response:
    """A voicemail was transcribed: its text becomes the call's transcript."""
    await run_in_threadpool(webhooks.transcription, await _signed_form(request, "transcription"))
    return Response(status_code=204)


app = create_app(
    voice,
    title="Voice",
    description="A phone assistant over Twilio ConversationRelay: personas, numbers, calls, transcripts.",
)
handler = lambda_handler(app)
