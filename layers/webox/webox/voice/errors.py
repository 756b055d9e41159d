"""Voice errors, each with a stable code."""

from __future__ import annotations

from webox.errors import Conflict, Forbidden, Invalid, NotFound, WeboxError


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
