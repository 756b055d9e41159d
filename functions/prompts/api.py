"""The prompt library over HTTP: built-ins, one's own prompts with versions, share links, the marketplace."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Path, Query, Response
from webox.auth.dependencies import AdminUser, require_scope
from webox.auth.principals import Principal
from webox.http import create_app, error_responses, lambda_handler
from webox.languages import Lang
from webox.prompts import builtin as prompts_builtin
from webox.prompts import library as prompts_library
from webox.prompts import marketplace as prompts_marketplace
from webox.prompts import sharing as prompts_sharing
from webox.prompts import versions as prompts_versions
from webox.prompts.errors import (
    AlreadyReported,
    BuiltinReadOnly,
    CannotRateOwn,
    CannotReportOwn,
    EditConflict,
    InvalidValues,
    InvalidVariables,
    PromptLimitReached,
    PromptModerated,
    PromptNotFound,
    RenderedTooLong,
    ShareNotFound,
    UnknownCategory,
    VersionNotFound,
)
from webox.prompts.schemas import (
    BuiltinPromptList,
    CategoryOut,
    MarketPage,
    ModerationIn,
    PromptCreate,
    PromptOut,
    PromptPage,
    PromptUpdate,
    RateIn,
    RatingOut,
    RenderIn,
    RenderOut,
    ReportIn,
    ReportPage,
    ReportReceipt,
    SharedPromptOut,
    ShareOut,
    Sort,
    VersionOut,
    VersionPage,
)

WriteCaller = Annotated[Principal, Depends(require_scope("chat"))]
ReadCaller = Annotated[Principal, Depends(require_scope("read"))]
PromptId = Annotated[
    str, Path(pattern=r"^[a-z0-9][a-z0-9-]{0,63}$", description="A built-in's slug or a prompt's id")
]
Token = Annotated[str, Path(pattern=r"^[A-Za-z0-9_-]{16,64}$", description="A share link's token")]
Version = Annotated[int, Path(ge=1, le=1_000_000)]
Language = Annotated[Lang | None, Query(description="Language of built-ins (default: the caller's)")]
Search = Annotated[str | None, Query(max_length=100, description="Words to find (accents and case ignored)")]
Category = Annotated[str | None, Query(pattern=r"^[a-z0-9][a-z0-9-]{0,63}$")]
Cursor = Annotated[str | None, Query(max_length=2048)]

prompts = APIRouter(prefix="/api/prompts", tags=["prompts"])


def _lang(caller: Principal, lang: str | None) -> str:
    return lang or caller.user.language


# -- static paths first (they would otherwise read as a prompt id) ------------------------------


@prompts.get("/categories")
def list_categories(lang: Annotated[Lang, Query()] = "fr") -> list[CategoryOut]:
    """The prompt categories, localised (public)."""
    return prompts_builtin.list_categories(lang)


@prompts.get("/builtin")
def list_builtin(
    caller: ReadCaller, lang: Language = None, category: Category = None, q: Search = None
) -> BuiltinPromptList:
    """The built-in prompts, localised, optionally of one category and searched."""
    return prompts_builtin.list_builtin(lang=_lang(caller, lang), category=category, q=q)


@prompts.get("/marketplace")
def list_marketplace(
    q: Search = None,
    category: Category = None,
    sort: Sort = "rating",
    cursor: Cursor = None,
    limit: Annotated[int, Query(ge=1, le=50)] = 20,
) -> MarketPage:
    """Published prompts, best rated, most used or newest first (public)."""
    return prompts_marketplace.browse(q=q, category=category, sort=sort, cursor=cursor, limit=limit)


@prompts.get("/shared/{token}", responses=error_responses(ShareNotFound))
def get_shared(token: Token) -> SharedPromptOut:
    """The prompt behind a share link (public: anyone with the link)."""
    return prompts_sharing.shared(token)


@prompts.post(
    "/shared/{token}/render", responses=error_responses(ShareNotFound, InvalidValues, RenderedTooLong)
)
def render_shared(token: Token, body: RenderIn) -> RenderOut:
    """Fill the shared prompt's variables (public)."""
    return prompts_sharing.render_shared(token, body.values)


