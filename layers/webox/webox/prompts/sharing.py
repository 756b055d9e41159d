"""Share links: a read-only link to one's prompt that anyone can open, fill in or fork, until revoked."""

from __future__ import annotations

import hashlib
import secrets

from webox.config import get_settings
from webox.prompts import repository
from webox.prompts.access import editable
from webox.prompts.errors import ShareNotFound
from webox.prompts.library import create_prompt
from webox.prompts.models import Prompt
from webox.prompts.rendering import Value, render_text
from webox.prompts.schemas import PromptOut, RenderOut, SharedPromptOut, ShareOut
from webox.prompts.views import content, variables

SHARE_PATH = "/p/"  # the SPA's page for a shared prompt: <public_url>/p/<token>


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def share(user_id: str, prompt_id: str) -> ShareOut:
    """A new read-only link to the prompt's current version; it replaces any earlier link."""
    prompt = editable(user_id, prompt_id)
    token = secrets.token_urlsafe(24)  # 192 bits
    repository.replace_share(prompt, _token_hash(token))
    return ShareOut(url=f"{get_settings().public_url.rstrip('/')}{SHARE_PATH}{token}", token=token)


def unshare(user_id: str, prompt_id: str) -> None:
    """Revoke the prompt's link: it stops working at once."""
    repository.remove_share(editable(user_id, prompt_id))


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
        **content(prompt).model_dump(), version=int(prompt.version), updated_at=prompt.updated_at
    )


def render_shared(token: str, values: dict[str, Value]) -> RenderOut:
    """The shared prompt filled with `values`."""
    prompt = _shared_prompt(token)
    return RenderOut(text=render_text(prompt.body, variables(prompt.variables), values))


def fork_shared(user_id: str, token: str) -> PromptOut:
    """Copy a shared prompt into the user's own library."""
    prompt = _shared_prompt(token)
    return create_prompt(user_id, content(prompt), forked_from=prompt.prompt_id, source="fork")
