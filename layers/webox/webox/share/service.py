"""Share links: a read-only link to one of a user's items, public or for named accounts, revocable,
optionally expiring, with view statistics.

A link is generic: `kind` says what it opens and `target_id` which one; `KINDS` holds, per kind,
how to check the owner has the item (and name it) and how to show it. Conversations are the first
kind; the media feature adds `"media"` and the workflows feature `"workflow"`, each with its own two
functions.

Tokens: `secrets.token_urlsafe(24)` (192 bits). The table is keyed by the token's SHA-256, which is
also the link's id for its owner; the token itself is kept only encrypted with the platform KMS key,
so the owner can copy the URL again from their list while a leaked table or backup opens nothing.
"""

from __future__ import annotations

import hashlib
import re
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any
from urllib.parse import urlsplit

from webox.auth.models import User
from webox.config import get_settings
from webox.db import utcnow
from webox.errors import NotFound
from webox.export import document as export_document
from webox.export.schemas import ConversationExport
from webox.logging import get_logger
from webox.share import repository
from webox.share.errors import LinkAlreadyRevoked, LinkExpired, LinkNotFound, LinkRevoked, TooManyLinks
from webox.share.models import ShareLink
from webox.share.schemas import (
    LinkCreate,
    LinkOut,
    LinkPage,
    LinkStats,
    LinkUpdate,
    SharedAnswer,
    SharedConversation,
    SharedTurn,
    SharedView,
)
from webox.share.sealing import Opener, seal
from webox.workflows import sharing as workflow_sharing

TOKEN_BYTES = 24
_TOKEN = re.compile(r"^[A-Za-z0-9_-]{32}$")
_HOST = re.compile(r"^[a-z0-9.-]{1,253}$")
# DynamoDB deletes a link this long after it expired or was revoked; its owner sees it until then.
PURGE_AFTER = timedelta(days=30)
MAX_LINKS = 200  # per user, revoked and expired ones counted until purged
# Markers of signed-in visitors count them once over this span; anonymous ones only for their day.
USER_VISIT_TTL = timedelta(days=366)
ANONYMOUS_VISIT_TTL = timedelta(days=2)


@dataclass(frozen=True)
class Kind:
    """One kind of shareable item."""

    # (owner id, target id) → the item's title; raises a NotFound when the owner has no such item.
    title: Callable[[str, str], str]
    # (owner id, target id) → the SharedView fields showing it; raises a NotFound when it is gone.
    view: Callable[[str, str], dict[str, Any]]


def shared_conversation(doc: ConversationExport) -> SharedConversation:
    """What a link shows of a conversation: its export document without costs, settings or ids."""
    return SharedConversation(
        title=doc.conversation.title,
        created_at=doc.conversation.created_at,
        updated_at=doc.conversation.updated_at,
        turns=[
            SharedTurn(
                turn=turn.turn,
                created_at=turn.created_at,
                content=turn.content,
                models=turn.models,
                chosen_model=turn.chosen_model,
                answers=[
                    SharedAnswer(**answer.model_dump(exclude={"cost", "vendor"})) for answer in turn.answers
                ],
                verdict=turn.verdict,
            )
            for turn in doc.turns
        ],
    )


def _conversation_title(owner_id: str, conversation_id: str) -> str:
    # imported here (and below): the chat feature's services are only a conversation's link's need,
    # not the other kinds' or the share API's other routes
    from webox.chat import conversations as chat_conversations

    return chat_conversations.owned_conversation(owner_id, conversation_id).title


def _conversation_view(owner_id: str, conversation_id: str) -> dict[str, Any]:
    from webox.chat import conversations as chat_conversations

    detail = chat_conversations.get_conversation(owner_id, conversation_id)
    return {"title": detail.title, "conversation": shared_conversation(export_document.document(detail))}


def _media_title(owner_id: str, media_id: str) -> str:
    # imported here (and below), as the chat feature's services: the media library is a media link's need
    from webox.media import library as media_library

    return media_library.shared_title(owner_id, media_id)


def _media_view(owner_id: str, media_id: str) -> dict[str, Any]:
    from webox.media import library as media_library

    return media_library.shared_view(owner_id, media_id)


KINDS: dict[str, Kind] = {
    "conversation": Kind(title=_conversation_title, view=_conversation_view),
    "media": Kind(title=_media_title, view=_media_view),
    "workflow": Kind(title=workflow_sharing.shared_title, view=workflow_sharing.shared_view),
}


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def link_url(token: str) -> str:
    """The page the SPA serves for a token."""
    return f"{get_settings().public_url.rstrip('/')}/s/{token}"


