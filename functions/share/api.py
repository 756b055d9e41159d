"""Share links and conversation exports over HTTP."""

from __future__ import annotations

from typing import Annotated, Any
from zoneinfo import ZoneInfo

from fastapi import APIRouter, Depends, Path, Query, Request, Response
from fastapi.responses import RedirectResponse
from webox.auth.dependencies import OptionalUser, client_ip, require_scope
from webox.auth.principals import Principal
from webox.chat.errors import ConversationNotFound
from webox.export import conversations as export_conversations
from webox.export import formats as export_formats
from webox.export import html_page as export_html
from webox.export.schemas import ConversationExport, Format
from webox.http import create_app, error_responses, lambda_handler
from webox.media.errors import MediaNotFound
from webox.share import service as share_service
from webox.share.errors import LinkAlreadyRevoked, LinkExpired, LinkNotFound, LinkRevoked, TooManyLinks
from webox.share.schemas import LinkCreate, LinkOut, LinkPage, LinkUpdate, SharedView
from webox.workflows.errors import WorkflowNotFound
from webox.zones import DEFAULT_ZONE, TimeZoneName

ChatCaller = Annotated[Principal, Depends(require_scope("chat"))]
ReadCaller = Annotated[Principal, Depends(require_scope("read"))]
LinkId = Annotated[str, Path(pattern=r"^[0-9a-f]{64}$", description="Link id")]
ConversationId = Annotated[str, Path(pattern=r"^[a-f0-9]{32}$", description="Conversation id")]

links = APIRouter(prefix="/api/share-links", tags=["share-links"])
exports = APIRouter(prefix="/api/exports", tags=["exports"])

_EXPORT_RESPONSES: dict[int | str, dict[str, Any]] = {
    200: {
        "description": "The file, as an attachment (`Content-Disposition`).",
        "model": ConversationExport,
        "content": {media_type: {} for media_type in export_formats.MEDIA_TYPES.values()},
    },
    303: {"description": "An export over 4 MB: a short-lived download URL in `Location`."},
}


@links.post(
    "",
    status_code=201,
    responses=error_responses(ConversationNotFound, MediaNotFound, WorkflowNotFound, TooManyLinks),
)
def create_link(caller: ChatCaller, body: LinkCreate) -> LinkOut:
    """Share one of the caller's conversations, media items or workflows by link (public, or private)."""
    return share_service.create_from(caller.user_id, body)


@links.get("")
def list_links(
    caller: ReadCaller,
    target_id: Annotated[str | None, Query(max_length=64, description="Only links to this item")] = None,
    cursor: Annotated[str | None, Query(max_length=2048)] = None,
    limit: Annotated[int, Query(ge=1, le=50)] = 20,
) -> LinkPage:
    """The caller's links of every kind, newest first, with their statistics."""
    return share_service.list_links(caller.user_id, cursor=cursor, limit=limit, target_id=target_id)


@links.get("/public/{token}", responses=error_responses(LinkNotFound, LinkRevoked, LinkExpired))
def open_link(
    request: Request,
    response: Response,
    user: OptionalUser,
    token: Annotated[str, Path(max_length=128)],
    ref: Annotated[
        str | None, Query(max_length=2048, description="`document.referrer` of the page that opened the link")
    ] = None,
) -> SharedView:
    """What a share link shows, read-only (no account needed for public links); counts the view."""
    visitor = share_service.Visitor(
        user=user,
        ip=client_ip(request),
        user_agent=request.headers.get("user-agent", "")[:512],
        referrer=ref if ref is not None else request.headers.get("referer"),
    )
    response.headers["X-Robots-Tag"] = "noindex, nofollow"
    response.headers["Referrer-Policy"] = "no-referrer"
    return share_service.open_link(token, visitor)


@links.get("/{link_id}", responses=error_responses(LinkNotFound))
def get_link(caller: ReadCaller, link_id: LinkId) -> LinkOut:
    """One of the caller's links, with its URL and statistics."""
    return share_service.get_link(caller.user_id, link_id)


@links.patch("/{link_id}", responses=error_responses(LinkNotFound, LinkAlreadyRevoked))
def update_link(caller: ChatCaller, link_id: LinkId, body: LinkUpdate) -> LinkOut:
    """Change a link's visibility, allowed e-mails or expiry."""
    return share_service.update_link(caller.user_id, link_id, body)


@links.delete("/{link_id}", status_code=204, responses=error_responses(LinkNotFound))
def revoke_link(caller: ChatCaller, link_id: LinkId) -> Response:
    """Revoke a link at once (its URL then answers 410 `link_revoked`)."""
    share_service.revoke_link(caller.user_id, link_id)
    return Response(status_code=204)


@exports.get(
    "/conversations/{conversation_id}",
    responses={**_EXPORT_RESPONSES, **error_responses(ConversationNotFound)},
)
def export_conversation(
    caller: ReadCaller,
    conversation_id: ConversationId,
    format: Annotated[Format, Query(description="json | md | html | txt | pdf")] = "json",
    timezone: Annotated[
        TimeZoneName, Query(description="The reader's IANA time zone: the dates printed are in it.")
    ] = DEFAULT_ZONE,
) -> Response:
    """Download a conversation with every answer and verdict as JSON, Markdown, HTML, text or PDF."""
    exported = export_conversations.export_conversation(
        caller.user_id, conversation_id, format, lang=caller.user.language, zone=ZoneInfo(timezone)
    )
    url = export_conversations.offload(caller.user_id, exported)
    if url is not None:
        return RedirectResponse(url, status_code=303)
    headers = {"Content-Disposition": f'attachment; filename="{exported.filename}"'}
    if format == "html":
        headers["Content-Security-Policy"] = f"{export_html.HTML_POLICY}; sandbox"
    return Response(exported.body, media_type=exported.media_type, headers=headers)


app = create_app(
    links,
    exports,
    title="Share and export",
    description="Read-only share links (public or private, revocable, with statistics) and exports.",
)
handler = lambda_handler(app)
