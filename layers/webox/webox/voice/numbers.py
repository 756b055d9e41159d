"""Phone numbers: an admin assigns numbers of the platform's Twilio account to users; a user answers
their assigned numbers, or those of their own Twilio account, with one of their personas (which points
the number's voice webhook and status callback at WeBox)."""

from __future__ import annotations

from webox.auth import accounts as auth_accounts
from webox.auth import repository as auth_repository
from webox.db import utcnow
from webox.voice import accounts, repository, telephony
from webox.voice.account_schemas import VoiceAdminNumber, VoiceAssignee
from webox.voice.config import TwilioAccount, webhook_url
from webox.voice.errors import (
    NumberNotFound,
    NumberTaken,
    PersonaNotFound,
    SigningTokenRequired,
    UserNotFound,
)
from webox.voice.models import VoiceNumber
from webox.voice.schemas import VoiceAvailableNumber, VoiceNumberOut


def number_out(n: VoiceNumber) -> VoiceNumberOut:
    return VoiceNumberOut(
        phone_number=n.phone_number,
        number_sid=n.number_sid,
        persona_id=n.persona_id,
        source="own" if n.source == "own" else "platform",
        created_at=n.created_at,
    )


def list_numbers(user_id: str) -> list[VoiceNumberOut]:
    """The numbers you may answer (assigned or your own attached ones), with their persona."""
    return [number_out(n) for n in repository.list_numbers(user_id)]


def available_numbers(user_id: str) -> list[VoiceAvailableNumber]:
    """What you may answer: the platform numbers assigned to you, and your own account's numbers
    (listed through Twilio), each marked free or taken by another user."""
    found = [
        VoiceAvailableNumber(
            number_sid=n.number_sid, phone_number=n.phone_number, friendly_name=n.phone_number, free=True
        )
        for n in repository.list_numbers(user_id)
        if n.source != "own"
    ]
    own = accounts.own_account(user_id)
    for n in telephony.list_numbers(own) if own is not None else []:
        holder = repository.owner_of(f"number#{n['phone_number']}")
        found.append(
            VoiceAvailableNumber(
                number_sid=n["sid"],
                phone_number=n["phone_number"],
                friendly_name=n["friendly_name"],
                free=holder is None or holder.user_id == user_id,
                source="own",
            )
        )
    return found


def _point(acct: TwilioAccount, number_sid: str) -> None:
    if not acct.auth_token:
        raise SigningTokenRequired(
            "Twilio signs calls with the account's auth token: connect it to receive calls"
        )
    telephony.point_number(
        acct, number_sid, voice_url=webhook_url("incoming"), status_url=webhook_url("status")
    )


def answer_number(user_id: str, phone_number: str, persona_id: str) -> VoiceNumberOut:
    """Answer one of your numbers with one of your personas; a number of your own account is attached
    first. Its Twilio webhooks then point at WeBox. A number that is not yours is not found."""
    if repository.get_persona(user_id, persona_id) is None:
        raise PersonaNotFound()
    number = repository.get_number(user_id, phone_number)
    if number is None:
        number = _own_number(user_id, phone_number)
    acct = accounts.account_for(user_id, number.account_sid)
    _point(acct, number.number_sid)
    number.persona_id = persona_id
    repository.save(number)
    return number_out(number)


def _own_number(user_id: str, phone_number: str) -> VoiceNumber:
    """A number of the user's own account, claimed for them (409 when another user answers it)."""
    own = accounts.own_account(user_id)
    found = (
        next((n for n in telephony.list_numbers(own) if n["phone_number"] == phone_number), None)
        if own
        else None
    )
    if own is None or found is None:
        raise NumberNotFound()
    number = VoiceNumber(
        user_id,
        phone_number,
        number_sid=found["sid"],
        source="own",
        account_sid=own.account_sid,
        created_at=utcnow(),
    )
    if not repository.claim_number(number):
        raise NumberTaken()
    return number


def release_number(user_id: str, phone_number: str) -> None:
    """Stop answering a number: an assigned one stays yours without a persona; one of your own account
    is detached."""
    number = repository.get_number(user_id, phone_number)
    if number is None:
        raise NumberNotFound()
    if number.source == "own":
        repository.release_number(number)
        return
    number.persona_id = None
    repository.save(number)


# --- admin ---------------------------------------------------------------------------------------------


def admin_numbers() -> list[VoiceAdminNumber]:
    """Every number of the platform's account, with the user it is assigned to."""
    items = []
    for n in telephony.list_numbers(telephony.account()):
        holder = repository.owner_of(f"number#{n['phone_number']}")
        user = auth_repository.get_user(holder.user_id) if holder else None
        items.append(
            VoiceAdminNumber(
                number_sid=n["sid"],
                phone_number=n["phone_number"],
                friendly_name=n["friendly_name"],
                assigned_to=VoiceAssignee(user_id=user.id, email=user.email) if user else None,
            )
        )
    return items


def assign(phone_number: str, email: str) -> VoiceAdminNumber:
    """Assign a platform number to a user (409 when another user has it; the same user: unchanged)."""
    platform = telephony.account()
    found = next((n for n in telephony.list_numbers(platform) if n["phone_number"] == phone_number), None)
    if found is None:
        raise NumberNotFound()
    user = auth_accounts.user_by_email(email)
    if user is None:
        raise UserNotFound()
    if repository.get_number(user.id, phone_number) is None:
        number = VoiceNumber(
            user.id,
            phone_number,
            number_sid=found["sid"],
            source="platform",
            account_sid=None,
            created_at=utcnow(),
        )
        if not repository.claim_number(number):
            raise NumberTaken()
    return VoiceAdminNumber(
        number_sid=found["sid"],
        phone_number=phone_number,
        friendly_name=found["friendly_name"],
        assigned_to=VoiceAssignee(user_id=user.id, email=user.email),
    )


def unassign(phone_number: str) -> None:
    """Take a platform number back from its user (their persona stops answering it)."""
    holder = repository.owner_of(f"number#{phone_number}")
    number = repository.get_number(holder.user_id, phone_number) if holder else None
    if number is None or number.source == "own":
        raise NumberNotFound()
    repository.release_number(number)