def _expired(link: ShareLink, now: datetime) -> bool:
    return link.expires_at is not None and link.expires_at <= now


def _referrers(link: ShareLink) -> dict[str, int]:
    raw = link.referrers
    values = raw.as_dict() if hasattr(raw, "as_dict") else dict(raw or {})  # type: ignore[no-untyped-call]
    return {str(domain): int(count) for domain, count in sorted(values.items(), key=lambda kv: -int(kv[1]))}


def _out(
    link: ShareLink, token: str | None = None, *, now: datetime | None = None, opener: Opener | None = None
) -> LinkOut:
    token = token or (opener or Opener(link.owner_id)).token(link)
    return LinkOut(
        id=link.link_id,
        kind=link.kind,
        target_id=link.target_id,
        title=link.title,
        token=token,
        url=link_url(token),
        visibility=link.visibility,  # type: ignore[arg-type]
        allowed_emails=list(link.allowed_emails or []),
        expires_at=link.expires_at,
        created_at=link.created_at,
        updated_at=link.updated_at,
        revoked=link.revoked_at is not None,
        revoked_at=link.revoked_at,
        expired=_expired(link, now or utcnow()),
        stats=LinkStats(
            views=int(link.views or 0),
            unique_visitors=int(link.unique_visitors or 0),
            last_viewed_at=link.last_viewed_at,
            referrers=_referrers(link),
            other_referrers=int(link.other_referrers or 0),
        ),
    )


# -- the owner ---------------------------------------------------------------------------------


def create_link(
    user_id: str,
    kind: str,
    target_id: str,
    *,
    visibility: str = "public",
    allowed_emails: list[str] | None = None,
    expires_in_hours: int | None = None,
) -> LinkOut:
    """A new link to one of the user's items (404 when the item is not theirs); at most
    `MAX_LINKS` a user, so one account cannot fill the table or the owner's list without end."""
    title = KINDS[kind].title(user_id, target_id)
    if repository.count_by_owner(user_id) >= MAX_LINKS:
        raise TooManyLinks(f"At most {MAX_LINKS} share links", extra={"limit": MAX_LINKS})
    token = secrets.token_urlsafe(TOKEN_BYTES)
    link_id = token_hash(token)
    now = utcnow()
    expires_at = now + timedelta(hours=expires_in_hours) if expires_in_hours else None
    link = ShareLink(
        link_id,
        owner_id=user_id,
        kind=kind,
        target_id=target_id,
        title=title,
        visibility=visibility,
        allowed_emails=list(allowed_emails or []),
        token_sealed=seal(_owner_key(user_id), token, link_id, user_id),
        created_at=now,
        updated_at=now,
        created_key=f"{now.isoformat()}#{link_id}",
        expires_at=expires_at,
        purge_at=expires_at + PURGE_AFTER if expires_at else None,
        views=0,
        unique_visitors=0,
        referrers={},
        other_referrers=0,
    )
    repository.create(link)
    return _out(link, token, now=now)


def _owner_key(user_id: str) -> bytes:
    key = repository.owner_key(user_id, create=True)
    if key is None:  # `create` makes it when missing
        raise LookupError("no data key could be made")
    return key


def create_from(user_id: str, body: LinkCreate) -> LinkOut:
    return create_link(
        user_id,
        body.kind,
        body.target,
        visibility=body.visibility,
        allowed_emails=body.allowed_emails,
        expires_in_hours=body.expires_in_hours,
    )


def owned_link(user_id: str, link_id: str) -> ShareLink:
    """The user's link, or 404 (also for another user's id)."""
    link = repository.get(link_id) if re.fullmatch(r"[0-9a-f]{64}", link_id) else None
    if link is None or link.owner_id != user_id:
        raise LinkNotFound()
    return link


def list_links(user_id: str, *, cursor: str | None, limit: int, target_id: str | None = None) -> LinkPage:
    """The user's links of every kind, newest first, with their statistics."""
    links, next_cursor = repository.list_by_owner(user_id, cursor=cursor, limit=limit, target_id=target_id)
    now, opener = utcnow(), Opener(user_id)  # one KMS call for the whole page
    return LinkPage(items=[_out(link, now=now, opener=opener) for link in links], next_cursor=next_cursor)


def get_link(user_id: str, link_id: str) -> LinkOut:
    return _out(owned_link(user_id, link_id))


