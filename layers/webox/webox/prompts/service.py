"""Prompt library: built-in prompts (data, fr/en), a user's own prompts with every version kept,
share links, and the public marketplace (publish, search, sort, rate, use, fork, report, moderate).

A prompt's body holds `{{variable}}` placeholders, each declared with a type (text, textarea,
choice, number); `render` checks the values and substitutes them literally in one pass — no
template language, so a value is never interpreted.
"""

from __future__ import annotations

import hashlib
import re
import secrets
import uuid
from functools import cache
from importlib import resources

from webox.auth.models import User
from webox.config import get_settings
from webox.db import utcnow
from webox.prompts import repository
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
    ShareNotFound,
    UnknownCategory,
    VersionNotFound,
)
from webox.prompts.models import MarketPrompt, Prompt, PromptReport, PromptVersion, PromptVote
from webox.prompts.schemas import (
    VALUE_LIMITS,
    VARIABLE_NAME,
    BuiltinLibrary,
    BuiltinPrompt,
    BuiltinPromptList,
    CategoryOut,
    Lang,
    MarketItem,
    MarketPage,
    ModerationIn,
    PromptCreate,
    PromptOut,
    PromptPage,
    PromptStats,
    PromptUpdate,
    RatingOut,
    RenderOut,
    ReportIn,
    ReportOut,
    ReportPage,
    SharedPromptOut,
    ShareOut,
    Sort,
    Variable,
    VersionOut,
    VersionPage,
    VersionSource,
    VersionSummary,
)
from webox.text import fold

MAX_PROMPTS = 500  # per user
MAX_VERSIONS = 1_000  # per prompt
MAX_SEARCH_TERMS = 8
RATE_ATTEMPTS = 8  # each failed attempt means another vote landed first
SHARE_PATH = "/p/"  # the SPA's page for a shared prompt: <public_url>/p/<token>
# Words the API uses after /prompts/: no built-in may take them as its id.
RESERVED_IDS = frozenset({"builtin", "categories", "marketplace", "shared", "admin"})

PLACEHOLDER = re.compile(r"\{\{\s*([^{}]*?)\s*\}\}")
_NAME = re.compile(VARIABLE_NAME)
_OWN_ID = re.compile(r"^[0-9a-f]{32}$")
_NUMBER = re.compile(r"^-?\d{1,15}(?:[.,]\d{1,10})?$")


def _terms(q: str | None) -> list[str]:
    return fold(q or "").split()[:MAX_SEARCH_TERMS]


def _lang(lang: str | None) -> Lang:
    return "en" if lang == "en" else "fr"


# -- variables and rendering -------------------------------------------------------------------


def placeholders(body: str) -> list[str]:
    """The names written as `{{name}}` in a body, in order."""
    return PLACEHOLDER.findall(body)


def check_variables(body: str, variables: list[Variable]) -> None:
    """Every `{{x}}` of the body is a declared variable with a valid name, and every declared one is used."""
    found = set(placeholders(body))
    invalid = sorted(name[:60] for name in found if not _NAME.fullmatch(name))
    declared = {variable.name for variable in variables}
    undeclared = sorted(name for name in found - declared if _NAME.fullmatch(name))
    unused = sorted(declared - found)
    if invalid or undeclared or unused:
        raise InvalidVariables(undeclared=undeclared, unused=unused, invalid=invalid)


def _format(value: str | float | int) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _resolve(variable: Variable, raw: str | float | int | None) -> tuple[str, str | None]:
    """(text to insert, problem) for one variable's value."""
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        if variable.default is not None:
            return _format(variable.default), None
        return "", "missing" if variable.required else None
    if variable.type == "number":
        text = raw.strip() if isinstance(raw, str) else _format(raw)
        if not _NUMBER.fullmatch(text):
            return "", "not_a_number"
        number = float(text.replace(",", "."))
        if (variable.min is not None and number < variable.min) or (
            variable.max is not None and number > variable.max
        ):
            return "", "out_of_range"
        return text, None
    text = raw if isinstance(raw, str) else _format(raw)
    if variable.type == "choice":
        text = text.strip()
        return (text, None) if variable.choices and text in variable.choices else ("", "not_a_choice")
    if len(text) > VALUE_LIMITS[variable.type]:
        return "", "too_long"
    return text, None


