"""One adapter per official SDK. Each module imports its SDK only when it is used: a Lambda loads only the
SDK of the vendor it calls."""

from __future__ import annotations

import importlib
from collections.abc import AsyncGenerator
from typing import Protocol

from webox.providers.model_schemas import ModelInfo
from webox.providers.schemas import (
    Answer,
    ChatMessage,
    Credentials,
    GenerationParams,
    StreamEvent,
)

_CLASSES = {
    "openai": "OpenAIAdapter",
    "anthropic": "AnthropicAdapter",
    "mistral": "MistralAdapter",
    "gemini": "GeminiAdapter",
}


class Adapter(Protocol):
    """Streams one answer (text deltas in order, then exactly one `Completed`) or returns it whole
    from the vendor's non-streamed call; raises `ProviderError`s."""

    def __init__(self, credentials: Credentials, *, timeout_s: float) -> None: ...

    def stream(
        self, model: ModelInfo, messages: list[ChatMessage], params: GenerationParams
    ) -> AsyncGenerator[StreamEvent, None]: ...

    async def generate(
        self, model: ModelInfo, messages: list[ChatMessage], params: GenerationParams
    ) -> Answer: ...


def adapter_class(name: str) -> type[Adapter]:
    """The adapter class of an adapter name ("openai", "anthropic", "mistral", "gemini")."""
    module = importlib.import_module(f"{__name__}.{name}")
    cls: type[Adapter] = getattr(module, _CLASSES[name])
    return cls
