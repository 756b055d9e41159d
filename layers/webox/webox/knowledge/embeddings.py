"""Embeddings through the official `openai` SDK (OpenAI-compatible `/v1/embeddings`): the user's key,
else the platform's, else locally the simulator, whose vectors are deterministic."""

from __future__ import annotations

from webox.knowledge.repository import DIMENSIONS
from webox.providers import service as providers_service

MODEL = "text-embedding-3-small"
PRICE_PER_MILLION_USD = 0.02
BATCH = 256


def embed(texts: list[str], user_id: str | None) -> tuple[list[list[float]], int]:
    """One vector per text, and the tokens the calls used."""
    from openai import OpenAI

    credentials = providers_service.resolve_credentials("openai", user_id)
    client = OpenAI(
        api_key=credentials.api_key.get_secret_value(),
        base_url=credentials.base_url,
        timeout=60,
        max_retries=2,
    )
    vectors: list[list[float]] = []
    tokens = 0
    for start in range(0, len(texts), BATCH):
        response = client.embeddings.create(
            model=MODEL, input=texts[start : start + BATCH], dimensions=DIMENSIONS, encoding_format="float"
        )
        vectors.extend(item.embedding for item in sorted(response.data, key=lambda d: d.index))
        tokens += response.usage.total_tokens
    return vectors, tokens


def cost_micro_usd(tokens: int) -> int:
    """What `tokens` of embeddings cost, in micro-USD (rounded up)."""
    return -(-tokens * int(PRICE_PER_MILLION_USD * 1_000_000) // 1_000_000)
