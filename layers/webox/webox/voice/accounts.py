"""Which Twilio account WeBox acts on: the platform's, or a user's own (connected with its SID and an
auth token or an API key, verified with one call, stored KMS-encrypted as AI keys are, shown masked).

Webhooks are verified with the auth token of the account that sent them (`AccountSid`): Twilio signs a
call's webhooks with its account's token."""

from __future__ import annotations

import base64
import json

from webox import queue
from webox.db import utcnow
from webox.logging import get_logger
from webox.voice import repository, telephony
from webox.voice.account_schemas import VoiceAccountIn, VoiceAccountOut
from webox.voice.config import TwilioAccount, api_base, platform_account
from webox.voice.errors import (
    AccountNotConnected,
    AccountTaken,
    InvalidTwilioCredentials,
    TwilioUnreachable,
)
from webox.voice.jobs import QUEUE, DetachNumbers
from webox.voice.models import VoiceAccount, VoiceNumber

VENDOR = "twilio"  # the encryption context's vendor, as for the users' AI keys
logger = get_logger()


def _sealed(account: VoiceAccount) -> TwilioAccount:
    return _opened(account.user_id, account.account_sid, account.ciphertext)


def _opened(user_id: str, account_sid: str, ciphertext: bytes) -> TwilioAccount:
    # Imported here (and in `connect`): only an own Twilio account is sealed, with the users' vendor
    # keys; the platform's account and the voice pages need neither the providers nor their registry.
    from webox.providers import service as providers

    secrets = json.loads(providers.open_user_secret(user_id, VENDOR, ciphertext))
    return TwilioAccount(
        account_sid=account_sid,
        auth_token=secrets.get("auth_token"),
        api_base=api_base(),
        api_key_sid=secrets.get("api_key_sid"),
        api_key_secret=secrets.get("api_key_secret"),
    )


def own_account(user_id: str) -> TwilioAccount | None:
    """The user's own Twilio account, decrypted; None when they connected none."""
    stored = repository.get_account(user_id)
    return _sealed(stored) if stored is not None else None


def account_for(user_id: str, account_sid: str | None) -> TwilioAccount:
    """The account a number or a call of this user runs on (None: the platform's)."""
    platform = telephony.account()
    if account_sid is None or account_sid == platform.account_sid:
        return platform
    own = own_account(user_id)
    if own is None or own.account_sid != account_sid:
        raise AccountNotConnected()
    return own


def signing_token(account_sid: str) -> str | None:
    """The auth token Twilio signed a request of this account with; None for an unknown account."""
    platform = platform_account()
    if platform is not None and account_sid == platform.account_sid:
        return platform.auth_token
    owner = repository.owner_of(f"account#{account_sid}") if account_sid.startswith("AC") else None
    own = own_account(owner.user_id) if owner else None
    return own.auth_token if own is not None and own.account_sid == account_sid else None


def account_out(account: VoiceAccount) -> VoiceAccountOut:
    return VoiceAccountOut(
        account_sid=account.masked["account_sid"],
        friendly_name=account.friendly_name,
        auth_token=account.masked.get("auth_token"),
        api_key_sid=account.masked.get("api_key_sid"),
        connected_at=account.connected_at,
    )


def get(user_id: str) -> VoiceAccountOut:
    """The user's connected account, masked (404 `voice.account_not_connected` when none)."""
    stored = repository.get_account(user_id)
    if stored is None:
        raise AccountNotConnected()
    return account_out(stored)


def connect(user_id: str, body: VoiceAccountIn) -> VoiceAccountOut:
    """Verify the credentials with one call to Twilio, then store them encrypted (replacing any)."""
    from twilio.base.exceptions import TwilioException, TwilioRestException

    from webox.providers import service as providers

    given = TwilioAccount(
        account_sid=body.account_sid,
        auth_token=body.auth_token.get_secret_value() if body.auth_token else None,
        api_base=api_base(),
        api_key_sid=body.api_key_sid,
        api_key_secret=body.api_key_secret.get_secret_value() if body.api_key_secret else None,
    )
    try:
        friendly_name = telephony.verify(given)
    except TwilioRestException as exc:
        logger.info("twilio credentials refused", extra={"status": exc.status, "twilio_code": exc.code})
        if exc.status in (401, 403, 404):
            raise InvalidTwilioCredentials() from None
        raise TwilioUnreachable() from None
    except TwilioException:
        raise TwilioUnreachable() from None
    current = repository.get_account(user_id)
    if current is not None and current.account_sid != given.account_sid:
        disconnect(user_id)
    if not repository.claim_lookup(f"account#{given.account_sid}", user_id):
        raise AccountTaken()
    secrets = {
        "auth_token": given.auth_token,
        "api_key_sid": given.api_key_sid,
        "api_key_secret": given.api_key_secret,
    }
    masked = {
        "account_sid": providers.mask(given.account_sid),
        "auth_token": providers.mask(given.auth_token) if given.auth_token else None,
        "api_key_sid": providers.mask(given.api_key_sid) if given.api_key_sid else None,
    }
    stored = VoiceAccount(
        user_id,
        account_sid=given.account_sid,
        friendly_name=friendly_name[:120],
        ciphertext=providers.seal_user_secret(user_id, VENDOR, json.dumps(secrets)),
        masked=masked,
        connected_at=utcnow(),
    )
    repository.save(stored)
    return account_out(stored)


def disconnect(user_id: str) -> None:
    """Detach the account's numbers (at Twilio too, best effort) and forget the credentials."""
    stored = repository.get_account(user_id)
    if stored is None:
        raise AccountNotConnected()
    acct = _sealed(stored)
    own = _own_numbers(user_id)
    _forget(stored, own)
    for number in own:
        try:
            telephony.detach_number(acct, number.number_sid)
        except Exception:
            logger.info("twilio number not detached at twilio", extra={"number_sid": number.number_sid})


def forget_deleted(user_id: str) -> None:
    """`disconnect` for a deleted WeBox account: the numbers are detached at Twilio by the voice
    worker (`detach`, a message on its queue), not by the account worker running this hook. The
    message goes first: a deletion step run again sends it again rather than never."""
    stored = repository.get_account(user_id)
    if stored is None:
        return
    own = _own_numbers(user_id)
    if own:
        job = DetachNumbers(
            user_id=user_id,
            account_sid=stored.account_sid,
            sealed=base64.b64encode(stored.ciphertext).decode(),
            number_sids=[number.number_sid for number in own],
        )
        queue.send(QUEUE, job)
    _forget(stored, own)


def detach(job: DetachNumbers) -> None:
    """The voice worker's part of a deletion: each number pointed away from WeBox at Twilio. Should
    one fail, the others are still tried, then the message is delivered again (detaching twice is
    harmless)."""
    if not job.number_sids:
        return
    acct = _opened(job.user_id, job.account_sid, base64.b64decode(job.sealed))
    failed: list[Exception] = []
    for number_sid in job.number_sids:
        try:
            telephony.detach_number(acct, number_sid)
        except Exception as error:
            failed.append(error)
    if failed:
        raise failed[0]


def _own_numbers(user_id: str) -> list[VoiceNumber]:
    return [number for number in repository.list_numbers(user_id) if number.source == "own"]


def _forget(stored: VoiceAccount, own: list[VoiceNumber]) -> None:
    """Release the account's own numbers and forget its credentials."""
    for number in own:
        repository.release_number(number)
    repository.forget(f"account#{stored.account_sid}")
    repository.delete(stored)
