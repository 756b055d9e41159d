"""The moderations endpoint of the simulated OpenAI API (`POST /v1/moderations`): deterministic
category scores from word lists, in the response shape of `omni-moderation-latest`. Mounted by
`webox.testing.openai`."""

from __future__ import annotations

import re
import secrets
from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from webox.testing.openai import _error, _fault_error
from webox.testing.simulation import FAULT_HEADER, Behaviour, opening_fault

CATEGORIES = (
    "harassment",
    "harassment/threatening",
    "hate",
    "hate/threatening",
    "illicit",
    "illicit/violent",
    "self-harm",
    "self-harm/intent",
    "self-harm/instructions",
    "sexual",
    "sexual/minors",
    "violence",
    "violence/graphic",
)
# Words that raise a category (French and English); each hit halves the distance to 1.
LEXICON: dict[str, tuple[str, ...]] = {
    "harassment": (
        "idiot",
        "stupid",
        "imbécile",
        "crétin",
        "connard",
        "abruti",
        "loser",
        "moron",
        "shut up",
        "ta gueule",
        "nul à chier",
        "pathetic",
        "pathétique",
        "dégage",
        "get lost",
        "incompétent",
        "incompetent",
    ),
    "harassment/threatening": ("i will find you", "je vais te retrouver", "you will pay", "tu vas payer"),
    "hate": ("vermin", "vermine", "sous-homme", "subhuman", "go back to your country", "rentre chez toi"),
    "violence": ("kill", "tuer", "buter", "beat you", "te frapper", "massacre", "shoot"),
    "sexual": ("porn", "porno", "nude", "nudes", "xxx", "sexy girls", "filles sexy"),
    "illicit": (
        "buy drugs",
        "acheter de la drogue",
        "stolen cards",
        "cartes volées",
        "fake passport",
        "hack account",
    ),
    "self-harm": ("kill myself", "me suicider", "end my life"),
}
MODEL = "omni-moderation-2024-09-26"


def scores(text: str) -> dict[str, float]:
    """Each category's score for `text`."""
    lowered = text.lower()
    found: dict[str, float] = {}
    for category in CATEGORIES:
        hits = sum(len(re.findall(rf"\b{re.escape(word)}\b", lowered)) for word in LEXICON.get(category, ()))
        found[category] = round(1 - 0.5**hits, 6) if hits else 0.000012
    return found


def _result(text: str) -> dict[str, Any]:
    category_scores = scores(text)
    return {
        "flagged": any(score >= 0.5 for score in category_scores.values()),
        "categories": {name: score >= 0.5 for name, score in category_scores.items()},
        "category_scores": category_scores,
        "category_applied_input_types": {name: ["text"] for name in CATEGORIES},
    }


def moderation_routes(behaviour: Behaviour) -> list[Route]:
    """The `/v1/moderations` route, failing as the chat server's `behaviour` says."""

    async def moderations(request: Request) -> Response:
        if not request.headers.get("authorization", "").startswith("Bearer "):
            return _error(401, "You didn't provide an API key.", "invalid_request_error", "invalid_api_key")
        failure = await opening_fault(
            behaviour, behaviour.next_fault(request.headers.get(FAULT_HEADER)), _fault_error
        )
        if failure is not None:
            return failure
        body = await request.json()
        raw = body.get("input")
        if isinstance(raw, str):
            texts = [raw]
        elif isinstance(raw, list):
            texts = [item if isinstance(item, str) else str(item.get("text", "")) for item in raw]
        else:
            return _error(400, "'input' is a required property", "invalid_request_error", None)
        return JSONResponse(
            {"id": f"modr-{secrets.token_hex(12)}", "model": MODEL, "results": [_result(t) for t in texts]}
        )

    return [Route("/v1/moderations", moderations, methods=["POST"])]