def render_text(body: str, variables: list[Variable], values: dict[str, str | float | int]) -> str:
    """The body with each `{{name}}` replaced by its checked value (or default), in one literal pass."""
    declared = {variable.name: variable for variable in variables}
    problems = [{"name": name[:64], "reason": "unknown"} for name in values if name not in declared]
    resolved: dict[str, str] = {}
    for variable in variables:
        text, problem = _resolve(variable, values.get(variable.name))
        if problem:
            problems.append({"name": variable.name, "reason": problem})
        resolved[variable.name] = text
    if problems:
        raise InvalidValues(problems)
    return PLACEHOLDER.sub(lambda match: resolved.get(match.group(1), match.group(0)), body)


# -- built-ins ---------------------------------------------------------------------------------


@cache
def library() -> BuiltinLibrary:
    """builtin.json, loaded and checked once: unique ids, known categories, every placeholder
    declared and every declared variable used, in both languages."""
    text = resources.files("webox.prompts").joinpath("builtin.json").read_text(encoding="utf-8")
    loaded = BuiltinLibrary.model_validate_json(text)
    categories = {category.id for category in loaded.categories}
    if len(categories) != len(loaded.categories):
        raise ValueError("duplicate category id")
    seen: set[str] = set()
    for prompt in loaded.prompts:
        if prompt.id in seen or prompt.id in RESERVED_IDS or _OWN_ID.fullmatch(prompt.id):
            raise ValueError(f"built-in prompt id {prompt.id} is taken or reserved")
        seen.add(prompt.id)
        if prompt.category not in categories:
            raise ValueError(f"{prompt.id}: unknown category {prompt.category}")
        for lang in ("fr", "en"):
            check_variables(prompt.body.get(lang), [v.localise(lang) for v in prompt.variables])
    return loaded


@cache
def builtins() -> dict[str, BuiltinPrompt]:
    return {prompt.id: prompt for prompt in library().prompts}


def _check_category(category: str) -> None:
    if category not in {c.id for c in library().categories}:
        raise UnknownCategory(f"Unknown category: {category[:40]}")


def _builtin_out(prompt: BuiltinPrompt, lang: Lang) -> PromptOut:
    return PromptOut(
        id=prompt.id,
        source="builtin",
        title=prompt.title.get(lang),
        description=prompt.description.get(lang),
        body=prompt.body.get(lang),
        category=prompt.category,
        language=lang,
        variables=[variable.localise(lang) for variable in prompt.variables],
    )


def list_categories(lang: str | None) -> list[CategoryOut]:
    """The categories, localised, with how many built-in prompts each holds."""
    language = _lang(lang)
    counts: dict[str, int] = {}
    for prompt in library().prompts:
        counts[prompt.category] = counts.get(prompt.category, 0) + 1
    return [
        CategoryOut(id=c.id, label=c.label.get(language), icon=c.icon, builtin_count=counts.get(c.id, 0))
        for c in library().categories
    ]


def list_builtin(*, lang: str | None, category: str | None, q: str | None) -> BuiltinPromptList:
    """Built-in prompts in `lang`, optionally of one category and matching every search word."""
    language, terms = _lang(lang), _terms(q)
    items = [
        _builtin_out(prompt, language)
        for prompt in library().prompts
        if (category is None or prompt.category == category)
        and all(
            term in fold(f"{prompt.title.get(language)} {prompt.description.get(language)}") for term in terms
        )
    ]
    return BuiltinPromptList(items=items)


# -- one's own prompts -------------------------------------------------------------------------


def _variables(stored: list[dict[str, object]] | None) -> list[Variable]:
    return [Variable.model_validate(v) for v in stored or []]


def _stats(entry: MarketPrompt) -> PromptStats:
    return PromptStats(
        rating_avg=float(entry.rating_avg or 0),
        rating_count=int(entry.rating_count or 0),
        uses=int(entry.uses or 0),
        forks=int(entry.forks or 0),
    )


def _own_out(prompt: Prompt, entry: MarketPrompt | None = None) -> PromptOut:
    return PromptOut(
        id=prompt.prompt_id,
        source="own",
        title=prompt.title,
        description=prompt.description or "",
        body=prompt.body,
        category=prompt.category,
        language=_lang(prompt.language),
        variables=_variables(prompt.variables),
        version=int(prompt.version),
        created_at=prompt.created_at,
        updated_at=prompt.updated_at,
        forked_from=prompt.forked_from,
        published=bool(prompt.published),
        shared=bool(prompt.share_hash),
        moderated=bool(prompt.moderated),
        stats=_stats(entry) if entry is not None and prompt.published else None,
    )


