"""Every DynamoDB and KMS call of share links."""

from __future__ import annotations

import secrets
from datetime import datetime, timedelta
from typing import Any

from pynamodb.attributes import BinaryAttribute, UnicodeAttribute, UTCDateTimeAttribute
from pynamodb.exceptions import DoesNotExist, PutError, UpdateError
from pynamodb.expressions.condition import size
from pynamodb.expressions.update import Action
from pynamodb.models import Model

from webox.aws import client
from webox.config import kms_alias
from webox.db import TableMeta, filtered_page, table_name, utcnow
from webox.share.models import ShareLink, Visit

MAX_REFERRERS = 20
SALT_PARTITION = "#salt"
SALT_TTL = timedelta(days=2)


def _conditional_failure(exc: PutError | UpdateError) -> bool:
    return exc.cause_response_code == "ConditionalCheckFailedException"


# -- tokens (KMS) ------------------------------------------------------------------------------


def _context(link_id: str, owner_id: str) -> dict[str, str]:
    return {"purpose": "share-link", "link_id": link_id, "owner_id": owner_id}


class OwnerKey(Model):
    """An owner's data key for their links' tokens, KMS-encrypted, in the links table under
    `key#<owner>` (never in the owner index: it has no `owner_id`). Declared here rather than in
    `models.py`: the table's shape is `ShareLink`'s, which the stack and the local host build."""

    class Meta(TableMeta):
        table_name = table_name("share_links")

    link_id = UnicodeAttribute(hash_key=True)
    key_ciphertext = BinaryAttribute(legacy_encoding=False)
    created_at = UTCDateTimeAttribute()


def _owner_key_id(owner_id: str) -> str:
    return f"key#{owner_id}"


def _key_context(owner_id: str) -> dict[str, str]:
    return {"purpose": "share-link-key", "owner_id": owner_id}


def owner_key(owner_id: str, *, create: bool) -> bytes | None:
    """The owner's data key in clear (one KMS Decrypt), made on first use when `create`."""
    try:
        item = OwnerKey.get(_owner_key_id(owner_id), consistent_read=True)
    except DoesNotExist:
        if not create:
            return None
        item = _new_owner_key(owner_id)
    response = client("kms").decrypt(
        KeyId=kms_alias(), CiphertextBlob=item.key_ciphertext, EncryptionContext=_key_context(owner_id)
    )
    return bytes(response["Plaintext"])


def _new_owner_key(owner_id: str) -> OwnerKey:
    """Store a new random key, unless a parallel request stored one first (then that one)."""
    ciphertext = client("kms").encrypt(
        KeyId=kms_alias(), Plaintext=secrets.token_bytes(32), EncryptionContext=_key_context(owner_id)
    )["CiphertextBlob"]
    item = OwnerKey(_owner_key_id(owner_id), key_ciphertext=bytes(ciphertext), created_at=utcnow())
    try:
        item.save(condition=OwnerKey.link_id.does_not_exist())
    except PutError as exc:
        if not _conditional_failure(exc):
            raise
        return OwnerKey.get(_owner_key_id(owner_id), consistent_read=True)
    return item


def delete_owner_key(owner_id: str) -> None:
    OwnerKey(_owner_key_id(owner_id)).delete()


def decrypt_token(link: ShareLink) -> str:
    """A link made before owners had data keys: its token, KMS-encrypted on its own."""
    response = client("kms").decrypt(
        KeyId=kms_alias(),
        CiphertextBlob=link.token_ciphertext,
        EncryptionContext=_context(link.link_id, link.owner_id),
    )
    return bytes(response["Plaintext"]).decode()


# -- links -------------------------------------------------------------------------------------


def create(link: ShareLink) -> None:
    link.save(condition=ShareLink.link_id.does_not_exist())


def get(link_id: str) -> ShareLink | None:
    """A link by its id (the token's hash), strongly consistent: a revocation shows at once."""
    try:
        return ShareLink.get(link_id, consistent_read=True)
    except DoesNotExist:
        return None


