"""Every AWS call of the auth feature: DynamoDB (pynamodb), the signing-key secret and KMS."""

from __future__ import annotations

import json
import os
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from pynamodb.exceptions import DeleteError, DoesNotExist, PutError, TransactWriteError, UpdateError
from pynamodb.models import Model
from pynamodb.transactions import TransactWrite

from webox.auth import jws
from webox.auth.config import get_auth_settings
from webox.auth.models import (
    DIRECTORY,
    ApiToken,
    Counter,
    Identity,
    OneTimeToken,
    RefreshToken,
    Session,
    User,
)
from webox.aws import client
from webox.config import kms_alias, resource_env, resource_name
from webox.db import transaction_connection, utcnow
from webox.ttl_cache import TtlCache

# The access tokens' private Ed25519 key: only the auth function (which signs) and its rotation read it.
SIGNING_SECRET = "jwt-signing"  # noqa: S105 - the secret's logical name
# Their public keys (current and previous generations): every function that authenticates reads it.
PUBLIC_KEYS_SECRET = "jwt-public"  # noqa: S105 - the secret's logical name
# An HMAC key for the links other features sign and check themselves (approval links, comment tickets).
LINK_SECRET = "link-signing"  # noqa: S105 - the secret's logical name
ORIGIN_VERIFY_SECRET = "origin-verify"  # noqa: S105 - the secret's logical name
# A token with an unknown `kid` may force a re-read of the secret (a rotation), at most this often.
_FORCED_REFRESH_S = 30.0


def _conditional_failure(exc: PutError | UpdateError | DeleteError | TransactWriteError) -> bool:
    if isinstance(exc, TransactWriteError):
        return any(
            reason is not None and reason.code == "ConditionalCheckFailed"
            for reason in exc.cancellation_reasons
        )
    return exc.cause_response_code == "ConditionalCheckFailedException"


# --- signing and origin keys (Secrets Manager) ----------------------------------------------------


@dataclass(frozen=True)
class SigningKeys:
    """The current HMAC key and the previous ones that still verify (rotation)."""

    current_kid: str
    current_key: str
    by_kid: dict[str, str]

    def get(self, kid: str) -> str | None:
        return self.by_kid.get(kid)


@dataclass(frozen=True)
class SigningKey:
    """The access tokens' current private key and its `kid`."""

    kid: str
    private: Ed25519PrivateKey


class _KeyCache:
    """One secret's parsed value per cold start, re-read every few minutes, or sooner when a token
    names an unknown `kid` (a rotation), at most every `_FORCED_REFRESH_S`."""

    def __init__(self, read: Callable[[], Any]) -> None:
        self._read, self._lock = read, threading.Lock()
        self._value: Any = None
        self._at = 0.0

    def get(self, *, refresh: bool = False) -> Any:
        with self._lock:
            age = time.monotonic() - self._at
            stale = age > get_auth_settings().signing_key_cache_s or (refresh and age > _FORCED_REFRESH_S)
            if self._value is None or stale:
                self._value, self._at = self._read(), time.monotonic()
            return self._value

    def clear(self) -> None:
        with self._lock:
            self._value, self._at = None, 0.0


def secret_document(secret_id: str, *, version_id: str | None = None) -> dict[str, Any]:
    """A secret's JSON value (its current version, or `version_id`). The stage is named: moto's
    `UpdateSecretVersionStage` moves the label but not the version it answers by default."""
    extra = {"VersionId": version_id} if version_id else {"VersionStage": "AWSCURRENT"}
    value: dict[str, Any] = json.loads(
        client("secretsmanager").get_secret_value(SecretId=secret_id, **extra)["SecretString"]
    )
    return value


def _read_keys(secret_id: str) -> SigningKeys:
    """A generated key secret (`{"kid", "key", "previous"?: [{"kid", "key"}]}`). Callers name the
    secret through `resource_env` with its constant, which is how a function's grants are derived."""
    value = secret_document(secret_id)
    by_kid = {str(old["kid"]): str(old["key"]) for old in value.get("previous") or []}
    by_kid[str(value["kid"])] = str(value["key"])
    return SigningKeys(current_kid=str(value["kid"]), current_key=str(value["key"]), by_kid=by_kid)


def signing_secret_id() -> str:
    return os.environ.get(resource_env("secret", SIGNING_SECRET)) or resource_name(SIGNING_SECRET)


def public_keys_secret_id() -> str:
    return os.environ.get(resource_env("secret", PUBLIC_KEYS_SECRET)) or resource_name(PUBLIC_KEYS_SECRET)


def _read_signing_key() -> SigningKey:
    from cryptography.hazmat.primitives import serialization  # the auth function alone signs

    value = secret_document(signing_secret_id())
    private = serialization.load_pem_private_key(str(value["private"]).encode(), password=None)
    assert isinstance(private, Ed25519PrivateKey)
    return SigningKey(kid=str(value["kid"]), private=private)