def _owned(user_id: str, prompt_id: str) -> Prompt:
    """The user's prompt, or 404 (built-ins and other users' prompts included)."""
    prompt = repository.get_prompt(user_id, prompt_id)
    if prompt is None:
        raise PromptNotFound("Prompt not found")
    return prompt


def _editable(user_id: str, prompt_id: str) -> Prompt:
    """The user's prompt for an owner-only action: built-ins answer 403, anything else 404."""
    if prompt_id in builtins():
        raise BuiltinReadOnly("Built-in prompts cannot be changed; fork one instead")
    return _owned(user_id, prompt_id)


def _content(prompt: Prompt | PromptVersion) -> PromptCreate:
    return PromptCreate(
        title=prompt.title,
        description=prompt.description or "",
        body=prompt.body,
        category=prompt.category,
        language=_lang(prompt.language),
        variables=_variables(prompt.variables),
    )


def _set_content(prompt: Prompt, content: PromptCreate) -> None:
    prompt.title = content.title
    prompt.description = content.description
    prompt.body = content.body
    prompt.category = content.category
    prompt.language = content.language
    prompt.variables = [v.model_dump(exclude_none=True) for v in content.variables]
    prompt.search_key = fold(f"{content.title} {content.description}")


def _version_of(prompt: Prompt, source: VersionSource, restored_from: int | None = None) -> PromptVersion:
    return PromptVersion(
        repository.version_key(prompt.user_id, prompt.prompt_id),
        int(prompt.version),
        title=prompt.title,
        description=prompt.description,
        body=prompt.body,
        category=prompt.category,
        language=prompt.language,
        variables=prompt.variables,
        created_at=prompt.updated_at,
        source=source,
        restored_from=restored_from,
    )


def _check_content(content: PromptCreate) -> None:
    _check_category(content.category)
    check_variables(content.body, content.variables)


def create_prompt(
    user_id: str, data: PromptCreate, *, forked_from: str | None = None, source: VersionSource = "create"
) -> PromptOut:
    """A new prompt of the user's own, saved as its version 1."""
    _check_content(data)
    if repository.count_prompts(user_id, MAX_PROMPTS) >= MAX_PROMPTS:
        raise PromptLimitReached(f"At most {MAX_PROMPTS} prompts per account")
    now = utcnow()
    prompt_id = uuid.uuid4().hex
    prompt = Prompt(
        user_id,
        prompt_id,
        version=1,
        created_at=now,
        updated_at=now,
        updated_key=f"{now.isoformat()}#{prompt_id}",
        forked_from=forked_from,
    )
    _set_content(prompt, data)
    repository.create_prompt(prompt, _version_of(prompt, source))
    return _own_out(prompt)


def list_prompts(
    user_id: str, *, q: str | None, category: str | None, cursor: str | None, limit: int
) -> PromptPage:
    """The user's prompts, most recently edited first (search ignores accents and case)."""
    prompts, next_cursor = repository.list_prompts(
        user_id, cursor=cursor, limit=limit, terms=_terms(q), category=category
    )
    entries = repository.entries([p.prompt_id for p in prompts if p.published])
    return PromptPage(items=[_own_out(p, entries.get(p.prompt_id)) for p in prompts], next_cursor=next_cursor)


def _new_version(
    prompt: Prompt, content: PromptCreate, source: VersionSource, restored_from: int | None = None
) -> PromptOut:
    _check_content(content)
    previous = int(prompt.version)
    if previous >= MAX_VERSIONS:
        raise PromptLimitReached(f"At most {MAX_VERSIONS} versions per prompt: fork it to carry on")
    _set_content(prompt, content)
    now = utcnow()
    prompt.version = previous + 1
    prompt.updated_at = now
    prompt.updated_key = f"{now.isoformat()}#{prompt.prompt_id}"
    if not repository.add_version(prompt, _version_of(prompt, source, restored_from), previous=previous):
        raise EditConflict("The prompt changed meanwhile; reload it and try again")
    return _own_out(prompt, repository.get_entry(prompt.prompt_id) if prompt.published else None)


