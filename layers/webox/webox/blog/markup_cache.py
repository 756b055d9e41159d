"""Markdown rendered once. A post's body or a comment goes through markdown-it and the sanitizer the
first time a sync meets it; its HTML is kept in `blog_rendered` under a hash of the text and of the
code that renders it, and every later sync, on whichever instance, reads it back instead. Only that
step is skipped: every page is still assembled from the current posts, comments, categories and
settings, so a change to any of them, or to the templates, reaches every page it affects."""

from __future__ import annotations

import hashlib
import sys
from collections.abc import Iterable
from datetime import UTC, datetime, timedelta
from functools import cache
from importlib.metadata import version
from pathlib import Path

from webox.blog import markup, repository

# Entries expire: an old revision's goes, a text still published is rendered once more.
KEEP = timedelta(days=90)
# DynamoDB items stop at 400 KB: HTML larger than this (a pathological 100 000-character body) is
# rendered at every sync instead.
MAX_STORED_BYTES = 350_000


@cache
def _code() -> str:
    """What a text's HTML depends on besides the text: `markup.py`, markdown-it and Python (whose
    `html.parser` the sanitizer runs on). A deployment changing any of them renders every text again."""
    source = Path(markup.__file__).read_bytes()
    runtime = f"{version('markdown-it-py')} {sys.version}".encode()
    return hashlib.sha256(source + runtime).hexdigest()


def digest(markdown: str) -> str:
    """A text's key: the same text rendered by the same code gives the same HTML."""
    return hashlib.sha256(f"{_code()}\n{markdown}".encode()).hexdigest()


def render(texts: Iterable[str]) -> dict[str, str]:
    """`markup.to_html` of each text, headings one level down (a post's page has its title as its
    H1), by text: HTML stored by an earlier sync is read, the rest rendered and stored."""
    digests = {text: digest(text) for text in texts}
    html = repository.rendered_texts(sorted(set(digests.values())))
    fresh = {
        key: markup.to_html(text, shift_headings=True) for text, key in digests.items() if key not in html
    }
    storable = {key: value for key, value in fresh.items() if len(value.encode()) <= MAX_STORED_BYTES}
    if storable:
        repository.save_rendered_texts(storable, datetime.now(UTC) + KEEP)
    html |= fresh
    return {text: html[key] for text, key in digests.items()}
