"""Writing help: the same request to up to four models at once (the providers' own fan-out of
non-streamed calls); one model failing never fails the others."""

from __future__ import annotations

import asyncio

from webox.auth.models import User
from webox.blog.schemas import BlogAssistIn, BlogAssistOut, BlogSuggestion
from webox.errors import WeboxError
from webox.logging import get_logger
from webox.providers import registry
from webox.providers import service as providers
from webox.providers.schemas import ChatMessage, GenerationParams

INSTRUCTIONS = {
    "rewrite": "Rewrite this paragraph of a blog post so it reads clearly and concisely. Keep its meaning "
    "and its Markdown. Answer with the paragraph only.",
    "continue": "Write the next paragraph of this blog post, in the same voice, in Markdown. Answer with "
    "the paragraph only.",
    "brief": "Write a blog post section in Markdown from this brief. Answer with the section only.",
    "title": "Propose one title (under 60 characters) for this blog post. Answer with the title only.",
    "excerpt": "Write a two-sentence excerpt of this blog post. Answer with the excerpt only.",
    "meta_description": "Write a meta description (120 to 155 characters) for this blog post. Answer with "
    "the description only.",
}
LANGUAGES = {"fr": "French", "en": "English"}


def _messages(body: BlogAssistIn) -> list[ChatMessage]:
    material = body.brief if body.task == "brief" else body.text
    if body.brief and body.task != "brief":
        material = f"{material}\n\nEditor's note: {body.brief}"
    return [
        ChatMessage(
            role="user",
            content=f"{INSTRUCTIONS[body.task]} Write in {LANGUAGES[body.language]}.\n\n{material}",
        )
    ]


async def _one(model: str, messages: list[ChatMessage], user_id: str) -> BlogSuggestion:
    try:
        answer = await providers.complete(
            model, messages, GenerationParams(max_tokens=800), user_id=user_id, timeout_s=25, max_retries=1
        )
    except WeboxError as error:
        return BlogSuggestion(model=model, text=None, error=error.code)
    except Exception:
        get_logger().exception("blog writing help failed", extra={"model": model})
        return BlogSuggestion(model=model, text=None, error="upstream_error")
    return BlogSuggestion(model=model, text=answer.text.strip())


async def suggest(editor: User, body: BlogAssistIn) -> BlogAssistOut:
    """One suggestion per model, in the order asked."""
    models = list(dict.fromkeys(body.models))
    for model in models:
        registry.get_model(model)  # an unknown model is the caller's mistake: 422 before any call
    messages = _messages(body)
    results = await asyncio.gather(*(_one(m, messages, editor.id) for m in models))
    return BlogAssistOut(suggestions=list(results))