def _read_public_keys() -> dict[str, Ed25519PublicKey]:
    keys: dict[str, Ed25519PublicKey] = {}
    for entry in secret_document(public_keys_secret_id()).get("keys") or []:
        public = jws.ed25519_public_key(str(entry["public"]))
        if public is not None:
            keys[str(entry["kid"])] = public
    return keys


def _read_link_keys() -> SigningKeys:
    return _read_keys(os.environ.get(resource_env("secret", LINK_SECRET)) or resource_name(LINK_SECRET))


_signing_key = _KeyCache(_read_signing_key)
_public_keys = _KeyCache(_read_public_keys)
_link_keys = _KeyCache(_read_link_keys)
_origin_values: TtlCache[str, frozenset[str]] = TtlCache(get_auth_settings().signing_key_cache_s, size=1)


def signing_key() -> SigningKey:
    """The private key access tokens are signed with (the auth function only)."""
    key: SigningKey = _signing_key.get()
    return key


def public_keys(*, refresh: bool = False) -> dict[str, Ed25519PublicKey]:
    """`kid` → public key of every generation that still verifies."""
    keys: dict[str, Ed25519PublicKey] = _public_keys.get(refresh=refresh)
    return keys


def link_keys(*, refresh: bool = False) -> SigningKeys:
    """The HMAC keys of the links features sign themselves."""
    keys: SigningKeys = _link_keys.get(refresh=refresh)
    return keys


def forget_keys() -> None:
    """Drop the cached access-token keys (after a rotation in this process)."""
    _signing_key.clear()
    _public_keys.clear()


# --- rotation (Secrets Manager's four steps; `webox.auth.key_rotation`) ------------------------------


def version_stages(secret_id: str) -> dict[str, list[str]]:
    """Version id → its staging labels."""
    described = client("secretsmanager").describe_secret(SecretId=secret_id)
    stages: dict[str, list[str]] = described.get("VersionIdsToStages", {})
    return stages


def put_pending(secret_id: str, token: str, document: dict[str, Any]) -> None:
    client("secretsmanager").put_secret_value(
        SecretId=secret_id,
        ClientRequestToken=token,
        SecretString=json.dumps(document),
        VersionStages=["AWSPENDING"],
    )


def promote(secret_id: str, token: str, current: str | None) -> None:
    """Make version `token` the current one."""
    extra = {"RemoveFromVersionId": current} if current else {}
    client("secretsmanager").update_secret_version_stage(
        SecretId=secret_id, VersionStage="AWSCURRENT", MoveToVersionId=token, **extra
    )


def put_public_keys(document: dict[str, Any]) -> None:
    client("secretsmanager").put_secret_value(
        SecretId=public_keys_secret_id(), SecretString=json.dumps(document)
    )


def origin_verify_values() -> frozenset[str]:
    """What CloudFront may send in `X-Origin-Verify`: the current key and any previous one still
    deployed, cached like the signing keys (a rotation reaches CloudFront on the next deploy)."""
    secret_id = os.environ.get(resource_env("secret", ORIGIN_VERIFY_SECRET)) or resource_name(
        ORIGIN_VERIFY_SECRET
    )
    return _origin_values.get_or_set(secret_id, lambda: frozenset(_read_keys(secret_id).by_kid.values()))


# --- KMS ------------------------------------------------------------------------------------------


def encrypt(plaintext: bytes, context: dict[str, str]) -> bytes:
    """Encrypt with the platform's KMS key, bound to an encryption context."""
    response = client("kms").encrypt(KeyId=kms_alias(), Plaintext=plaintext, EncryptionContext=context)
    return bytes(response["CiphertextBlob"])


def decrypt(ciphertext: bytes, context: dict[str, str]) -> bytes:
    """Decrypt what `encrypt` produced with the same context."""
    response = client("kms").decrypt(KeyId=kms_alias(), CiphertextBlob=ciphertext, EncryptionContext=context)
    return bytes(response["Plaintext"])


# --- users and identities -------------------------------------------------------------------------


def get_user(user_id: str) -> User | None:
    try:
        return User.get(user_id, consistent_read=True)
    except DoesNotExist:
        return None


def user_id_for(identity_key: str) -> str | None:
    """The account an identity (`email:…`, `google:…`) belongs to."""
    try:
        return Identity.get(identity_key, consistent_read=True).user_id
    except DoesNotExist:
        return None


def create_user(user: User, identity_keys: list[str]) -> bool:
    """Store a new user and claim its identities in one transaction; False if one is already taken."""
    now = utcnow()
    try:
        with TransactWrite(connection=transaction_connection()) as transaction:
            for key in identity_keys:
                transaction.save(
                    Identity(key, user_id=user.id, created_at=now), condition=Identity.key.does_not_exist()
                )
            transaction.save(user, condition=User.id.does_not_exist())
    except TransactWriteError as exc:
        if _conditional_failure(exc):
            return False
        raise
    return True