def update_link(user_id: str, link_id: str, body: LinkUpdate) -> LinkOut:
    """Change a link's visibility, allowed e-mails or expiry (counted from now)."""
    link = owned_link(user_id, link_id)
    if link.revoked_at is not None:
        raise LinkAlreadyRevoked()
    now = utcnow()
    fields: dict[str, Any] = {}
    if body.visibility is not None:
        fields["visibility"] = body.visibility
    if body.allowed_emails is not None:
        fields["allowed_emails"] = body.allowed_emails
    if "expires_in_hours" in body.model_fields_set:
        expires_at = now + timedelta(hours=body.expires_in_hours) if body.expires_in_hours else None
        fields["expires_at"] = expires_at
        fields["purge_at"] = expires_at + PURGE_AFTER if expires_at else None
    if not repository.update(link, fields, when=now):
        raise LinkAlreadyRevoked()
    return get_link(user_id, link_id)


def revoke_link(user_id: str, link_id: str) -> None:
    """Revoke a link: its URL answers 410 `link_revoked` from the next request on."""
    link = owned_link(user_id, link_id)
    now = utcnow()
    repository.revoke(link, when=now, purge_at=now + PURGE_AFTER)


# -- opening a link ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Visitor:
    """Who opens a link, as far as the statistics need: never stored as such."""

    user: User | None
    ip: str
    user_agent: str
    referrer: str | None


def _may_open(link: ShareLink, user: User | None) -> bool:
    if link.visibility == "public":
        return True
    if user is None:
        return False
    if user.id == link.owner_id:
        return True
    # Only a verified address counts: anyone can sign up with an e-mail they do not own.
    return bool(user.email_verified) and user.email.lower() in set(link.allowed_emails or [])


def open_link(token: str, visitor: Visitor) -> SharedView:
    """The item a token opens, read-only. Unknown token, or a private link the visitor may not
    open: 404 (existence is never revealed); revoked or expired: 410. Each view is counted."""
    link = repository.get(token_hash(token)) if _TOKEN.fullmatch(token) else None
    if link is None or not _may_open(link, visitor.user):
        raise LinkNotFound()
    if link.revoked_at is not None:
        raise LinkRevoked()
    now = utcnow()
    if _expired(link, now):
        raise LinkExpired()
    try:
        shown = KINDS[link.kind].view(link.owner_id, link.target_id)
    except (NotFound, KeyError):
        raise LinkNotFound() from None
    if visitor.user is None or visitor.user.id != link.owner_id:
        _record_view(link, visitor, now)
    return SharedView(
        kind=link.kind,
        title=str(shown.pop("title", link.title)),
        shared_at=link.created_at,
        expires_at=link.expires_at,
        **shown,
    )


def referrer_domain(referrer: str | None) -> str | None:
    """The host of a referring page (`www.` dropped), or None: absent, malformed, or WeBox itself."""
    if not referrer:
        return None
    try:
        parts = urlsplit(referrer.strip()[:2048])
        host = (parts.hostname or "").rstrip(".")
    except ValueError:
        return None
    if parts.scheme not in {"http", "https"} or not _HOST.fullmatch(host) or "." not in host:
        return None
    host = host.removeprefix("www.")
    own = (urlsplit(get_settings().public_url).hostname or "").removeprefix("www.")
    return None if host == own else host


def visitor_key(link_id: str, visitor: Visitor, now: datetime) -> tuple[str, timedelta]:
    """A visitor's hash and how long its marker lives: a signed-in account is itself (hashed) for
    good; an anonymous visitor is their address and browser, salted with the day's random salt, so
    neither the table nor its operators can map a hash back to an address after that day."""
    if visitor.user is not None:
        return hashlib.sha256(f"user:{visitor.user.id}:{link_id}".encode()).hexdigest(), USER_VISIT_TTL
    salt = repository.daily_salt(now.strftime("%Y-%m-%d"))
    raw = f"{salt}:{visitor.ip}:{visitor.user_agent}"
    return hashlib.sha256(raw.encode()).hexdigest(), ANONYMOUS_VISIT_TTL


def _record_view(link: ShareLink, visitor: Visitor, now: datetime) -> None:
    # Statistics never fail a view: a throttled counter is logged and the page still opens.
    try:
        key, ttl = visitor_key(link.link_id, visitor, now)
        unique = repository.mark_visitor(link.link_id, key, expires_at=now + ttl)
        repository.count_view(link.link_id, unique=unique, when=now)
        domain = referrer_domain(visitor.referrer)
        if domain:
            repository.count_referrer(link.link_id, domain)
    except Exception:
        get_logger().exception("share view not counted", extra={"link_id": link.link_id[:12]})


def delete_user_data(user_id: str) -> int:
    """Delete every share link of a user and its statistics (account deletion)."""
    return repository.delete_user_data(user_id)
