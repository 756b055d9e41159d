"""The SPA and the API share one origin (locally and behind CloudFront): no page may sit on an API path."""

from __future__ import annotations

import re
from pathlib import Path

from webox import manifest

FRONTEND = Path(__file__).resolve().parents[2] / "frontend" / "src"


def page_paths() -> set[str]:
    navigation = (FRONTEND / "navigation.ts").read_text()
    paths = set()
    for entry in re.findall(r"\{ id: \"([a-z]+)\"[^}]*\}", navigation):
        block = re.search(r"\{ id: \"" + entry + r"\"([^}]*)\}", navigation)
        explicit = re.search(r'path: "([^"]+)"', block.group(1)) if block else None
        paths.add(explicit.group(1) if explicit else f"/{entry}")
    app = (FRONTEND / "App.tsx").read_text()
    paths |= {"/" + p.split("/:")[0] for p in re.findall(r'<Route path="([a-z][^"*]*)"', app)}
    return paths


def test_no_page_path_is_an_api_prefix() -> None:
    prefixes = {prefix for function in manifest.FUNCTIONS for prefix in function.http_prefixes}
    pages = page_paths()
    assert len(pages) >= 15 and "/chat" in pages and "/library/prompts" in pages
    # CloudFront sends `/<prefix>*` to the API: no page may even start with a prefix (`/prompts-x`).
    clashes = {p for p in pages for prefix in prefixes if p.startswith(prefix)}
    assert clashes == set()


def test_no_spa_file_sits_on_an_api_path() -> None:
    prefixes = {prefix for function in manifest.FUNCTIONS for prefix in function.http_prefixes}
    public = FRONTEND.parent / "public"
    files = {"/" + p.relative_to(public).as_posix() for p in public.rglob("*") if p.is_file()}
    assert "/favicon.svg" in files
    assert {
        f for f in files | {"/index.html", "/assets/"} for prefix in prefixes if f.startswith(prefix)
    } == set()
