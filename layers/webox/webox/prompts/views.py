"""What a stored prompt looks like to whoever reads it: one's own, a marketplace listing, its content."""

from __future__ import annotations

from webox.languages import Lang
from webox.prompts.models import MarketPrompt, Prompt, PromptVersion
from webox.prompts.schemas import PromptCreate, PromptOut, PromptStats
from webox.prompts.variables import Variable
from webox.text import fold

MAX_SEARCH_TERMS = 8


def search_terms(q: str | None) -> list[str]:
    """The words of a search (accents and case ignored), at most `MAX_SEARCH_TERMS`."""
    return fold(q or "").split()[:MAX_SEARCH_TERMS]


def language(lang: str | None) -> Lang:
    """English when asked, else French."""
    return "en" if lang == "en" else "fr"


def variables(stored: list[dict[str, object]] | None) -> list[Variable]:
    return [Variable.model_validate(v) for v in stored or []]


def stats(entry: MarketPrompt) -> PromptStats:
    return PromptStats(
        rating_avg=float(entry.rating_avg or 0),
        rating_count=int(entry.rating_count or 0),
        uses=int(entry.uses or 0),
        forks=int(entry.forks or 0),
    )


def own_out(prompt: Prompt, entry: MarketPrompt | None = None) -> PromptOut:
    """One's own prompt, with its marketplace figures while it is published."""
    return PromptOut(
        id=prompt.prompt_id,
        source="own",
        title=prompt.title,
        description=prompt.description or "",
        body=prompt.body,
        category=prompt.category,
        language=language(prompt.language),
        variables=variables(prompt.variables),
        version=int(prompt.version),
        created_at=prompt.created_at,
        updated_at=prompt.updated_at,
        forked_from=prompt.forked_from,
        published=bool(prompt.published),
        shared=bool(prompt.share_hash),
        moderated=bool(prompt.moderated),
        stats=stats(entry) if entry is not None and prompt.published else None,
    )


def market_out(entry: MarketPrompt, my_stars: int | None = None) -> PromptOut:
    """Someone's published prompt, with the reader's own rating of it."""
    return PromptOut(
        id=entry.prompt_id,
        source="marketplace",
        title=entry.title,
        description=entry.description or "",
        body=entry.body,
        category=entry.category,
        language=language(entry.language),
        variables=variables(entry.variables),
        version=int(entry.version),
        updated_at=entry.published_at,
        published=True,
        stats=stats(entry),
        author_name=entry.author_name,
        my_stars=my_stars,
    )


def content(prompt: Prompt | PromptVersion) -> PromptCreate:
    """What a prompt (or one of its versions) says, without its history or figures."""
    return PromptCreate(
        title=prompt.title,
        description=prompt.description or "",
        body=prompt.body,
        category=prompt.category,
        language=language(prompt.language),
        variables=variables(prompt.variables),
    )
