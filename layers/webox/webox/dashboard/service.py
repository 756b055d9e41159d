"""Usage statistics from the daily counters (one Query per view, never a Scan) and the history timeline."""

from __future__ import annotations

import base64
import binascii
import csv
import io
from collections.abc import Callable
from dataclasses import dataclass, fields
from datetime import date, datetime, timedelta

from webox.auth import accounts
from webox.dashboard.errors import InvalidPeriod
from webox.dashboard.schemas import (
    AdminUsageStats,
    Counters,
    DayCounters,
    FeatureCounters,
    ModelCounters,
    TimelineItem,
    TimelineKind,
    TimelinePage,
    UsageStats,
    UserCounters,
    VendorErrors,
)
from webox.db import utcnow
from webox.errors import WeboxError
from webox.media import catalogue
from webox.providers import registry
from webox.providers.errors import UnknownModel
from webox.text import fold
from webox.usage import service as usage_service
from webox.usage.models import UsageDaily

TOP_USERS = 20


@dataclass
class _Sum:
    requests: int = 0
    input_tokens: int = 0
    output_tokens: int = 0
    cost_micro_usd: int = 0
    errors: int = 0
    ttft_ms_sum: int = 0
    ttft_count: int = 0
    duration_ms_sum: int = 0

    def add(self, item: UsageDaily) -> None:
        for f in fields(self):
            setattr(self, f.name, getattr(self, f.name) + int(getattr(item, f.name) or 0))

    def counters(self) -> dict[str, int | None]:
        return {
            "requests": self.requests,
            "input_tokens": self.input_tokens,
            "output_tokens": self.output_tokens,
            "cost_micro_usd": self.cost_micro_usd,
            "errors": self.errors,
            "avg_ttft_ms": round(self.ttft_ms_sum / self.ttft_count) if self.ttft_count else None,
            "avg_duration_ms": round(self.duration_ms_sum / self.requests) if self.requests else None,
        }


def _window(days: int, today: date | None) -> tuple[date, date]:
    if days not in (7, 30, 90):
        raise InvalidPeriod("The period is 7, 30 or 90 days")
    last = today or utcnow().date()
    return last - timedelta(days=days - 1), last


def _model_info(model_id: str, vendor: str | None) -> tuple[str, str]:
    """A usage line's model name and vendor: a chat model from the registry, a media model from
    the studio's catalogue."""
    try:
        info = registry.get_model(model_id)
    except UnknownModel:
        return catalogue.display_name(model_id) or model_id, vendor or "unknown"
    return info.display_name, vendor or info.vendor


# Counters written before the judge's usage was named `verification` call it `verdict`: both add up
# under the one name.
FORMER_FEATURES = {"verdict": "verification"}


def _split(item: UsageDaily) -> tuple[str, str, str]:
    day, feature, model = item.sk.split("#", 2)
    return day, FORMER_FEATURES.get(feature, feature), model


def _by_cost(sums: dict[str, _Sum]) -> list[tuple[str, _Sum]]:
    return sorted(sums.items(), key=lambda pair: (-pair[1].cost_micro_usd, -pair[1].requests, pair[0]))


def _stats(items: list[UsageDaily], first: date, last: date) -> UsageStats:
    days = (last - first).days + 1
    series = {(first + timedelta(days=n)).isoformat(): _Sum() for n in range(days)}
    totals, models, features = _Sum(), dict[str, _Sum](), dict[str, _Sum]()
    vendors: dict[str, str | None] = {}
    for item in items:
        day, feature, model = _split(item)
        if day not in series:
            continue
        for target in (
            totals,
            series[day],
            models.setdefault(model, _Sum()),
            features.setdefault(feature, _Sum()),
        ):
            target.add(item)
        vendors[model] = item.vendor or vendors.get(model)
    by_model = []
    for model, total in _by_cost(models):
        name, vendor = _model_info(model, vendors.get(model))
        by_model.append(ModelCounters(model=model, model_name=name, vendor=vendor, **total.counters()))
    return UsageStats(
        from_=first.isoformat(),
        to=last.isoformat(),
        days=days,
        totals=Counters(**totals.counters()),
        series=[DayCounters(date=day, **total.counters()) for day, total in series.items()],
        by_model=by_model,
        by_feature=[FeatureCounters(feature=f, **total.counters()) for f, total in _by_cost(features)],
    )


