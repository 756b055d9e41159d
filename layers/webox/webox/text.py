"""Text helpers shared by features."""

from __future__ import annotations

import unicodedata


def fold(text: str) -> str:
    """Lower case without accents: how WeBox searches ("Été" finds "ete")."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))