def add_identity(identity_key: str, user_id: str) -> bool:
    """Link one more identity to an account; False if it belongs to someone already."""
    try:
        Identity(identity_key, user_id=user_id, created_at=utcnow()).save(
            condition=Identity.key.does_not_exist()
        )
    except PutError as exc:
        if _conditional_failure(exc):
            return False
        raise
    return True


def update_user(user: User, **fields: Any) -> None:
    """Set (or, for None, remove) plain fields of a user; `user` is refreshed from the result."""
    actions = [
        getattr(User, name).remove() if value is None else getattr(User, name).set(value)
        for name, value in fields.items()
    ]
    actions.append(User.updated_at.set(utcnow()))
    user.update(actions=actions, condition=User.id.exists())


def bump_token_version(user: User, **fields: Any) -> None:
    """Like `update_user`, and invalidate outstanding reset links and 2FA sign-in steps."""
    actions = [
        getattr(User, name).remove() if value is None else getattr(User, name).set(value)
        for name, value in fields.items()
    ]
    actions += [User.token_version.add(1), User.updated_at.set(utcnow())]
    user.update(actions=actions, condition=User.id.exists())


def claim_totp_step(user_id: str, step: int) -> bool:
    """Record `step` as the last TOTP step used; False when it (or a later one) was already used."""
    try:
        User(user_id).update(
            actions=[User.mfa_last_step.set(step)],
            condition=User.id.exists() & (User.mfa_last_step.does_not_exist() | (User.mfa_last_step < step)),
        )
    except UpdateError as exc:
        if _conditional_failure(exc):
            return False
        raise
    return True


def use_recovery_code(user_id: str, code_hash: str) -> bool:
    """Remove one recovery code atomically; False when it is not (or no longer) there."""
    try:
        User(user_id).update(
            actions=[User.recovery_codes.delete({code_hash})],
            condition=User.recovery_codes.contains(code_hash),
        )
    except UpdateError as exc:
        if _conditional_failure(exc):
            return False
        raise
    return True


def users_by_email(prefix: str, start_key: dict[str, Any] | None, page_size: int) -> Iterator[User]:
    """Users whose e-mail starts with `prefix`, in e-mail order."""
    return User.by_email.query(
        DIRECTORY,
        User.email.startswith(prefix) if prefix else None,
        last_evaluated_key=start_key,
        page_size=page_size,
    )


def users_by_name(prefix: str, start_key: dict[str, Any] | None, page_size: int) -> Iterator[User]:
    """Users whose case-folded name starts with `prefix`, in name order."""
    return User.by_name.query(
        DIRECTORY, User.name_key.startswith(prefix), last_evaluated_key=start_key, page_size=page_size
    )


def directory_key(user: User, index: str) -> dict[str, Any]:
    """The pagination key of `user` in a directory index (`by_email` or `by_name`)."""
    sort = "email" if index == "by_email" else "name_key"
    return {
        "id": {"S": user.id},
        "directory": {"S": DIRECTORY},
        sort: {"S": getattr(user, sort)},
    }


def is_directory_key(key: dict[str, Any], index: str) -> bool:
    """Whether a decoded cursor is a pagination key of that directory index (and nothing else)."""
    if index not in {"by_email", "by_name"}:
        return False
    sort = "email" if index == "by_email" else "name_key"
    return (
        set(key) == {"id", "directory", sort}
        and key["directory"] == {"S": DIRECTORY}
        and all(set(value) == {"S"} for value in key.values())
    )


# --- sessions and refresh tokens ------------------------------------------------------------------


def save(item: Model) -> None:
    """Store a new item (session, refresh token, one-time token, API token)."""
    item.save()


def get_session(user_id: str, session_id: str) -> Session | None:
    try:
        return Session.get(user_id, session_id, consistent_read=True)
    except DoesNotExist:
        return None


def list_sessions(user_id: str) -> list[Session]:
    return list(Session.query(user_id, limit=200))


def delete_session(user_id: str, session_id: str) -> bool:
    """End one session; False when it did not exist."""
    try:
        Session(user_id, session_id).delete(condition=Session.session_id.exists())
    except DeleteError as exc:
        if _conditional_failure(exc):
            return False
        raise
    return True


def delete_sessions(user_id: str, *, keep: str | None = None) -> int:
    """End every session of a user (except `keep`); returns how many."""
    doomed = [
        s for s in Session.query(user_id, attributes_to_get=["user_id", "session_id"]) if s.session_id != keep
    ]
    with Session.batch_write() as batch:
        for session in doomed:
            batch.delete(session)
    return len(doomed)