def update_prompt(user_id: str, prompt_id: str, data: PromptUpdate) -> PromptOut:
    """Save an edit as the prompt's next version (nothing is saved when nothing changes)."""
    prompt = _editable(user_id, prompt_id)
    if data.expected_version is not None and data.expected_version != int(prompt.version):
        raise EditConflict(f"The prompt is at version {int(prompt.version)} now")
    current = _content(prompt)
    changes = {
        field: getattr(data, field)
        for field in data.model_fields_set - {"expected_version"}
        if getattr(data, field) is not None
    }
    edited = current.model_copy(update=changes)
    if edited == current:
        return _own_out(prompt, repository.get_entry(prompt_id) if prompt.published else None)
    return _new_version(prompt, edited, "edit")


def delete_prompt(user_id: str, prompt_id: str) -> None:
    """Delete a prompt with its versions, its share link and its marketplace listing."""
    repository.delete_prompt(_editable(user_id, prompt_id))


def list_versions(user_id: str, prompt_id: str, *, cursor: str | None, limit: int) -> VersionPage:
    """The prompt's versions, newest first."""
    _owned(user_id, prompt_id)
    versions, next_cursor = repository.list_versions(user_id, prompt_id, cursor=cursor, limit=limit)
    return VersionPage(
        items=[
            VersionSummary(
                version=int(v.version),
                title=v.title,
                created_at=v.created_at,
                source=v.source,  # type: ignore[arg-type]
                restored_from=int(v.restored_from) if v.restored_from is not None else None,
            )
            for v in versions
        ],
        next_cursor=next_cursor,
    )


def _version(user_id: str, prompt_id: str, version: int) -> PromptVersion:
    _owned(user_id, prompt_id)
    found = repository.get_version(user_id, prompt_id, version)
    if found is None:
        raise VersionNotFound(f"No version {version}")
    return found


def get_version(user_id: str, prompt_id: str, version: int) -> VersionOut:
    """One version of the prompt, whole."""
    found = _version(user_id, prompt_id, version)
    content = _content(found)
    return VersionOut(
        version=int(found.version),
        created_at=found.created_at,
        source=found.source,  # type: ignore[arg-type]
        restored_from=int(found.restored_from) if found.restored_from is not None else None,
        **content.model_dump(),
    )


def restore_version(user_id: str, prompt_id: str, version: int) -> PromptOut:
    """Make an old version current again, as a new version (history is never rewritten)."""
    prompt = _editable(user_id, prompt_id)
    old = _version(user_id, prompt_id, version)
    return _new_version(prompt, _content(old), "restore", restored_from=version)


# -- any prompt the caller can see -------------------------------------------------------------


def _market_out(entry: MarketPrompt, my_stars: int | None = None) -> PromptOut:
    return PromptOut(
        id=entry.prompt_id,
        source="marketplace",
        title=entry.title,
        description=entry.description or "",
        body=entry.body,
        category=entry.category,
        language=_lang(entry.language),
        variables=_variables(entry.variables),
        version=int(entry.version),
        updated_at=entry.published_at,
        published=True,
        stats=_stats(entry),
        author_name=entry.author_name,
        my_stars=my_stars,
    )


def _visible(user_id: str, prompt_id: str, lang: str | None, *, with_vote: bool = False) -> PromptOut:
    """A built-in, one of the user's own, or a prompt listed in the marketplace; else 404."""
    builtin = builtins().get(prompt_id)
    if builtin is not None:
        return _builtin_out(builtin, _lang(lang))
    prompt = repository.get_prompt(user_id, prompt_id)
    if prompt is not None:
        return _own_out(prompt, repository.get_entry(prompt_id) if prompt.published else None)
    entry = repository.get_entry(prompt_id)
    if entry is None or not entry.listed:
        raise PromptNotFound("Prompt not found")
    vote = repository.get_vote(prompt_id, user_id) if with_vote else None
    return _market_out(entry, int(vote.stars) if vote else None)


def get_prompt(user_id: str, prompt_id: str, *, lang: str | None) -> PromptOut:
    """A prompt the user may see (built-in in `lang`, own, or published)."""
    return _visible(user_id, prompt_id, lang, with_vote=True)


