"""The catalogue of AI tools: search, administrators' edits, favourites and reviews.

The catalogue is small (tens to a few hundred tools) and read far more than written, so a
container holds it whole in memory and searches it there: the data file is read once per cold
start, the administrators' edits (one Query) are merged over it and kept `EDITS_TTL_S` seconds.
An edit made through this container is seen at once; other containers see it within the TTL.

Merge rule, field by field: an edit's non-null field wins over the data file's; fields an
administrator never set keep following the data file (so a corrected description shipped in a
release still reaches an edited tool); an edit flagged `deleted` hides the tool; an edit whose id is
not in the data file is a tool an administrator added (`source: custom`).

Ratings are read fresh on every listing (one Query): a review must show in the average at once.
"""

from __future__ import annotations

import contextlib
import re
import threading
import time
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any, Literal

from pydantic import ValidationError

from webox.auth.models import User
from webox.catalog import repository
from webox.catalog.errors import ReviewConflict, ReviewNotFound, ToolExists, ToolNotFound, UnknownCategory
from webox.catalog.models import Rating, Review, ToolEdit
from webox.catalog.schemas import (
    CatalogueFile,
    ReviewIn,
    ReviewOut,
    ReviewPage,
    Tool,
    ToolCategoryOut,
    ToolCreate,
    ToolOut,
    ToolPage,
    ToolRatingOut,
    ToolUpdate,
)
from webox.db import utcnow
from webox.logging import get_logger
from webox.text import fold

EDITS_TTL_S = 30.0
EDITABLE = ("name", "vendor", "category", "description", "url", "pricing", "tags")
_RETRIES = 3
_PUNCTUATION = re.compile(r"[^0-9a-z]+")


@dataclass(frozen=True)
class Entry:
    """A tool of the effective catalogue with what the search reads, prepared once."""

    tool: Tool
    source: Literal["builtin", "custom"]
    text: str  # folded name, vendor, description and tags
    compact: str  # the same without spaces or punctuation ("dalle" finds "DALL·E")
    name: str  # folded name
    tags: frozenset[str]  # folded tags

    @classmethod
    def of(cls, tool: Tool, source: Literal["builtin", "custom"]) -> Entry:
        text = fold(" ".join([tool.name, tool.vendor, tool.description, *tool.tags]))
        return cls(
            tool=tool,
            source=source,
            text=text,
            compact=_PUNCTUATION.sub("", text),
            name=fold(tool.name),
            tags=frozenset(fold(tag) for tag in tool.tags),
        )


@cache
def data() -> CatalogueFile:
    """`tools.json`, loaded and validated once per cold start."""
    text = resources.files("webox.catalog").joinpath("tools.json").read_text(encoding="utf-8")
    return CatalogueFile.model_validate_json(text)


@cache
def _builtin() -> dict[str, Tool]:
    return {tool.id: tool for tool in data().tools}


_cache: dict[str, Any] = {"entries": None, "until": 0.0}
_lock = threading.Lock()


def _edited_fields(edit: ToolEdit) -> dict[str, Any]:
    fields = {name: getattr(edit, name) for name in EDITABLE if getattr(edit, name) is not None}
    if "tags" in fields:
        fields["tags"] = list(fields["tags"])
    return fields


def merge(edits: list[ToolEdit]) -> dict[str, Entry]:
    """The effective catalogue: the data file's tools in their order, edited, then added ones by name."""
    by_id = {edit.tool_id: edit for edit in edits}
    entries: dict[str, Entry] = {}
    for tool in data().tools:
        edit = by_id.pop(tool.id, None)
        if edit is None:
            entries[tool.id] = Entry.of(tool, "builtin")
        elif not edit.deleted:
            merged = _valid({**tool.model_dump(), **_edited_fields(edit)})
            entries[tool.id] = Entry.of(merged or tool, "builtin")
    added = [
        _valid({"id": edit.tool_id, **_edited_fields(edit)}) for edit in by_id.values() if not edit.deleted
    ]
    for tool in sorted((t for t in added if t is not None), key=lambda t: fold(t.name)):
        entries[tool.id] = Entry.of(tool, "custom")
    return entries


def _valid(fields: dict[str, Any]) -> Tool | None:
    try:
        return Tool(**fields)
    except ValidationError:
        # Edits are validated when written; one that no longer validates is left out, not fatal.
        get_logger().warning("catalogue edit ignored", extra={"tool_id": fields.get("id")})
        return None


def entries() -> dict[str, Entry]:
    """The effective catalogue of this container (edits re-read every `EDITS_TTL_S` seconds)."""
    with _lock:
        if _cache["entries"] is None or time.monotonic() >= _cache["until"]:
            _cache["entries"] = merge(repository.edits())
            _cache["until"] = time.monotonic() + EDITS_TTL_S
        result: dict[str, Entry] = _cache["entries"]
        return result


