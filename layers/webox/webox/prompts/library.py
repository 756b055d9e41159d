"""The user's prompt library: their own prompts (create, list, edit, delete) and any prompt they
can see (built-in, own or published) to read, fill in, fork or count a use of."""

from __future__ import annotations

import uuid

from webox.db import utcnow
from webox.prompts import repository
from webox.prompts.access import editable, visible
from webox.prompts.builtin import builtins
from webox.prompts.errors import EditConflict, PromptLimitReached, PromptNotFound
from webox.prompts.models import Prompt
from webox.prompts.rendering import Value, render_text
from webox.prompts.schemas import PromptCreate, PromptOut, PromptPage, PromptUpdate, RenderOut, VersionSource
from webox.prompts.versions import check_content, save_version, set_content, version_of
from webox.prompts.views import content, own_out, search_terms

MAX_PROMPTS = 500  # per user


def create_prompt(
    user_id: str, data: PromptCreate, *, forked_from: str | None = None, source: VersionSource = "create"
) -> PromptOut:
    """A new prompt of the user's own, saved as its version 1."""
    check_content(data)
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
    set_content(prompt, data)
    repository.create_prompt(prompt, version_of(prompt, source))
    return own_out(prompt)


def list_prompts(
    user_id: str, *, q: str | None, category: str | None, cursor: str | None, limit: int
) -> PromptPage:
    """The user's prompts, most recently edited first (search ignores accents and case)."""
    prompts, next_cursor = repository.list_prompts(
        user_id, cursor=cursor, limit=limit, terms=search_terms(q), category=category
    )
    entries = repository.entries([p.prompt_id for p in prompts if p.published])
    return PromptPage(items=[own_out(p, entries.get(p.prompt_id)) for p in prompts], next_cursor=next_cursor)


def update_prompt(user_id: str, prompt_id: str, data: PromptUpdate) -> PromptOut:
    """Save an edit as the prompt's next version (nothing is saved when nothing changes)."""
    prompt = editable(user_id, prompt_id)
    if data.expected_version is not None and data.expected_version != int(prompt.version):
        raise EditConflict(f"The prompt is at version {int(prompt.version)} now")
    current = content(prompt)
    changes = {
        field: getattr(data, field)
        for field in data.model_fields_set - {"expected_version"}
        if getattr(data, field) is not None
    }
    edited = current.model_copy(update=changes)
    if edited == current:
        return own_out(prompt, repository.get_entry(prompt_id) if prompt.published else None)
    return save_version(prompt, edited, "edit")


def delete_prompt(user_id: str, prompt_id: str) -> None:
    """Delete a prompt with its versions, its share link and its marketplace listing."""
    repository.delete_prompt(editable(user_id, prompt_id))


def get_prompt(user_id: str, prompt_id: str, *, lang: str | None) -> PromptOut:
    """A prompt the user may see (built-in in `lang`, own, or published)."""
    return visible(user_id, prompt_id, lang, with_vote=True)


def render(user_id: str, prompt_id: str, values: dict[str, Value], *, lang: str | None) -> RenderOut:
    """The prompt filled with `values` (every required variable given, choices and numbers checked)."""
    prompt = visible(user_id, prompt_id, lang)
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
    source = visible(user_id, prompt_id, lang)
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
