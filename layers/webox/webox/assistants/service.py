"""Assistants: a system prompt, preferred models and generation defaults, applied to chat turns.

The six built-ins are data (`builtin.json`, localised fr/en, read-only); users create, edit,
duplicate and delete their own, kept in their own partition. `for_turn` is what the chat asks when
a turn names an assistant.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from functools import cache
from importlib import resources

from pydantic import BaseModel

from webox.assistants import repository
from webox.assistants.errors import AssistantLimitReached, AssistantNotFound, BuiltinReadOnly
from webox.assistants.models import Assistant
from webox.assistants.schemas import (
    AssistantCreate,
    AssistantDuplicate,
    AssistantList,
    AssistantOut,
    AssistantParams,
    AssistantUpdate,
    BuiltinAssistant,
    Lang,
)
from webox.db import utcnow

MAX_OWN = 100
COPY_SUFFIX = {"fr": " (copie)", "en": " (copy)"}


class _BuiltinFile(BaseModel):
    assistants: list[BuiltinAssistant]


@cache
def builtins() -> dict[str, BuiltinAssistant]:
    """The built-in assistants by id, loaded and checked once (every model must be in the registry)."""
    text = resources.files("webox.assistants").joinpath("builtin.json").read_text(encoding="utf-8")
    loaded = _BuiltinFile.model_validate_json(text).assistants
    by_id = {assistant.id: assistant for assistant in loaded}
    if len(by_id) != len(loaded):
        raise ValueError("duplicate built-in assistant id")
    for assistant in loaded:
        _check_models(assistant.models)
    return by_id


def _check_models(models: list[str]) -> None:
    # Imported here: only saving an assistant checks its models.
    from webox.providers import registry

    for model in models:
        registry.get_model(model)  # UnknownModel (422 `unknown_model`) otherwise


def _language(lang: str) -> Lang:
    return "en" if lang == "en" else "fr"


def _builtin_out(assistant: BuiltinAssistant, lang: Lang) -> AssistantOut:
    return AssistantOut(
        id=assistant.id,
        builtin=True,
        name=assistant.name.get(lang),
        description=assistant.description.get(lang),
        icon=assistant.icon,
        system_prompt=assistant.system_prompt.get(lang),
        models=list(assistant.models),
        params=assistant.params,
    )


def _own_out(assistant: Assistant) -> AssistantOut:
    return AssistantOut(
        id=assistant.assistant_id,
        builtin=False,
        name=assistant.name,
        description=assistant.description or "",
        icon=assistant.icon,
        system_prompt=assistant.system_prompt,
        models=list(assistant.models),
        params=AssistantParams(**(assistant.params or {})),
        created_at=assistant.created_at,
        updated_at=assistant.updated_at,
        duplicated_from=assistant.duplicated_from,
    )


def _owned(user_id: str, assistant_id: str) -> Assistant:
    assistant = repository.get(user_id, assistant_id)
    if assistant is None:
        raise AssistantNotFound("Assistant not found")
    return assistant


def _visible(user_id: str, assistant_id: str, lang: Lang) -> AssistantOut:
    builtin = builtins().get(assistant_id)
    if builtin is not None:
        return _builtin_out(builtin, lang)
    return _own_out(_owned(user_id, assistant_id))


def list_assistants(user_id: str, *, lang: str, cursor: str | None, limit: int) -> AssistantList:
    """Every built-in (localised) and a page of the user's own, most recently edited first."""
    language = _language(lang)
    own, next_cursor = repository.list_page(user_id, cursor=cursor, limit=limit)
    return AssistantList(
        builtin=[_builtin_out(b, language) for b in builtins().values()],
        own=[_own_out(a) for a in own],
        next_cursor=next_cursor,
    )


def get_assistant(user_id: str, assistant_id: str, *, lang: str) -> AssistantOut:
    """A built-in or one of the user's own; anything else is 404."""
    return _visible(user_id, assistant_id, _language(lang))


def _store_new(user_id: str, data: AssistantCreate, duplicated_from: str | None = None) -> AssistantOut:
    if repository.count(user_id, MAX_OWN) >= MAX_OWN:
        raise AssistantLimitReached(f"At most {MAX_OWN} assistants per account")
    _check_models(data.models)
    now = utcnow()
    assistant_id = uuid.uuid4().hex
    assistant = Assistant(
        user_id,
        assistant_id,
        name=data.name,
        description=data.description,
        icon=data.icon,
        system_prompt=data.system_prompt,
        models=list(data.models),
        params=data.params.model_dump(exclude_none=True),
        created_at=now,
        updated_at=now,
        updated_key=f"{now.isoformat()}#{assistant_id}",
        duplicated_from=duplicated_from,
    )
    repository.create(assistant)
    return _own_out(assistant)


def create_assistant(user_id: str, data: AssistantCreate) -> AssistantOut:
    """A new assistant of the user's own."""
    return _store_new(user_id, data)


def update_assistant(user_id: str, assistant_id: str, data: AssistantUpdate) -> AssistantOut:
    """Change some fields of one of the user's assistants (built-ins are read-only)."""
    if assistant_id in builtins():
        raise BuiltinReadOnly("Built-in assistants cannot be changed; duplicate one instead")
    assistant = _owned(user_id, assistant_id)
    changes = data.model_dump(exclude_unset=True, exclude_none=True)
    if "models" in changes:
        _check_models(changes["models"])
    for field in ("name", "description", "icon", "system_prompt", "models"):
        if field in changes:
            setattr(assistant, field, changes[field])
    if data.params is not None:
        assistant.params = data.params.model_dump(exclude_none=True)
    now = utcnow()
    assistant.updated_at = now
    assistant.updated_key = f"{now.isoformat()}#{assistant_id}"
    if not repository.replace(assistant):
        raise AssistantNotFound("Assistant not found")
    return _own_out(assistant)


def delete_assistant(user_id: str, assistant_id: str) -> None:
    """Delete one of the user's assistants (built-ins are read-only)."""
    if assistant_id in builtins():
        raise BuiltinReadOnly("Built-in assistants cannot be deleted")
    _owned(user_id, assistant_id)
    repository.delete(user_id, assistant_id)


def duplicate_assistant(
    user_id: str, assistant_id: str, data: AssistantDuplicate, *, lang: str
) -> AssistantOut:
    """Copy a built-in (in `lang`) or one of the user's own into a new assistant of their own."""
    language = _language(lang)
    source = _visible(user_id, assistant_id, language)
    name = data.name or (source.name + COPY_SUFFIX[language])[:80]
    copy = AssistantCreate(
        name=name,
        description=source.description,
        icon=source.icon,  # type: ignore[arg-type]  # every stored icon was validated against `Icon`
        system_prompt=source.system_prompt,
        models=source.models,
        params=source.params,
    )
    return _store_new(user_id, copy, duplicated_from=assistant_id)


@dataclass(frozen=True)
class AssistantForTurn:
    """What a chat turn takes from an assistant."""

    system_prompt: str
    models: list[str]
    params: AssistantParams
    name: str = ""


def for_turn(user_id: str, assistant_id: str, language: str) -> AssistantForTurn:
    """The assistant a chat turn names, as the user sees it (404 `assistant_not_found` otherwise)."""
    assistant = _visible(user_id, assistant_id, _language(language))
    return AssistantForTurn(
        system_prompt=assistant.system_prompt,
        models=assistant.models,
        params=assistant.params,
        name=assistant.name,
    )
