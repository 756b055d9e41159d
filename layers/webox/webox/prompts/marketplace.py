"""The public prompt marketplace: publish one's prompt under one's name, browse (search, sort), rate,
report, and the administrators' moderation — the shared mechanics of `webox.marketplace` on the
prompt tables."""

from __future__ import annotations

from webox.auth.models import User
from webox.marketplace import repository as market_repository
from webox.marketplace import service as market
from webox.marketplace.spec import Errors, Market
from webox.prompts import repository
from webox.prompts.access import editable, owned
from webox.prompts.builtin import check_category
from webox.prompts.errors import (
    AlreadyReported,
    CannotRateOwn,
    CannotReportOwn,
    EditConflict,
    PromptModerated,
    PromptNotFound,
)
from webox.prompts.models import TABLES, MarketPrompt, PromptReport, PromptVote
from webox.prompts.schemas import (
    MarketItem,
    MarketPage,
    ModerationIn,
    PromptOut,
    RatingOut,
    ReportIn,
    ReportOut,
    ReportPage,
    ReportReceipt,
    Sort,
)
from webox.prompts.views import language, own_out, search_terms, stats, variables

MARKET = Market(
    TABLES,
    Errors(
        not_listed=lambda: PromptNotFound("Prompt not found in the marketplace"),
        cannot_rate_own=CannotRateOwn,
        cannot_report_own=CannotReportOwn,
        already_reported=lambda: AlreadyReported("You already reported this prompt"),
        busy=lambda: EditConflict("Many people are rating this prompt right now; try again"),
    ),
)


def publish(user: User, prompt_id: str) -> PromptOut:
    """List one's prompt in the marketplace under one's name (its current version)."""
    prompt = editable(user.id, prompt_id)
    if prompt.moderated:
        raise PromptModerated("A moderator removed this prompt from the marketplace")
    if not prompt.published and not repository.publish(prompt, author_name=user.name):
        raise PromptModerated("A moderator removed this prompt from the marketplace")
    prompt = owned(user.id, prompt_id)
    return own_out(prompt, repository.get_entry(prompt_id))


def unpublish(user_id: str, prompt_id: str) -> PromptOut:
    """Take one's prompt out of the marketplace (its ratings and counters are kept)."""
    prompt = editable(user_id, prompt_id)
    if prompt.published:
        market_repository.unlist(TABLES, prompt_id, user_id)
    return own_out(owned(user_id, prompt_id))


def _market_item(entry: MarketPrompt) -> MarketItem:
    return MarketItem(
        id=entry.prompt_id,
        title=entry.title,
        description=entry.description or "",
        body=entry.body,
        category=entry.category,
        language=language(entry.language),
        variables=variables(entry.variables),
        author_name=entry.author_name,
        stats=stats(entry),
        published_at=entry.published_at,
    )


def browse(*, q: str | None, category: str | None, sort: Sort, cursor: str | None, limit: int) -> MarketPage:
    """Published prompts, best rated, most used or newest first, optionally of one category and
    matching every search word (accents and case ignored)."""
    if category is not None:
        check_category(category)
    entries, next_cursor = repository.market_page(
        sort=sort, category=category, terms=search_terms(q), cursor=cursor, limit=limit
    )
    return MarketPage(items=[_market_item(e) for e in entries], next_cursor=next_cursor)


def rate(user_id: str, prompt_id: str, stars: int) -> RatingOut:
    """Rate a published prompt of someone else; voting again replaces one's vote."""
    return market.rate(MARKET, user_id, prompt_id, stars)


def remove_vote(vote: PromptVote) -> None:
    """Delete a vote and take it out of its prompt's rating (retried while other votes land)."""
    market.remove_vote(MARKET, vote)


def _report_out(report: PromptReport) -> ReportOut:
    return ReportOut(
        prompt_id=report.prompt_id,
        prompt_title=report.prompt_title,
        owner_id=report.owner_id,
        reporter_id=report.user_id,
        reason=report.reason,  # type: ignore[arg-type]
        details=report.details or "",
        status=report.status,  # type: ignore[arg-type]
        created_at=report.created_at,
    )


def report(user_id: str, prompt_id: str, data: ReportIn) -> ReportReceipt:
    """Report a published prompt to the administrators (once per user)."""
    item = market.report(MARKET, user_id, prompt_id, data)
    return ReportReceipt.model_validate(_report_out(item).model_dump(exclude={"owner_id", "reporter_id"}))


def open_reports(*, cursor: str | None, limit: int) -> ReportPage:
    """Reports awaiting an administrator, newest first."""
    reports, next_cursor = market_repository.open_reports(TABLES, cursor=cursor, limit=limit)
    return ReportPage(items=[_report_out(r) for r in reports], next_cursor=next_cursor)


def admin_unpublish(prompt_id: str, data: ModerationIn) -> None:
    """Remove a prompt from the marketplace for good (its owner cannot publish it again) and close its reports."""
    market.moderate(MARKET, prompt_id, data.reason)