@prompts.post(
    "/shared/{token}/fork", status_code=201, responses=error_responses(ShareNotFound, PromptLimitReached)
)
def fork_shared(caller: WriteCaller, token: Token) -> PromptOut:
    """Copy the shared prompt into one's own library."""
    return prompts_sharing.fork_shared(caller.user_id, token)


@prompts.get("/admin/reports")
def list_reports(
    admin: AdminUser, cursor: Cursor = None, limit: Annotated[int, Query(ge=1, le=100)] = 30
) -> ReportPage:
    """Open reports on marketplace prompts, newest first (administrators)."""
    return prompts_marketplace.open_reports(cursor=cursor, limit=limit)


# -- one's own library -------------------------------------------------------------------------


@prompts.get("")
def list_prompts(
    caller: ReadCaller,
    q: Search = None,
    category: Category = None,
    cursor: Cursor = None,
    limit: Annotated[int, Query(ge=1, le=100)] = 30,
) -> PromptPage:
    """The caller's own prompts, most recently edited first."""
    return prompts_library.list_prompts(caller.user_id, q=q, category=category, cursor=cursor, limit=limit)


@prompts.post(
    "", status_code=201, responses=error_responses(UnknownCategory, InvalidVariables, PromptLimitReached)
)
def create_prompt(caller: WriteCaller, body: PromptCreate) -> PromptOut:
    """Create a prompt of one's own (version 1)."""
    return prompts_library.create_prompt(caller.user_id, body)


@prompts.get("/{prompt_id}", responses=error_responses(PromptNotFound))
def get_prompt(caller: ReadCaller, prompt_id: PromptId, lang: Language = None) -> PromptOut:
    """A built-in, one of the caller's own, or a published prompt."""
    return prompts_library.get_prompt(caller.user_id, prompt_id, lang=_lang(caller, lang))


@prompts.patch(
    "/{prompt_id}",
    responses=error_responses(
        PromptNotFound, BuiltinReadOnly, EditConflict, UnknownCategory, InvalidVariables, PromptLimitReached
    ),
)
def update_prompt(caller: WriteCaller, prompt_id: PromptId, body: PromptUpdate) -> PromptOut:
    """Edit one's prompt: the result is saved as its next version."""
    return prompts_library.update_prompt(caller.user_id, prompt_id, body)


@prompts.delete("/{prompt_id}", status_code=204, responses=error_responses(PromptNotFound, BuiltinReadOnly))
def delete_prompt(caller: WriteCaller, prompt_id: PromptId) -> Response:
    """Delete one's prompt with its versions, share link and marketplace listing."""
    prompts_library.delete_prompt(caller.user_id, prompt_id)
    return Response(status_code=204)


@prompts.get("/{prompt_id}/versions", responses=error_responses(PromptNotFound))
def list_versions(
    caller: ReadCaller,
    prompt_id: PromptId,
    cursor: Cursor = None,
    limit: Annotated[int, Query(ge=1, le=100)] = 30,
) -> VersionPage:
    """The versions of one's prompt, newest first."""
    return prompts_versions.list_versions(caller.user_id, prompt_id, cursor=cursor, limit=limit)


@prompts.get("/{prompt_id}/versions/{version}", responses=error_responses(PromptNotFound, VersionNotFound))
def get_version(caller: ReadCaller, prompt_id: PromptId, version: Version) -> VersionOut:
    """One version of one's prompt."""
    return prompts_versions.get_version(caller.user_id, prompt_id, version)


@prompts.post(
    "/{prompt_id}/versions/{version}/restore",
    responses=error_responses(
        PromptNotFound, VersionNotFound, BuiltinReadOnly, EditConflict, PromptLimitReached
    ),
)
def restore_version(caller: WriteCaller, prompt_id: PromptId, version: Version) -> PromptOut:
    """Make an old version current again (saved as a new version)."""
    return prompts_versions.restore_version(caller.user_id, prompt_id, version)


