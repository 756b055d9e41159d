"""Voice errors, each with a stable code."""

from __future__ import annotations

from webox.errors import Conflict, Forbidden, Invalid, NotFound, UpstreamError, WeboxError


class PersonaNotFound(NotFound):
    code, title = "voice.persona_not_found", "Persona not found"


class NumberNotFound(NotFound):
    code, title = "voice.number_not_found", "Phone number not found"


class CallNotFound(NotFound):
    code, title = "voice.call_not_found", "Call not found"


class NumberTaken(Conflict):
    code, title = "voice.number_taken", "This number is already assigned"


class PersonaInUse(Conflict):
    code, title = "voice.persona_in_use", "A number still answers with this persona"


class OptedOut(Conflict):
    code, title = "voice.opted_out", "This number asked not to be called"


class NoVoiceNumber(Invalid):
    code, title = "voice.no_number", "You have no phone number to call from"


class InvalidSignature(Forbidden):
    code, title = "voice.invalid_signature", "Invalid Twilio signature"


class TelephonyUnavailable(WeboxError):
    code, title, status = "voice.unavailable", "Telephony is not configured", 503


class SoftphoneUnavailable(Invalid):
    code, title = "voice.softphone_unavailable", "The softphone only works with the simulated Twilio"


class AccountNotConnected(NotFound):
    code, title = "voice.account_not_connected", "No Twilio account connected"


class AccountTaken(Conflict):
    code, title = "voice.account_taken", "This Twilio account is connected to another WeBox account"


class InvalidTwilioCredentials(Invalid):
    code, title = "voice.invalid_credentials", "Twilio refused these credentials"


class TwilioUnreachable(UpstreamError):
    code, title = "voice.twilio_unreachable", "Twilio could not be reached; try again"


class SigningTokenRequired(Invalid):
    code, title = "voice.signing_token_required", "Add the account's auth token to receive calls"


class UserNotFound(NotFound):
    code, title = "voice.user_not_found", "No user with this e-mail address"
