"""Markdown to safe HTML: markdown-it with raw HTML escaped, then an allow-list of tags, attributes
and URL schemes over its output (a second fence should the renderer ever let something through)."""

from __future__ import annotations

import html
import math
import re
from functools import cache
from html.parser import HTMLParser
from typing import Any

ALLOWED_TAGS = frozenset(
    [
        "a",
        "p",
        "br",
        "hr",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "strong",
        "em",
        "del",
        "s",
        "code",
        "pre",
        "blockquote",
        "ul",
        "ol",
        "li",
        "img",
        "table",
        "thead",
        "tbody",
        "tr",
        "th",
        "td",
    ]
)
ALLOWED_ATTRS: dict[str, frozenset[str]] = {
    "a": frozenset({"href", "title", "rel"}),
    "img": frozenset({"src", "alt", "title", "width", "height", "loading"}),
    "ol": frozenset({"start"}),
    "th": frozenset({"style"}),
    "td": frozenset({"style"}),
    "code": frozenset({"class"}),
}
_URL_ATTRS = frozenset({"href", "src"})
_SAFE_SCHEMES = ("http://", "https://", "mailto:", "/", "#")
_STYLE = re.compile(r"^text-align:(left|right|center)$")
_LANGUAGE = re.compile(r"^language-[\w+-]{1,30}$")
_VOID = frozenset({"br", "hr", "img"})
WORDS_PER_MINUTE = 220


@cache
def _markdown() -> Any:
    from markdown_it import MarkdownIt

    return MarkdownIt("commonmark", {"html": False, "linkify": False}).enable(["table", "strikethrough"])


def safe_url(url: str) -> bool:
    """A link or image address readers may follow: web, mail, same-site or an anchor."""
    compact = re.sub(r"[\x00-\x20]", "", html.unescape(url)).lower()
    return compact.startswith(_SAFE_SCHEMES) and not compact.startswith("//")


class _Sanitizer(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.out: list[str] = []
        self.stack: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in ALLOWED_TAGS:
            return
        kept: list[str] = []
        for name, value in attrs:
            if name not in ALLOWED_ATTRS.get(tag, frozenset()) or value is None:
                continue
            if name in _URL_ATTRS and not safe_url(value):
                continue
            if name == "style" and not _STYLE.match(value.replace(" ", "")):
                continue
            if name == "class" and not _LANGUAGE.match(value):
                continue
            kept.append(f' {name}="{html.escape(value, quote=True)}"')
        if tag == "a":
            kept = [k for k in kept if not k.startswith(" rel=")] + [' rel="nofollow noopener"']
        if tag == "img" and not any(k.startswith(" loading=") for k in kept):
            kept.append(' loading="lazy"')
        self.out.append(f"<{tag}{''.join(kept)}>")
        if tag not in _VOID:
            self.stack.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag in self.stack:
            while self.stack:
                open_tag = self.stack.pop()
                self.out.append(f"</{open_tag}>")
                if open_tag == tag:
                    break

    def handle_data(self, data: str) -> None:
        self.out.append(html.escape(data, quote=False))

    def close(self) -> None:
        super().close()
        while self.stack:
            self.out.append(f"</{self.stack.pop()}>")


def sanitize(fragment: str) -> str:
    """`fragment` with only allow-listed tags, attributes and URL schemes left."""
    parser = _Sanitizer()
    parser.feed(fragment)
    parser.close()
    return "".join(parser.out)


def to_html(markdown: str, *, shift_headings: bool = False) -> str:
    """Safe HTML of Markdown. `shift_headings`: a post's page has its title as its only H1, so the
    body's headings move one level down."""
    rendered = str(_markdown().render(markdown))
    if shift_headings:
        rendered = re.sub(r"<(/?)h([1-5])>", lambda m: f"<{m[1]}h{int(m[2]) + 1}>", rendered)
    return sanitize(rendered)


def plain_text(markdown: str) -> str:
    """The words of a Markdown text, without markup (for descriptions and reading time)."""
    return text_of(to_html(markdown))


def text_of(fragment: str) -> str:
    """The words of `to_html`'s output: the renderer takes them from HTML it already has."""
    text = re.sub(r"<[^>]*>", " ", fragment)
    return re.sub(r"\s+", " ", html.unescape(text)).strip()


def reading_minutes(markdown: str) -> int:
    """Minutes to read, at least one."""
    return minutes_to_read(plain_text(markdown))


def minutes_to_read(text: str) -> int:
    """Minutes to read a plain text, at least one."""
    return max(1, math.ceil(len(text.split()) / WORDS_PER_MINUTE))


def headings(markdown: str) -> list[tuple[int, str]]:
    """The (level, text) of each heading, in order."""
    tokens = _markdown().parse(markdown)
    found: list[tuple[int, str]] = []
    for index, token in enumerate(tokens):
        if token.type == "heading_open":
            found.append((int(token.tag[1]), tokens[index + 1].content))
    return found


def images(markdown: str) -> list[tuple[str, str]]:
    """The (src, alt) of each image."""
    found: list[tuple[str, str]] = []
    for token in _markdown().parse(markdown):
        for child in token.children or []:
            if child.type == "image":
                found.append((str(child.attrGet("src") or ""), child.content))
    return found


def links(markdown: str) -> list[str]:
    """Every link's address."""
    found: list[str] = []
    for token in _markdown().parse(markdown):
        for child in token.children or []:
            if child.type == "link_open":
                found.append(str(child.attrGet("href") or ""))
    return found