def touch_session(session: Session, *, now: datetime, expires_at: datetime) -> None:
    session.update(actions=[Session.last_used_at.set(now), Session.expires_at.set(expires_at)])


def get_refresh_token(token_hash: str) -> RefreshToken | None:
    try:
        return RefreshToken.get(token_hash, consistent_read=True)
    except DoesNotExist:
        return None


def spend_refresh_token(token_hash: str) -> bool:
    """Mark a refresh token rotated; False when it already was (a concurrent or replayed use)."""
    try:
        RefreshToken(token_hash).update(
            actions=[RefreshToken.rotated_at.set(utcnow())],
            condition=RefreshToken.token_hash.exists() & RefreshToken.rotated_at.does_not_exist(),
        )
    except UpdateError as exc:
        if _conditional_failure(exc):
            return False
        raise
    return True


# --- one-time tokens (reset, e-mail verification) -------------------------------------------------


def get_one_time_token(token_hash: str) -> OneTimeToken | None:
    try:
        return OneTimeToken.get(token_hash, consistent_read=True)
    except DoesNotExist:
        return None


def consume_one_time_token(token_hash: str, purpose: str) -> bool:
    """Delete a token of `purpose` atomically; False when it is gone (already used) or another kind."""
    try:
        OneTimeToken(token_hash).delete(condition=OneTimeToken.purpose == purpose)
    except DeleteError as exc:
        if _conditional_failure(exc):
            return False
        raise
    return True


# --- API tokens -----------------------------------------------------------------------------------


def get_api_token(token_id: str) -> ApiToken | None:
    try:
        return ApiToken.get(token_id, consistent_read=True)
    except DoesNotExist:
        return None


def list_api_tokens(user_id: str) -> list[ApiToken]:
    return list(ApiToken.by_user.query(user_id, scan_index_forward=False, limit=200))


def delete_api_token(token_id: str) -> None:
    ApiToken(token_id).delete()


def touch_api_token(token: ApiToken, now: datetime) -> None:
    token.update(actions=[ApiToken.last_used_at.set(now)], condition=ApiToken.id.exists())


# --- throttling counters --------------------------------------------------------------------------


def add_to_counter(key: str, amount: int, expires_at: datetime) -> int:
    """Atomically add to a counter (created at 0) and return its new value."""
    counter = Counter(key)
    counter.update(actions=[Counter.hits.add(amount), Counter.expires_at.set(expires_at)])
    return int(counter.hits)


def add_to_counter_below(key: str, amount: int, below: int, expires_at: datetime) -> bool:
    """Atomically add to a counter (created at 0) only while it is under `below` before the
    addition; False (unchanged) otherwise. Parallel callers are serialised by DynamoDB."""
    try:
        Counter(key).update(
            actions=[Counter.hits.add(amount), Counter.expires_at.set(expires_at)],
            condition=Counter.hits.does_not_exist() | (Counter.hits < below),
        )
    except UpdateError as exc:
        if _conditional_failure(exc):
            return False
        raise
    return True


def counter_values(keys: list[str]) -> int:
    """The sum of the counters of `keys` (absent ones count 0), read consistently."""
    return sum(int(c.hits) for key in keys if (c := get_counter(key)) is not None)


def get_counter(key: str) -> Counter | None:
    try:
        return Counter.get(key, consistent_read=True)
    except DoesNotExist:
        return None


def set_backoff(key: str, *, seen: Counter | None, failures: int, at: float, expires_at: datetime) -> bool:
    """Record `failures` at `at` on a back-off counter, unless another attempt changed it since
    `seen` was read (False then: optimistic locking, so parallel guesses cannot share one turn)."""
    if seen is None:
        condition = Counter.key.does_not_exist()
    elif seen.last_at is None:
        condition = Counter.last_at.does_not_exist()
    else:
        condition = (Counter.last_at == seen.last_at) & (Counter.hits == seen.hits)
    try:
        Counter(key).update(
            actions=[Counter.hits.set(failures), Counter.last_at.set(at), Counter.expires_at.set(expires_at)],
            condition=condition,
        )
    except UpdateError as exc:
        if _conditional_failure(exc):
            return False
        raise
    return True


def delete_counter(key: str) -> None:
    Counter(key).delete()


def identity_keys(user_id: str) -> list[str]:
    """Every identity linked to an account (e-mail, Google, GitHub…), through the `by_user` index."""
    return [identity.key for identity in Identity.by_user.query(user_id)]


def delete_identity(identity_key: str, user_id: str) -> None:
    """Forget an identity if it is this user's."""
    try:
        Identity(identity_key).delete(condition=Identity.user_id == user_id)
    except DeleteError as exc:
        if not _conditional_failure(exc):
            raise


def delete_user(user_id: str) -> None:
    User(user_id).delete()
