"""Which prompt a user may read or change: a foreign id answers 404, a built-in is read-only."""

from __future__ import annotations

from webox.prompts import repository
from webox.prompts.builtin import builtin_out, builtins
from webox.prompts.errors import BuiltinReadOnly, PromptNotFound
from webox.prompts.models import Prompt
from webox.prompts.schemas import PromptOut
from webox.prompts.views import language, market_out, own_out


def owned(user_id: str, prompt_id: str) -> Prompt:
    """The user's prompt, or 404 (built-ins and other users' prompts included)."""
    prompt = repository.get_prompt(user_id, prompt_id)
    if prompt is None:
        raise PromptNotFound("Prompt not found")
    return prompt


def editable(user_id: str, prompt_id: str) -> Prompt:
    """The user's prompt for an owner-only action: built-ins answer 403, anything else 404."""
    if prompt_id in builtins():
        raise BuiltinReadOnly("Built-in prompts cannot be changed; fork one instead")
    return owned(user_id, prompt_id)


def visible(user_id: str, prompt_id: str, lang: str | None, *, with_vote: bool = False) -> PromptOut:
    """A built-in, one of the user's own, or a prompt listed in the marketplace; else 404."""
    builtin = builtins().get(prompt_id)
    if builtin is not None:
        return builtin_out(builtin, language(lang))
    prompt = repository.get_prompt(user_id, prompt_id)
    if prompt is not None:
        return own_out(prompt, repository.get_entry(prompt_id) if prompt.published else None)
    entry = repository.get_entry(prompt_id)
    if entry is None or not entry.listed:
        raise PromptNotFound("Prompt not found")
    vote = repository.get_vote(prompt_id, user_id) if with_vote else None
    return market_out(entry, int(vote.stars) if vote else None)
