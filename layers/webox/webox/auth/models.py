"""The auth tables: accounts, identities, sessions, refresh and one-time tokens, API tokens, counters."""

from __future__ import annotations

from pynamodb.attributes import (
    BinaryAttribute,
    BooleanAttribute,
    NumberAttribute,
    TTLAttribute,
    UnicodeAttribute,
    UnicodeSetAttribute,
    UTCDateTimeAttribute,
)
from pynamodb.indexes import AllProjection, GlobalSecondaryIndex, KeysOnlyProjection
from pynamodb.models import Model

from webox.db import TableMeta, table_name

# Every user shares this partition key in the directory indexes: the admin listing is a Query,
# never a Scan. One partition holds ~10 GB of index and serves thousands of reads a second,
# far beyond an admin screen's needs.
DIRECTORY = "users"


class UsersByEmail(GlobalSecondaryIndex["User"]):
    class Meta:
        index_name = "by_email"
        projection = AllProjection()

    directory = UnicodeAttribute(hash_key=True)
    email = UnicodeAttribute(range_key=True)


class UsersByName(GlobalSecondaryIndex["User"]):
    class Meta:
        index_name = "by_name"
        projection = AllProjection()

    directory = UnicodeAttribute(hash_key=True)
    name_key = UnicodeAttribute(range_key=True)


class User(Model):
    class Meta(TableMeta):
        table_name = table_name("users")

    id = UnicodeAttribute(hash_key=True)
    email = UnicodeAttribute()
    name = UnicodeAttribute()
    # Case-folded name: what the admin search matches prefixes against.
    name_key = UnicodeAttribute()
    directory = UnicodeAttribute(default=DIRECTORY)
    role = UnicodeAttribute(default="user")
    disabled = BooleanAttribute(default=False)
    email_verified = BooleanAttribute(default=False)
    language = UnicodeAttribute(default="fr")
    password_hash = UnicodeAttribute(null=True)
    # Bumped by every password change, reset and disable: older reset links and 2FA sign-in steps die.
    token_version = NumberAttribute(default=0)
    mfa_enabled = BooleanAttribute(default=False)
    mfa_secret = BinaryAttribute(null=True, legacy_encoding=False)  # KMS ciphertext
    mfa_pending_secret = BinaryAttribute(null=True, legacy_encoding=False)  # KMS ciphertext
    mfa_last_step = NumberAttribute(null=True)
    # Whether the e-mail address was verified when 2FA was turned on: an enrolment made before
    # anyone proved the mailbox may be a squatter's, and a password reset removes it.
    mfa_enrolled_verified = BooleanAttribute(null=True)
    recovery_codes = UnicodeSetAttribute(null=True)  # hashes
    created_at = UTCDateTimeAttribute()
    updated_at = UTCDateTimeAttribute()
    by_email = UsersByEmail()
    by_name = UsersByName()


class IdentitiesByUser(GlobalSecondaryIndex["Identity"]):
    class Meta:
        index_name = "by_user"
        projection = AllProjection()

    user_id = UnicodeAttribute(hash_key=True)


class Identity(Model):
    """A unique way to find an account: `email:<address>` or `<provider>:<subject>`; an account's
    identities are listed (to delete them with it) through the `by_user` index."""

    class Meta(TableMeta):
        table_name = table_name("user_identities")

    key = UnicodeAttribute(hash_key=True)
    user_id = UnicodeAttribute()
    created_at = UTCDateTimeAttribute()
    by_user = IdentitiesByUser()


class Session(Model):
    """A signed-in device: one refresh-token family; access tokens carry its id."""

    class Meta(TableMeta):
        table_name = table_name("sessions")

    user_id = UnicodeAttribute(hash_key=True)
    session_id = UnicodeAttribute(range_key=True)
    created_at = UTCDateTimeAttribute()
    last_used_at = UTCDateTimeAttribute()
    user_agent = UnicodeAttribute(default="")
    ip = UnicodeAttribute(default="")
    method = UnicodeAttribute(default="password")
    expires_at = TTLAttribute()


class RefreshTokensByUser(GlobalSecondaryIndex["RefreshToken"]):
    """An account's refresh tokens: deleted with the account (they are keyed by their hash)."""

    class Meta:
        index_name = "by_user"
        projection = KeysOnlyProjection()

    user_id = UnicodeAttribute(hash_key=True)


class RefreshToken(Model):
    """One refresh token, by the SHA-256 of its value; `rotated_at` marks it spent."""

    class Meta(TableMeta):
        table_name = table_name("refresh_tokens")

    token_hash = UnicodeAttribute(hash_key=True)
    user_id = UnicodeAttribute()
    session_id = UnicodeAttribute()
    created_at = UTCDateTimeAttribute()
    rotated_at = UTCDateTimeAttribute(null=True)
    expires_at = TTLAttribute()
    by_user = RefreshTokensByUser()


class OneTimeTokensByUser(GlobalSecondaryIndex["OneTimeToken"]):
    """An account's pending links and tickets: deleted with the account."""

    class Meta:
        index_name = "by_user"
        projection = KeysOnlyProjection()

    user_id = UnicodeAttribute(hash_key=True)


class OneTimeToken(Model):
    """A password-reset or e-mail verification link, or a socket ticket, by the SHA-256 of its
    token; deleted when used. A socket ticket names the credential that asked for it."""

    class Meta(TableMeta):
        table_name = table_name("one_time_tokens")

    token_hash = UnicodeAttribute(hash_key=True)
    purpose = UnicodeAttribute()
    user_id = UnicodeAttribute()
    token_version = NumberAttribute(default=0)
    session_id = UnicodeAttribute(null=True)  # socket tickets: asked for by this session…
    api_token_id = UnicodeAttribute(null=True)  # …or by this API token
    created_at = UTCDateTimeAttribute()
    expires_at = TTLAttribute()
    by_user = OneTimeTokensByUser()


class ApiTokensByUser(GlobalSecondaryIndex["ApiToken"]):
    class Meta:
        index_name = "by_user"
        projection = AllProjection()

    user_id = UnicodeAttribute(hash_key=True)
    created_at = UTCDateTimeAttribute(range_key=True)


class ApiToken(Model):
    """A personal API token `wbx_<id>_<secret>`: found by id, its secret kept as a SHA-256."""

    class Meta(TableMeta):
        table_name = table_name("api_tokens")

    id = UnicodeAttribute(hash_key=True)
    user_id = UnicodeAttribute()
    name = UnicodeAttribute()
    secret_hash = UnicodeAttribute()
    scopes = UnicodeSetAttribute()
    created_at = UTCDateTimeAttribute()
    last_used_at = UTCDateTimeAttribute(null=True)
    # Also the TTL: DynamoDB sweeps expired tokens; a token without it never expires.
    expires_at = TTLAttribute(null=True)
    by_user = ApiTokensByUser()


class Counter(Model):
    """A throttling counter, swept by its TTL: the hits of one fixed window
    (`<kind>:<subject>:<window>`), or an account's sign-in failures (`login-backoff:…`) with the
    time of the last one."""

    class Meta(TableMeta):
        table_name = table_name("rate_limits")

    key = UnicodeAttribute(hash_key=True)
    hits = NumberAttribute(default=0)
    last_at = NumberAttribute(null=True)  # epoch seconds of the last failure (back-off counters)
    expires_at = TTLAttribute()