def usage(user_id: str, days: int, *, today: date | None = None) -> UsageStats:
    """A user's usage over the last `days` days (7, 30 or 90): totals, per day (zero-filled), per model and feature."""
    first, last = _window(days, today)
    return _stats(usage_service.daily_counters(user_id, first.isoformat(), last.isoformat()), first, last)


def usage_csv(user_id: str, days: int, *, today: date | None = None) -> str:
    """One CSV row per (date, feature, model) with every counter."""
    first, last = _window(days, today)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    columns = [
        "requests",
        "input_tokens",
        "output_tokens",
        "cost_micro_usd",
        "errors",
        "avg_ttft_ms",
        "avg_duration_ms",
    ]
    writer.writerow(["date", "feature", "model", "vendor", *columns])
    for item in sorted(
        usage_service.daily_counters(user_id, first.isoformat(), last.isoformat()), key=lambda i: i.sk
    ):
        day, feature, model = _split(item)
        total = _Sum()
        total.add(item)
        counters = total.counters()
        # Cells never start with a spreadsheet formula character: model ids come from data.
        writer.writerow(
            [
                day,
                feature,
                model.lstrip("=+-@"),
                item.vendor or "",
                *(counters[c] if counters[c] is not None else "" for c in columns),
            ]
        )
    return out.getvalue()


def _email(user_id: str) -> str | None:
    try:
        return accounts.get_user(user_id).email
    except WeboxError:
        return None


def admin_usage(days: int, *, today: date | None = None) -> AdminUsageStats:
    """The platform's usage: per day, model and feature, the top users by cost, errors per vendor."""
    first, last = _window(days, today)
    first_day, last_day = first.isoformat(), last.isoformat()
    stats = _stats(usage_service.daily_counters(usage_service.PLATFORM, first_day, last_day), first, last)
    users: dict[str, _Sum] = {}
    for item in usage_service.daily_counters(usage_service.BY_USER, first_day, last_day):
        users.setdefault(item.sk.split("#", 1)[1], _Sum()).add(item)
    top = [
        UserCounters(user_id=user_id, email=_email(user_id), **total.counters())
        for user_id, total in _by_cost(users)[:TOP_USERS]
    ]
    vendors: dict[str, _Sum] = {}
    for model in stats.by_model:
        total = vendors.setdefault(model.vendor, _Sum())
        total.requests += model.requests
        total.errors += model.errors
    errors = [
        VendorErrors(
            vendor=vendor,
            errors=total.errors,
            requests=total.requests,
            error_rate=round(total.errors / total.requests, 4) if total.requests else 0.0,
        )
        for vendor, total in sorted(vendors.items(), key=lambda pair: (-pair[1].errors, pair[0]))
    ]
    return AdminUsageStats(**stats.model_dump(by_alias=False), by_user=top, errors_by_vendor=errors)


# -- history -----------------------------------------------------------------------------------------

# A source lists one kind of item of a user, newest first, with `low` <= updated key < `high`
# (ISO times; a key is "<updated_at ISO>#<id>"). Another feature joins the timeline by adding one here.
Source = Callable[[str, str, str, int, str | None], list[TimelineItem]]


def _conversations(user_id: str, low: str, high: str, limit: int, q: str | None) -> list[TimelineItem]:
    # imported here: of the dashboard API's requests only the timeline reads conversations
    from webox.chat import conversations as chat_conversations

    return [
        TimelineItem(
            kind="conversation",
            id=c.id,
            title=c.title,
            subtitle=", ".join(c.last_models) or None,
            models=list(c.last_models),
            created_at=c.created_at,
            updated_at=c.updated_at,
            path=f"/chat/{c.id}",
        )
        for c in chat_conversations.conversations_between(user_id, low, high, limit=limit, q=q)
    ]


def _paged(
    fetch: Callable[[str | None], tuple[list[TimelineItem], str | None]], low: str, high: str, limit: int
) -> list[TimelineItem]:
    """Read a newest-first listing page by page (at most 20) keeping the items in [low, high)."""
    found: list[TimelineItem] = []
    cursor: str | None = None
    for _ in range(20):
        items, cursor = fetch(cursor)
        for item in items:
            key = _key(item)
            if key < low:
                return found
            if key < high:
                found.append(item)
        if len(found) >= limit or cursor is None:
            break
    return found[:limit]