@prompts.post(
    "/{prompt_id}/render", responses=error_responses(PromptNotFound, InvalidValues, RenderedTooLong)
)
def render_prompt(
    caller: ReadCaller, prompt_id: PromptId, body: RenderIn, lang: Language = None
) -> RenderOut:
    """Fill a prompt's variables; answers the text to put in the chat."""
    return prompts_library.render(caller.user_id, prompt_id, body.values, lang=_lang(caller, lang))


@prompts.post(
    "/{prompt_id}/fork", status_code=201, responses=error_responses(PromptNotFound, PromptLimitReached)
)
def fork_prompt(caller: WriteCaller, prompt_id: PromptId, lang: Language = None) -> PromptOut:
    """Copy a built-in, published or own prompt into one's own library."""
    return prompts_library.fork(caller.user_id, prompt_id, lang=_lang(caller, lang))


@prompts.post("/{prompt_id}/use", status_code=204, responses=error_responses(PromptNotFound))
def use_prompt(caller: WriteCaller, prompt_id: PromptId) -> Response:
    """Count a use of a published prompt (the chat was filled with it)."""
    prompts_library.record_use(caller.user_id, prompt_id)
    return Response(status_code=204)


@prompts.post(
    "/{prompt_id}/share", status_code=201, responses=error_responses(PromptNotFound, BuiltinReadOnly)
)
def share_prompt(caller: WriteCaller, prompt_id: PromptId) -> ShareOut:
    """Create a read-only link to one's prompt (replaces the previous link)."""
    return prompts_sharing.share(caller.user_id, prompt_id)


@prompts.delete(
    "/{prompt_id}/share", status_code=204, responses=error_responses(PromptNotFound, BuiltinReadOnly)
)
def unshare_prompt(caller: WriteCaller, prompt_id: PromptId) -> Response:
    """Revoke the prompt's link at once."""
    prompts_sharing.unshare(caller.user_id, prompt_id)
    return Response(status_code=204)


# -- marketplace -------------------------------------------------------------------------------


@prompts.post(
    "/{prompt_id}/publish", responses=error_responses(PromptNotFound, BuiltinReadOnly, PromptModerated)
)
def publish_prompt(caller: WriteCaller, prompt_id: PromptId) -> PromptOut:
    """List one's prompt in the marketplace."""
    return prompts_marketplace.publish(caller.user, prompt_id)


@prompts.post("/{prompt_id}/unpublish", responses=error_responses(PromptNotFound, BuiltinReadOnly))
def unpublish_prompt(caller: WriteCaller, prompt_id: PromptId) -> PromptOut:
    """Take one's prompt out of the marketplace."""
    return prompts_marketplace.unpublish(caller.user_id, prompt_id)


@prompts.post("/{prompt_id}/rate", responses=error_responses(PromptNotFound, CannotRateOwn, EditConflict))
def rate_prompt(caller: WriteCaller, prompt_id: PromptId, body: RateIn) -> RatingOut:
    """Rate someone else's published prompt from 1 to 5 stars (again: replaces one's vote)."""
    return prompts_marketplace.rate(caller.user_id, prompt_id, body.stars)


@prompts.post(
    "/{prompt_id}/report",
    status_code=201,
    responses=error_responses(PromptNotFound, CannotReportOwn, AlreadyReported),
)
def report_prompt(caller: WriteCaller, prompt_id: PromptId, body: ReportIn) -> ReportReceipt:
    """Report a published prompt to the administrators (once per user)."""
    return prompts_marketplace.report(caller.user_id, prompt_id, body)


@prompts.post("/{prompt_id}/admin-unpublish", status_code=204, responses=error_responses(PromptNotFound))
def admin_unpublish(admin: AdminUser, prompt_id: PromptId, body: ModerationIn | None = None) -> Response:
    """Remove a prompt from the marketplace and close its reports (administrators)."""
    prompts_marketplace.admin_unpublish(prompt_id, body or ModerationIn())
    return Response(status_code=204)


app = create_app(
    prompts,
    title="Prompts",
    description="Prompt library: built-in prompts, one's own with versions, share links and the marketplace.",
)
handler = lambda_handler(app)