def invalidate() -> None:
    """Forget the merged catalogue (after an edit, or between tests)."""
    with _lock:
        _cache["entries"] = None


def _entry(tool_id: str) -> Entry:
    entry = entries().get(tool_id)
    if entry is None:
        raise ToolNotFound("Tool not found")
    return entry


# -- search ------------------------------------------------------------------------------------


def _matches(entry: Entry, terms: list[str]) -> bool:
    return all(term in entry.text or _PUNCTUATION.sub("", term) in entry.compact for term in terms)


def _score(entry: Entry, terms: list[str]) -> int:
    score = 0
    for term in terms:
        if entry.name.startswith(term):
            score += 4
        elif term in entry.name:
            score += 3
        elif any(term in tag for tag in entry.tags) or term in fold(entry.tool.vendor):
            score += 1
    return score


def search(
    q: str | None = None,
    *,
    categories: list[str] | None = None,
    pricing: list[str] | None = None,
    tags: list[str] | None = None,
    match_all_tags: bool = False,
) -> list[Entry]:
    """Tools whose name, vendor, description or tags contain every word of `q` (accents and case
    ignored), within the filters; best matches first (name, then tag or vendor), else catalogue order."""
    found = list(entries().values())
    if categories:
        found = [e for e in found if e.tool.category in set(categories)]
    if pricing:
        found = [e for e in found if e.tool.pricing in set(pricing)]
    wanted = {fold(tag.strip()) for tag in tags or [] if tag.strip()}
    if wanted:
        found = [e for e in found if (wanted <= e.tags if match_all_tags else wanted & e.tags)]
    terms = fold(q or "").split()
    if terms:
        found = [e for e in found if _matches(e, terms)]
        found.sort(key=lambda e: -_score(e, terms))  # stable: equal scores keep catalogue order
    return found


# -- reading -----------------------------------------------------------------------------------


def _rating_out(rating: Rating | None) -> ToolRatingOut:
    count = int(rating.review_count or 0) if rating else 0
    total = int(rating.stars_sum or 0) if rating else 0
    return ToolRatingOut(average=round(total / count, 2) if count > 0 else None, count=max(count, 0))


def _tool_out(entry: Entry, rating: Rating | None, favorite: bool | None) -> ToolOut:
    return ToolOut(
        **entry.tool.model_dump(), rating=_rating_out(rating), favorite=favorite, source=entry.source
    )


def _favorite_ids(user_id: str | None) -> set[str] | None:
    return {f.tool_id for f in repository.favorites(user_id)} if user_id else None


def list_tools(
    user_id: str | None,
    q: str | None = None,
    *,
    categories: list[str] | None = None,
    pricing: list[str] | None = None,
    tags: list[str] | None = None,
    match_all_tags: bool = False,
) -> ToolPage:
    """Search the catalogue; each tool with its rating and, for a signed-in caller, `favorite`."""
    found = search(q, categories=categories, pricing=pricing, tags=tags, match_all_tags=match_all_tags)
    ratings = repository.ratings() if found else {}
    favorites = _favorite_ids(user_id)
    items = [
        _tool_out(e, ratings.get(e.tool.id), None if favorites is None else e.tool.id in favorites)
        for e in found
    ]
    return ToolPage(items=items, total=len(items))


def get_tool(tool_id: str, user_id: str | None) -> ToolOut:
    entry = _entry(tool_id)
    favorites = _favorite_ids(user_id)
    favorite = None if favorites is None else tool_id in favorites
    return _tool_out(entry, repository.get_rating(tool_id), favorite)


def list_categories() -> list[ToolCategoryOut]:
    """The categories in their order, each with how many tools it holds."""
    counts: dict[str, int] = {}
    for entry in entries().values():
        counts[entry.tool.category] = counts.get(entry.tool.category, 0) + 1
    return [ToolCategoryOut(**c.model_dump(), tool_count=counts.get(c.id, 0)) for c in data().categories]


# -- administrators ----------------------------------------------------------------------------


def _check_category(category: str | None) -> None:
    if category is not None and category not in {c.id for c in data().categories}:
        raise UnknownCategory(f"Unknown category: {category}")


def create_tool(admin_id: str, body: ToolCreate) -> ToolOut:
    """Add a tool (also re-adds a deleted data-file tool under its id)."""
    _check_category(body.category)
    if body.id in entries():
        raise ToolExists()
    edit = ToolEdit(
        tool_id=body.id,
        **body.model_dump(include=set(EDITABLE)),
        deleted=False,
        updated_at=utcnow(),
        updated_by=admin_id,
    )
    if not repository.create_edit(edit, builtin=body.id in _builtin()):
        raise ToolExists()
    invalidate()
    return get_tool(body.id, None)