def _media_page(kind: str) -> str:
    """The SPA page showing a media kind (images, or audio for speech, voices and transcripts)."""
    return "/images" if kind in ("image", "variation", "edit") else "/audio"


def _media(user_id: str, low: str, high: str, limit: int, q: str | None) -> list[TimelineItem]:
    # The media feature's repository, not its service: listing needs no presigned URL (and the
    # service's module graph reaches the media SDKs, a layer this function does not carry).
    from webox.media import repository as media_repository

    search = " ".join(fold(q).split()) if q and q.strip() else None

    def fetch(cursor: str | None) -> tuple[list[TimelineItem], str | None]:
        found, next_cursor = media_repository.list_items(
            user_id, kind=None, search=search, cursor=cursor, limit=50
        )
        items = [
            TimelineItem(
                kind="media",
                id=item.media_id,
                title=(item.prompt or item.model)[:200],
                subtitle=f"{item.kind} · {item.model}",
                models=[item.model] if item.model else [],
                media_kind=item.kind,
                created_at=item.created_at,
                updated_at=item.created_at,
                path=_media_page(item.kind),
            )
            for item in found
        ]
        return items, next_cursor

    return _paged(fetch, low, high, limit)


def _jobs(user_id: str, low: str, high: str, limit: int, q: str | None) -> list[TimelineItem]:
    from webox.media import repository as media_repository

    wanted = fold(q.strip()) if q and q.strip() else None

    def fetch(cursor: str | None) -> tuple[list[TimelineItem], str | None]:
        found, next_cursor = media_repository.list_jobs(
            user_id, kind=None, status=None, cursor=cursor, limit=50
        )
        items = []
        for job in found:
            params = job.params or {}
            prompt = str(params.get("prompt") or params.get("text") or "")
            if wanted and wanted not in fold(prompt):
                continue
            items.append(
                TimelineItem(
                    kind="job",
                    id=job.job_id,
                    title=(prompt or job.kind)[:200],
                    subtitle=f"{job.kind} · {job.model}",
                    models=[job.model] if job.model else [],
                    media_kind=job.kind,
                    status=job.status,
                    created_at=job.created_at,
                    updated_at=job.updated_at,
                    path=_media_page(job.kind),
                )
            )
        return items, next_cursor

    return _paged(fetch, low, high, limit)


SOURCES: dict[TimelineKind, Source] = {"conversation": _conversations, "media": _media, "job": _jobs}


def _key(item: TimelineItem) -> str:
    """Where an item sits in the timeline: a conversation by its last activity, media and jobs
    (listed in creation order by their feature) by their creation."""
    when = item.updated_at if item.kind == "conversation" else item.created_at
    return f"{when.isoformat()}#{item.id}"


def _encode(key: str) -> str:
    return base64.urlsafe_b64encode(key.encode()).decode().rstrip("=")


def _decode(cursor: str) -> str:
    try:
        key = base64.urlsafe_b64decode((cursor + "=" * (-len(cursor) % 4)).encode()).decode()
        datetime.fromisoformat(key.split("#", 1)[0])
    except (binascii.Error, UnicodeDecodeError, ValueError):
        raise InvalidPeriod("Malformed cursor", code="invalid_cursor") from None
    return key


def timeline(
    user_id: str,
    *,
    q: str | None = None,
    kind: TimelineKind | None = None,
    from_day: date | None = None,
    to_day: date | None = None,
    cursor: str | None = None,
    limit: int = 30,
) -> TimelinePage:
    """The user's conversations, media and jobs in one list, newest first, searched and dated."""
    if from_day and to_day and from_day > to_day:
        raise InvalidPeriod("`from` is after `to`")
    low = from_day.isoformat() if from_day else "0000"
    high = (to_day + timedelta(days=1)).isoformat() if to_day else "\uffff"
    if cursor:
        high = min(high, _decode(cursor))
    # A kind whose feature is not deployed yet has no source: an empty page, not an error.
    sources = [SOURCES[kind]] if kind in SOURCES else [] if kind else list(SOURCES.values())
    found = [item for source in sources for item in source(user_id, low, high, limit + 1, q)]
    found.sort(key=_key, reverse=True)
    page = found[:limit]
    more = len(found) > limit
    return TimelinePage(items=page, next_cursor=_encode(_key(page[-1])) if more and page else None)
