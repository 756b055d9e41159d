"""Share links and their visit markers.

A link is keyed by the SHA-256 of its token, so opening a shared URL is one consistent GetItem (a
revocation is seen by the very next request) and the table never holds a usable token. The owner
reaches their links through the `by_owner` index and by id (the same hash), checked against
`owner_id`.
"""

from __future__ import annotations

from typing import Any

from pynamodb.attributes import (
    BinaryAttribute,
    ListAttribute,
    MapAttribute,
    NumberAttribute,
    TTLAttribute,
    UnicodeAttribute,
    UTCDateTimeAttribute,
)
from pynamodb.indexes import AllProjection, GlobalSecondaryIndex
from pynamodb.models import Model

from webox.db import TableMeta, table_name


class LinksByOwner(GlobalSecondaryIndex["ShareLink"]):
    class Meta:
        index_name = "by_owner"
        projection = AllProjection()

    owner_id = UnicodeAttribute(hash_key=True)
    created_key = UnicodeAttribute(range_key=True)


class ShareLink(Model):
    """A link that opens one item (`kind` + `target_id`) read-only to whoever holds its token."""

    class Meta(TableMeta):
        table_name = table_name("share_links")

    link_id = UnicodeAttribute(hash_key=True)  # sha256(token), hex
    owner_id = UnicodeAttribute()
    kind = UnicodeAttribute()  # conversation (media later)
    target_id = UnicodeAttribute()
    title = UnicodeAttribute()  # the target's title when the link was made, for the owner's list
    visibility = UnicodeAttribute()  # public | private
    allowed_emails = ListAttribute(of=UnicodeAttribute, default=list)
    # The token kept so its owner can copy the URL again, never in clear (a leaked table or backup
    # holds no usable token): sealed with the owner's data key (`webox.share.sealing`), or, for links
    # made before those keys, encrypted with the platform KMS key (context: link and owner ids).
    token_sealed = BinaryAttribute(null=True, legacy_encoding=False)
    token_ciphertext = BinaryAttribute(null=True, legacy_encoding=False)
    created_at = UTCDateTimeAttribute()
    updated_at = UTCDateTimeAttribute()
    # "<created_at ISO>#<link_id>": newest-first listing through the owner index.
    created_key = UnicodeAttribute()
    expires_at = UTCDateTimeAttribute(null=True)
    revoked_at = UTCDateTimeAttribute(null=True)
    # DynamoDB deletes the item this long after it expired or was revoked (the owner still sees it until then).
    purge_at = TTLAttribute(null=True)
    # statistics, kept by atomic updates
    views = NumberAttribute(default=0)
    unique_visitors = NumberAttribute(default=0)
    last_viewed_at = UTCDateTimeAttribute(null=True)
    referrers: MapAttribute[str, Any] = MapAttribute(default=dict)  # type: ignore[no-untyped-call]  # referring domain → views, at most MAX_REFERRERS domains
    other_referrers = NumberAttribute(default=0)  # views from domains past that bound
    by_owner = LinksByOwner()


class Visit(Model):
    """A visitor seen on a link (`visitor`: a hash, never an address or a user id), kept to count
    unique visitors with a conditional put; also the day's salt of those hashes (`link_id` "#salt")."""

    class Meta(TableMeta):
        table_name = table_name("share_visits")

    link_id = UnicodeAttribute(hash_key=True)
    visitor = UnicodeAttribute(range_key=True)
    created_at = UTCDateTimeAttribute()
    salt = UnicodeAttribute(null=True)
    expires_at = TTLAttribute()