def render(
    user_id: str, prompt_id: str, values: dict[str, str | float | int], *, lang: str | None
) -> RenderOut:
    """The prompt filled with `values` (every required variable given, choices and numbers checked)."""
    prompt = _visible(user_id, prompt_id, lang)
    return RenderOut(text=render_text(prompt.body, prompt.variables, values))


def _copy(prompt: PromptOut) -> PromptCreate:
    return PromptCreate(
        title=prompt.title,
        description=prompt.description,
        body=prompt.body,
        category=prompt.category,
        language=prompt.language,
        variables=prompt.variables,
    )


def fork(user_id: str, prompt_id: str, *, lang: str | None) -> PromptOut:
    """Copy a visible prompt into the user's own library (`forked_from` remembers the source)."""
    source = _visible(user_id, prompt_id, lang)
    forked = create_prompt(user_id, _copy(source), forked_from=prompt_id, source="fork")
    if source.source == "marketplace":
        repository.add_fork(prompt_id)
    return forked


def record_use(user_id: str, prompt_id: str) -> None:
    """Count one use of a published prompt (the chat was filled with it); others are not counted."""
    if prompt_id in builtins():
        return
    own = repository.get_prompt(user_id, prompt_id)
    if own is not None:
        if own.published:
            repository.add_use(prompt_id)
        return
    if not repository.add_use(prompt_id):
        raise PromptNotFound("Prompt not found")


# -- share links -------------------------------------------------------------------------------


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def share(user_id: str, prompt_id: str) -> ShareOut:
    """A new read-only link to the prompt's current version; it replaces any earlier link."""
    prompt = _editable(user_id, prompt_id)
    token = secrets.token_urlsafe(24)  # 192 bits
    repository.replace_share(prompt, _token_hash(token))
    return ShareOut(url=f"{get_settings().public_url.rstrip('/')}{SHARE_PATH}{token}", token=token)


def unshare(user_id: str, prompt_id: str) -> None:
    """Revoke the prompt's link: it stops working at once."""
    repository.remove_share(_editable(user_id, prompt_id))


def _shared_prompt(token: str) -> Prompt:
    token_hash = _token_hash(token)
    link = repository.get_share(token_hash)
    prompt = repository.get_prompt(link.user_id, link.prompt_id) if link else None
    if prompt is None or prompt.share_hash != token_hash:
        raise ShareNotFound("This link does not exist or was revoked")
    return prompt


def shared(token: str) -> SharedPromptOut:
    """The prompt behind a share link (anyone with the link, signed in or not)."""
    prompt = _shared_prompt(token)
    return SharedPromptOut(
        **_content(prompt).model_dump(), version=int(prompt.version), updated_at=prompt.updated_at
    )


def render_shared(token: str, values: dict[str, str | float | int]) -> RenderOut:
    """The shared prompt filled with `values`."""
    prompt = _shared_prompt(token)
    return RenderOut(text=render_text(prompt.body, _variables(prompt.variables), values))


def fork_shared(user_id: str, token: str) -> PromptOut:
    """Copy a shared prompt into the user's own library."""
    prompt = _shared_prompt(token)
    return create_prompt(user_id, _content(prompt), forked_from=prompt.prompt_id, source="fork")


# -- marketplace -------------------------------------------------------------------------------


def publish(user: User, prompt_id: str) -> PromptOut:
    """List one's prompt in the marketplace under one's name (its current version)."""
    prompt = _editable(user.id, prompt_id)
    if prompt.moderated:
        raise PromptModerated("A moderator removed this prompt from the marketplace")
    if not prompt.published and not repository.publish(prompt, author_name=user.name):
        raise PromptModerated("A moderator removed this prompt from the marketplace")
    prompt = _owned(user.id, prompt_id)
    return _own_out(prompt, repository.get_entry(prompt_id))


def unpublish(user_id: str, prompt_id: str) -> PromptOut:
    """Take one's prompt out of the marketplace (its ratings and counters are kept)."""
    prompt = _editable(user_id, prompt_id)
    if prompt.published:
        repository.unlist(prompt_id, user_id)
    return _own_out(_owned(user_id, prompt_id))