def list_by_owner(
    owner_id: str, *, cursor: str | None, limit: int, target_id: str | None
) -> tuple[list[ShareLink], str | None]:
    """The owner's links, newest first, optionally only those to one target."""
    condition = ShareLink.target_id == target_id if target_id else None
    return filtered_page(
        ShareLink.by_owner.query,
        owner_id,
        owner_attribute="owner_id",
        cursor=cursor,
        limit=limit,
        condition=condition,
    )


def count_by_owner(owner_id: str) -> int:
    """How many links the owner has (revoked ones until they are purged): one COUNT query."""
    return int(ShareLink.by_owner.count(owner_id))


def update(link: ShareLink, fields: dict[str, Any], *, when: datetime) -> bool:
    """Change settings of a link (a None value removes the field); False when it was revoked meanwhile."""
    actions = [
        getattr(ShareLink, name).set(value) if value is not None else getattr(ShareLink, name).remove()
        for name, value in fields.items()
    ]
    try:
        link.update(
            actions=[*actions, ShareLink.updated_at.set(when)],
            condition=ShareLink.link_id.exists() & ShareLink.revoked_at.does_not_exist(),
        )
    except UpdateError as exc:
        if _conditional_failure(exc):
            return False
        raise
    return True


def revoke(link: ShareLink, *, when: datetime, purge_at: datetime) -> None:
    """Revoke a link (once: the first revocation time stays)."""
    try:
        link.update(
            actions=[
                ShareLink.revoked_at.set(when),
                ShareLink.updated_at.set(when),
                ShareLink.purge_at.set(purge_at),
            ],
            condition=ShareLink.link_id.exists() & ShareLink.revoked_at.does_not_exist(),
        )
    except UpdateError as exc:
        if not _conditional_failure(exc):
            raise


# -- statistics --------------------------------------------------------------------------------


def mark_visitor(link_id: str, visitor: str, *, expires_at: datetime) -> bool:
    """Remember a visitor of a link; True only the first time (a conditional put)."""
    try:
        Visit(link_id, visitor, created_at=utcnow(), expires_at=expires_at).save(
            condition=Visit.visitor.does_not_exist()
        )
    except PutError as exc:
        if _conditional_failure(exc):
            return False
        raise
    return True


def count_view(link_id: str, *, unique: bool, when: datetime) -> None:
    actions: list[Action] = [ShareLink.views.add(1), ShareLink.last_viewed_at.set(when)]
    if unique:
        actions.append(ShareLink.unique_visitors.add(1))
    ShareLink(link_id).update(actions=actions, condition=ShareLink.link_id.exists())


def count_referrer(link_id: str, domain: str) -> None:
    """One more view from `domain`; past `MAX_REFERRERS` domains, views from new ones go to `other`."""
    path = ShareLink.referrers[domain]
    room = size(ShareLink.referrers) < MAX_REFERRERS  # type: ignore[no-untyped-call]
    try:
        ShareLink(link_id).update(
            actions=[path.set((path | 0) + 1)],
            condition=ShareLink.link_id.exists() & (path.exists() | room),
        )
    except UpdateError as exc:
        if not _conditional_failure(exc):
            raise
        ShareLink(link_id).update(
            actions=[ShareLink.other_referrers.add(1)], condition=ShareLink.link_id.exists()
        )


def daily_salt(day: str) -> str:
    """The random salt of a day's anonymous visitor hashes (made by the first visit of the day,
    deleted by TTL after two days, so older hashes can never be recomputed)."""
    try:
        return str(Visit.get(SALT_PARTITION, day, consistent_read=True).salt)
    except DoesNotExist:
        pass
    salt = secrets.token_hex(32)
    item = Visit(SALT_PARTITION, day, created_at=utcnow(), salt=salt, expires_at=utcnow() + SALT_TTL)
    try:
        item.save(condition=Visit.visitor.does_not_exist())
    except PutError as exc:
        if not _conditional_failure(exc):
            raise
        return str(Visit.get(SALT_PARTITION, day, consistent_read=True).salt)
    return salt


def delete_user_data(owner_id: str) -> int:
    """Delete every link of an owner with its visit statistics (account deletion)."""
    links = list(ShareLink.by_owner.query(owner_id))
    for link in links:
        with Visit.batch_write() as batch:
            for visit in Visit.query(link.link_id):
                batch.delete(visit)
        link.delete()
    delete_owner_key(owner_id)
    return len(links)
