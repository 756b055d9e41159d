"""The simulated OpenAI `/v1/embeddings`: deterministic vectors, so retrieval is reproducible offline.

The rule: a text's words are folded (lower case, accents dropped), French and English stop words are
dropped, each remaining word is cut to its first six letters (a crude stem: "facturation" and
"facture" meet), and each stem adds `1 + log(count)` to one coordinate chosen by a hash, with a sign
from the same hash (feature hashing). The vector is then L2-normalised. Two texts sharing content
words are close; the same text always gives the same vector. Used with the official `openai` SDK
(`client.embeddings.create`), float or base64 encoding, `dimensions` honoured.
"""

from __future__ import annotations

import base64
import hashlib
import math
import re
import struct
import unicodedata
from collections import Counter
from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from webox.testing.simulation import count_tokens

DEFAULT_DIMENSIONS = 1536
MAX_INPUTS = 2048
STEM = 6

_STOP_TEXT = """a au aux avec ce ces cet cette dans de des du elle en est et il ils je la le les leur leurs
    lui ma mais me mes moi mon ne nos notre nous on ou par pas pour qu que quel quelle quelles quels
    qui sa se ses son sont sur ta te tes toi ton tu un une vos votre vous y a été être avoir ont fait
    faut peut doit doivent combien comment quand pourquoi quoi quelle lorsque selon entre chez après
    avant plus moins très tout tous toute toutes sans sous afin alors aussi donc ainsi
    the an and or of to in on for with is are was were be by at as it its this that what which who
    how when why do does did can from into than then there their they we you your our not no"""


def fold(text: str) -> str:
    """Lower case without accents."""
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


STOP_WORDS = frozenset(fold(word) for word in _STOP_TEXT.split())


def stems(text: str) -> list[str]:
    """The content words of `text`, cut to their stems."""
    words = re.findall(r"[a-z0-9]+", fold(text))
    return [word[:STEM] for word in words if word not in STOP_WORDS and (len(word) > 1 or word.isdigit())]


def embed(text: str, dimensions: int = DEFAULT_DIMENSIONS) -> list[float]:
    """The deterministic embedding of `text` (unit length; all zeros for a text of stop words only)."""
    vector = [0.0] * dimensions
    for stem, count in Counter(stems(text)).items():
        digest = hashlib.blake2b(stem.encode(), digest_size=8).digest()
        slot = int.from_bytes(digest[:4], "big") % dimensions
        sign = 1.0 if digest[4] & 1 else -1.0
        vector[slot] += sign * (1.0 + math.log(count))
    norm = math.sqrt(sum(v * v for v in vector))
    return [v / norm for v in vector] if norm else vector


def _error(status: int, message: str) -> Response:
    body = {"error": {"message": message, "type": "invalid_request_error", "param": None, "code": None}}
    return JSONResponse(body, status_code=status)


async def embeddings(request: Request) -> Response:
    """`POST /v1/embeddings` as OpenAI answers it."""
    if not request.headers.get("authorization", "").startswith("Bearer "):
        return _error(401, "You didn't provide an API key.")
    try:
        body: dict[str, Any] = await request.json()
        model, inputs = str(body["model"]), body["input"]
    except (ValueError, KeyError, TypeError):
        return _error(400, "Invalid body: model and input are required.")
    texts = [inputs] if isinstance(inputs, str) else inputs
    if not isinstance(texts, list) or not texts or len(texts) > MAX_INPUTS:
        return _error(400, f"input must be a string or a list of 1 to {MAX_INPUTS} strings.")
    if not all(isinstance(t, str) and t for t in texts):
        return _error(400, "Each input must be a non-empty string.")
    dimensions = body.get("dimensions") or DEFAULT_DIMENSIONS
    if not isinstance(dimensions, int) or not 1 <= dimensions <= 3072:
        return _error(400, "dimensions must be an integer from 1 to 3072.")
    as_base64 = body.get("encoding_format") == "base64"
    data = []
    for index, text in enumerate(texts):
        vector = embed(text, dimensions)
        encoded: Any = (
            base64.b64encode(struct.pack(f"<{dimensions}f", *vector)).decode() if as_base64 else vector
        )
        data.append({"object": "embedding", "index": index, "embedding": encoded})
    tokens = sum(count_tokens(t) for t in texts)
    return JSONResponse(
        {
            "object": "list",
            "data": data,
            "model": model,
            "usage": {"prompt_tokens": tokens, "total_tokens": tokens},
        }
    )


def embedding_routes() -> list[Route]:
    """The routes this module adds to the simulated OpenAI server."""
    return [Route("/v1/embeddings", embeddings, methods=["POST"])]