def _market_item(entry: MarketPrompt) -> MarketItem:
    return MarketItem(
        id=entry.prompt_id,
        title=entry.title,
        description=entry.description or "",
        body=entry.body,
        category=entry.category,
        language=_lang(entry.language),
        variables=_variables(entry.variables),
        author_name=entry.author_name,
        stats=_stats(entry),
        published_at=entry.published_at,
    )


def marketplace(
    *, q: str | None, category: str | None, sort: Sort, cursor: str | None, limit: int
) -> MarketPage:
    """Published prompts, best rated, most used or newest first, optionally of one category and
    matching every search word (accents and case ignored)."""
    if category is not None:
        _check_category(category)
    entries, next_cursor = repository.market_page(
        sort=sort, category=category, terms=_terms(q), cursor=cursor, limit=limit
    )
    return MarketPage(items=[_market_item(e) for e in entries], next_cursor=next_cursor)


def _listed_by_other(
    user_id: str, prompt_id: str, own_error: type[CannotRateOwn | CannotReportOwn]
) -> MarketPrompt:
    entry = repository.get_entry(prompt_id)
    if entry is not None and entry.owner_id == user_id:
        raise own_error()
    if entry is None or not entry.listed:
        raise PromptNotFound("Prompt not found in the marketplace")
    return entry


def rate(user_id: str, prompt_id: str, stars: int) -> RatingOut:
    """Rate a published prompt of someone else; voting again replaces one's vote."""
    for _ in range(RATE_ATTEMPTS):
        entry = _listed_by_other(user_id, prompt_id, CannotRateOwn)
        vote = repository.get_vote(prompt_id, user_id)
        previous = int(vote.stars) if vote else None
        if previous == stars:
            return RatingOut(
                rating_avg=float(entry.rating_avg), rating_count=int(entry.rating_count), my_stars=stars
            )
        result = repository.rate(entry, user_id, stars, previous)
        if result is not None:
            average, count = result
            return RatingOut(rating_avg=average, rating_count=count, my_stars=stars)
    raise EditConflict("Many people are rating this prompt right now; try again")


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


def report(user_id: str, prompt_id: str, data: ReportIn) -> ReportOut:
    """Report a published prompt to the administrators (once per user)."""
    entry = _listed_by_other(user_id, prompt_id, CannotReportOwn)
    now = utcnow()
    item = PromptReport(
        prompt_id,
        user_id,
        owner_id=entry.owner_id,
        prompt_title=entry.title,
        reason=data.reason,
        details=data.details,
        status="open",
        created_at=now,
        created_key=f"{now.isoformat()}#{prompt_id}#{user_id}",
    )
    if not repository.add_report(item):
        raise AlreadyReported("You already reported this prompt")
    return _report_out(item)


def open_reports(*, cursor: str | None, limit: int) -> ReportPage:
    """Reports awaiting an administrator, newest first."""
    reports, next_cursor = repository.open_reports(cursor=cursor, limit=limit)
    return ReportPage(items=[_report_out(r) for r in reports], next_cursor=next_cursor)


def admin_unpublish(prompt_id: str, data: ModerationIn) -> None:
    """Remove a prompt from the marketplace for good (its owner cannot publish it again) and close its reports."""
    entry = repository.get_entry(prompt_id)
    if entry is None or not repository.unlist(prompt_id, entry.owner_id, moderation_reason=data.reason):
        raise PromptNotFound("Prompt not found in the marketplace")
    repository.resolve_reports(prompt_id)


def delete_user_data(user_id: str) -> int:
    """Delete every prompt of a user with its versions, share link, listing, votes and reports, then
    the user's votes (out of each listed prompt's rating) and reports on the prompts of others,
    listed or not."""
    prompts = repository.prompts_of(user_id)
    for prompt in prompts:
        repository.delete_prompt(prompt)
    for vote in repository.votes_by(user_id):
        _remove_vote(vote)
    repository.delete_reports(repository.reports_by(user_id))
    return len(prompts)


def _remove_vote(vote: PromptVote) -> None:
    """Delete a vote and take it out of its prompt's rating (retried while other votes land)."""
    for _ in range(RATE_ATTEMPTS):
        entry = repository.get_entry(vote.prompt_id)
        current = repository.get_vote(vote.prompt_id, vote.user_id)
        if current is None:
            return
        if entry is None:
            repository.delete_votes([current])
            return
        if repository.remove_vote(entry, current):
            return
    raise EditConflict("Many people are rating this prompt right now; try again")