def update_tool(admin_id: str, tool_id: str, body: ToolUpdate) -> ToolOut:
    """Change some fields of a tool (an edit of a data-file tool, or of an added one)."""
    entry = _entry(tool_id)
    _check_category(body.category)
    changes = body.model_dump(exclude_unset=True)
    builtin = entry.source == "builtin"
    if not repository.update_edit(tool_id, changes, builtin=builtin, when=utcnow(), by=admin_id):
        invalidate()
        raise ToolNotFound("Tool not found")
    invalidate()
    return get_tool(tool_id, None)


def delete_tool(admin_id: str, tool_id: str) -> None:
    """Remove a tool: a data-file tool is hidden by a tombstone, an added one is deleted."""
    entry = _entry(tool_id)
    if entry.source == "builtin":
        repository.mark_deleted(tool_id, when=utcnow(), by=admin_id)
    else:
        repository.delete_edit(tool_id)
    invalidate()


# -- favourites --------------------------------------------------------------------------------


def add_favorite(user_id: str, tool_id: str) -> None:
    _entry(tool_id)
    repository.add_favorite(user_id, tool_id, utcnow())


def remove_favorite(user_id: str, tool_id: str) -> None:
    repository.remove_favorite(user_id, tool_id)


def list_favorites(user_id: str) -> list[ToolOut]:
    """The user's favourite tools, most recently added first (tools removed since are left out)."""
    favorites = sorted(repository.favorites(user_id), key=lambda f: f.created_at, reverse=True)
    current = entries()
    kept = [current[f.tool_id] for f in favorites if f.tool_id in current]
    ratings = repository.ratings() if kept else {}
    return [_tool_out(entry, ratings.get(entry.tool.id), True) for entry in kept]


# -- reviews -----------------------------------------------------------------------------------


def author_name(name: str) -> str:
    """What a review shows of its author: first name and the initial of the last ("Ada L.")."""
    parts = name.split()
    if not parts:
        return "Utilisateur"
    return f"{parts[0]} {parts[-1][0].upper()}." if len(parts) > 1 else parts[0]


def _review_out(review: Review, user_id: str | None) -> ReviewOut:
    return ReviewOut(
        tool_id=review.tool_id,
        author_name=review.author_name,
        stars=int(review.stars),
        text=review.text or "",
        created_at=review.created_at,
        updated_at=review.updated_at,
        mine=review.user_id == user_id,
    )


def put_review(user: User, tool_id: str, body: ReviewIn) -> ReviewOut:
    """Write the user's review of a tool, replacing their previous one; the average follows."""
    _entry(tool_id)
    for _ in range(_RETRIES):
        previous = repository.get_review(tool_id, user.id)
        now = utcnow()
        review = Review(
            tool_id,
            user.id,
            stars=body.stars,
            text=body.text.strip() or None,
            author_name=author_name(user.name),
            created_at=previous.created_at if previous else now,
            updated_at=now,
            updated_key=f"{now.isoformat()}#{user.id}",
        )
        if repository.save_review(review, int(previous.stars) if previous else None):
            return _review_out(review, user.id)
    raise ReviewConflict()


def delete_review(user_id: str, tool_id: str) -> None:
    """Delete the user's review of a tool; the average follows."""
    for _ in range(_RETRIES):
        previous = repository.get_review(tool_id, user_id)
        if previous is None:
            raise ReviewNotFound()
        if repository.delete_review(previous):
            return
    raise ReviewConflict()


def list_reviews(tool_id: str, user_id: str | None, *, cursor: str | None, limit: int) -> ReviewPage:
    """A tool's reviews, most recently written first, with its rating."""
    _entry(tool_id)
    reviews, next_cursor = repository.list_reviews(tool_id, cursor=cursor, limit=limit)
    return ReviewPage(
        items=[_review_out(r, user_id) for r in reviews],
        next_cursor=next_cursor,
        rating=_rating_out(repository.get_rating(tool_id)),
    )


def get_review(user_id: str, tool_id: str) -> ReviewOut:
    """The caller's own review of a tool (404 when they wrote none)."""
    _entry(tool_id)
    review = repository.get_review(tool_id, user_id)
    if review is None:
        raise ReviewNotFound()
    return _review_out(review, user_id)


def delete_user_data(user_id: str) -> int:
    """Delete the user's reviews (each leaves its tool's average) and return how many there were.
    The tool ids are known without a Scan: the data file's and the administrators' edits (one Query,
    tools since deleted included); one BatchGet finds which of them the user reviewed."""
    tool_ids = sorted(set(_builtin()) | {edit.tool_id for edit in repository.edits()})
    reviews = repository.reviews_by(user_id, tool_ids)
    for review in reviews:
        with contextlib.suppress(ReviewNotFound):
            delete_review(user_id, review.tool_id)
    return len(reviews)
