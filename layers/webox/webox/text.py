"""Text helpers shared by features."""

from __future__ import annotations

import re
import unicodedata


def fold(text: str) -> str:
    """Lower case without accents: how WeBox searches ("Été" finds "ete")."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


# The length a request asks for. "brief"/"bref" are left out: they are nouns as often ("ce brief").
_WORD_COUNT = re.compile(r"\b(\d{1,4})\s*(mots|words)\b", re.I)
_SHORT = re.compile(r"\b(court|courte|brève|concis|concise|short|briefly)\b", re.I)
_LONG = re.compile(r"\b(détaillé|détaillée|approfondi|detailed|in depth|long)\b", re.I)
SHORT_WORDS, LONG_WORDS = 40, 250


def requested_words(*texts: str) -> int | None:
    """The length, in words, that a request (its prompt, its instructions) asks the answer to have: an
    explicit count ("environ 800 mots"), else a short or detailed cue; None when it says nothing."""
    asked = "\n".join(texts)
    if found := _WORD_COUNT.search(asked):
        return max(5, int(found.group(1)))
    if _SHORT.search(asked):
        return SHORT_WORDS
    return LONG_WORDS if _LONG.search(asked) else None
