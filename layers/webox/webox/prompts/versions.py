"""A prompt's versions: every edit is saved as the next version, none is ever rewritten; an old
one can be read whole and restored (as a new version)."""

from __future__ import annotations

from webox.db import utcnow
from webox.prompts import repository
from webox.prompts.access import editable, owned
from webox.prompts.builtin import check_category
from webox.prompts.errors import EditConflict, PromptLimitReached, VersionNotFound
from webox.prompts.models import Prompt, PromptVersion
from webox.prompts.rendering import check_variables
from webox.prompts.schemas import (
    PromptCreate,
    PromptOut,
    VersionOut,
    VersionPage,
    VersionSource,
    VersionSummary,
)
from webox.prompts.views import content, own_out
from webox.text import fold

MAX_VERSIONS = 1_000  # per prompt


def check_content(data: PromptCreate) -> None:
    """A known category, and the body's placeholders and the declared variables agree."""
    check_category(data.category)
    check_variables(data.body, data.variables)


def set_content(prompt: Prompt, data: PromptCreate) -> None:
    prompt.title = data.title
    prompt.description = data.description
    prompt.body = data.body
    prompt.category = data.category
    prompt.language = data.language
    prompt.variables = [v.model_dump(exclude_none=True) for v in data.variables]
    prompt.search_key = fold(f"{data.title} {data.description}")


def version_of(prompt: Prompt, source: VersionSource, restored_from: int | None = None) -> PromptVersion:
    """The prompt as it is now, as its current version's item."""
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


def save_version(
    prompt: Prompt, data: PromptCreate, source: VersionSource, restored_from: int | None = None
) -> PromptOut:
    """Save `data` as the prompt's next version (refused if another edit landed first)."""
    check_content(data)
    previous = int(prompt.version)
    if previous >= MAX_VERSIONS:
        raise PromptLimitReached(f"At most {MAX_VERSIONS} versions per prompt: fork it to carry on")
    set_content(prompt, data)
    now = utcnow()
    prompt.version = previous + 1
    prompt.updated_at = now
    prompt.updated_key = f"{now.isoformat()}#{prompt.prompt_id}"
    if not repository.add_version(prompt, version_of(prompt, source, restored_from), previous=previous):
        raise EditConflict("The prompt changed meanwhile; reload it and try again")
    return own_out(prompt, repository.get_entry(prompt.prompt_id) if prompt.published else None)


def list_versions(user_id: str, prompt_id: str, *, cursor: str | None, limit: int) -> VersionPage:
    """The prompt's versions, newest first."""
    owned(user_id, prompt_id)
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
    owned(user_id, prompt_id)
    found = repository.get_version(user_id, prompt_id, version)
    if found is None:
        raise VersionNotFound(f"No version {version}")
    return found


def get_version(user_id: str, prompt_id: str, version: int) -> VersionOut:
    """One version of the prompt, whole."""
    found = _version(user_id, prompt_id, version)
    return VersionOut(
        version=int(found.version),
        created_at=found.created_at,
        source=found.source,  # type: ignore[arg-type]
        restored_from=int(found.restored_from) if found.restored_from is not None else None,
        **content(found).model_dump(),
    )


def restore_version(user_id: str, prompt_id: str, version: int) -> PromptOut:
    """Make an old version current again, as a new version (history is never rewritten)."""
    prompt = editable(user_id, prompt_id)
    old = _version(user_id, prompt_id, version)
    return save_version(prompt, content(old), "restore", restored_from=version)
