"""The blog's pages, rendered from its posts: the page shell (canonical URL, Open Graph and Twitter
cards, JSON-LD, hreflang alternates; no JavaScript needed to read) and each post's page. List pages
are `listing.py`'s, feeds `feeds.py`'s, the whole set of files `site.py`'s. Pure functions of the
data: the publisher decides what to write and invalidate."""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from html import escape

from webox.blog import markup
from webox.blog.models import Category, Comment, Post

CSS_PATH = "/blog/assets/blog.css"
JS_PATH = "/blog/assets/blog.js"
SITE_NAME = "WeBox"
WORDS = {
    "fr": {
        "blog": "Blog",
        "home": "Accueil",
        "by": "Par",
        "read": "min de lecture",
        "comments": "Commentaires",
        "no_comments": "Aucun commentaire pour l'instant.",
        "comment": "Commenter cet article",
        "reply": "Répondre",
        "category": "Catégorie",
        "tag": "Étiquette",
        "author": "Auteur",
        "newer": "Articles plus récents",
        "older": "Articles plus anciens",
        "page": "page",
        "translation": "Read in English",
        "category_of": "Catégorie : {name}",
        "tag_of": "Étiquette : {name}",
        "author_of": "Articles de {name}",
        "index_title": "Le blog de WeBox",
        "index_description": "Conseils, comparatifs et nouveautés de WeBox, l'espace de travail multi-IA.",
        "feeds": "Flux RSS et Atom",
        "tags": "Étiquettes",
    },
    "en": {
        "blog": "Blog",
        "home": "Home",
        "by": "By",
        "read": "min read",
        "comments": "Comments",
        "no_comments": "No comments yet.",
        "comment": "Comment on this post",
        "reply": "Reply",
        "category": "Category",
        "tag": "Tag",
        "author": "Author",
        "newer": "Newer posts",
        "older": "Older posts",
        "page": "page",
        "translation": "Lire en français",
        "category_of": "Category: {name}",
        "tag_of": "Tag: {name}",
        "author_of": "Posts by {name}",
        "index_title": "The WeBox blog",
        "index_description": "Tips, comparisons and news from WeBox, the multi-AI workspace.",
        "feeds": "RSS and Atom feeds",
        "tags": "Tags",
    },
}
CSS = """\
*{box-sizing:border-box}body{margin:0;font:18px/1.65 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;
color:#1d2330;background:#fbfbfd}header.site,footer.site{background:#fff;border-bottom:1px solid #e4e6ee}
footer.site{border-top:1px solid #e4e6ee;border-bottom:0;margin-top:3rem}
.wrap{max-width:46rem;margin:0 auto;padding:1rem 1.25rem}header.site a{font-weight:700;color:#1d2330}
a{color:#2446c7}a:hover{text-decoration:none}nav.crumbs{font-size:.9rem;color:#4a5160}
nav.crumbs ol{list-style:none;padding:0;display:flex;flex-wrap:wrap;gap:.5rem}
nav.crumbs li+li:before{content:"›";margin-right:.5rem}
h1{font-size:2.1rem;line-height:1.2;margin:.5rem 0}.meta{color:#4a5160;font-size:.95rem}
img{max-width:100%;height:auto;border-radius:8px}article pre{background:#f0f2f7;padding:.75rem;overflow:auto}
.cards{list-style:none;padding:0}.cards li{padding:1rem 0;border-bottom:1px solid #e4e6ee}
.cards h2{font-size:1.35rem;margin:0 0 .25rem}.tags a{display:inline-block;margin:.25rem .5rem .25rem 0;
padding:.35rem .75rem;border-radius:99px;background:#eef1fb}section.comments article{border-left:3px solid
#e4e6ee;padding-left:1rem;margin:1rem 0}section.comments article.reply{margin-left:2rem}
.pager{display:flex;justify-content:space-between;gap:1rem;padding:1rem 0}
.button{display:inline-block;padding:.6rem 1rem;border-radius:8px;background:#2446c7;color:#fff}
"""
# Counts a view without cookies or any identifier (the API keeps a number per post).
JS = """\
(function () {
  var id = document.documentElement.getAttribute('data-post');
  if (!id || !window.fetch) return;
  fetch('/api/blog/posts/' + id + '/views', {method: 'POST', credentials: 'omit', keepalive: true});
})();
"""


def slugify(text: str) -> str:
    """A URL segment for a tag or a title: ASCII, lower case, hyphens."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")[:120] or "post"


def post_path(slug: str) -> str:
    return f"/blog/{slug}/"


LANGUAGES = ("fr", "en")
DEFAULT_LANGUAGE = "fr"
# Path segments of the blog's own pages: no post may take them as its slug.
RESERVED_SLUGS = frozenset({*LANGUAGES, "page", "category", "tag", "author", "assets", "images"})


def localised(path: str, lang: str) -> str:
    """A list page's path in `lang`: French at `/blog/…`, another language at `/blog/<lang>/…`."""
    return path if lang == DEFAULT_LANGUAGE else path.replace("/blog/", f"/blog/{lang}/", 1)


def alternates_of(path: str, langs: Iterable[str]) -> dict[str, str]:
    """hreflang alternates of a page that exists in `langs` (`x-default`: the French one)."""
    found = {lang: localised(path, lang) for lang in langs}
    if len(found) < 2:
        return {}
    return found | ({"x-default": found[DEFAULT_LANGUAGE]} if DEFAULT_LANGUAGE in found else {})


@dataclass
class File:
    body: bytes
    content_type: str
    redirect: str | None = None


@dataclass
class Blog:
    """What the public files are made of."""

    base_url: str
    posts: list[Post]  # published ones, newest first
    categories: list[Category]
    comments: dict[str, list[Comment]] = field(default_factory=dict)  # approved, per post id
    per_page: int = 10
    # The posts' and comments' HTML by Markdown text, when rendered ahead (`markup_cache`); a text
    # missing is rendered on first use.
    rendered: dict[str, str] = field(default_factory=dict)
    _plain: dict[str, str] = field(default_factory=dict, init=False, repr=False)

    def texts(self) -> set[str]:
        """The Markdown the pages show: every post's body and every comment."""
        return {p.body for p in self.posts} | {c.body for cs in self.comments.values() for c in cs}

    def html(self, markdown: str) -> str:
        """A body's or a comment's safe HTML, its headings one level down (the page's title is its H1)."""
        if markdown not in self.rendered:
            self.rendered[markdown] = markup.to_html(markdown, shift_headings=True)
        return self.rendered[markdown]

    def plain_text(self, markdown: str) -> str:
        """A body's plain text (descriptions, word count, reading time), taken from its HTML."""
        if markdown not in self._plain:
            self._plain[markdown] = markup.text_of(self.html(markdown))
        return self._plain[markdown]

    def url(self, path: str) -> str:
        return self.base_url.rstrip("/") + path

    def by_id(self) -> dict[str, Post]:
        return {p.post_id: p for p in self.posts}

    def translations(self) -> dict[str, Post]:
        """Each published post's published translation, both ways."""
        ids = self.by_id()
        pairs: dict[str, Post] = {}
        for post in self.posts:
            other = ids.get(post.translation_of or "")
            if other is not None and other.language != post.language:
                pairs[post.post_id] = other
                pairs.setdefault(other.post_id, post)
        return pairs


def iso(when: datetime | None) -> str:
    return when.isoformat(timespec="seconds").replace("+00:00", "Z") if when else ""


def summary(blog: Blog, post: Post) -> str:
    text = post.meta_description or post.excerpt or blog.plain_text(post.body)
    return text[:300]


def _json_ld(data: object) -> str:
    # `</` cannot close the script element from inside the data.
    return json.dumps(data, ensure_ascii=False).replace("</", "<\\/")


def html_page(
    blog: Blog,
    *,
    lang: str,
    title: str,
    description: str,
    path: str,
    body: str,
    og_type: str = "website",
    image: tuple[str, str] | None = None,
    structured: Iterable[object] = (),
    alternates: dict[str, str] | None = None,
    post_id: str | None = None,
    head_extra: str = "",
) -> str:
    canonical = blog.url(path)
    words = WORDS[lang]
    head = [
        "<!doctype html>",
        f'<html lang="{lang}"' + (f' data-post="{escape(post_id)}"' if post_id else "") + ">",
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{escape(title)}</title>",
        f'<meta name="description" content="{escape(description)}">',
        f'<link rel="canonical" href="{escape(canonical)}">',
        f'<meta property="og:site_name" content="{SITE_NAME}">',
        f'<meta property="og:type" content="{og_type}">',
        f'<meta property="og:title" content="{escape(title)}">',
        f'<meta property="og:description" content="{escape(description)}">',
        f'<meta property="og:url" content="{escape(canonical)}">',
        f'<meta property="og:locale" content="{"fr_FR" if lang == "fr" else "en_GB"}">',
        f'<meta name="twitter:card" content="{"summary_large_image" if image else "summary"}">',
        f'<meta name="twitter:title" content="{escape(title)}">',
        f'<meta name="twitter:description" content="{escape(description)}">',
    ]
    if image:
        src = image[0] if image[0].startswith("https://") else blog.url(image[0])
        head += [
            f'<meta property="og:image" content="{escape(src)}">',
            f'<meta property="og:image:alt" content="{escape(image[1])}">',
            f'<meta name="twitter:image" content="{escape(src)}">',
        ]
    for hreflang, href in sorted((alternates or {}).items()):
        head.append(f'<link rel="alternate" hreflang="{hreflang}" href="{escape(blog.url(href))}">')
    head += [
        f'<link rel="alternate" type="application/rss+xml" title="RSS" href="{blog.url("/blog/rss.xml")}">',
        f'<link rel="alternate" type="application/atom+xml" title="Atom" href="{blog.url("/blog/atom.xml")}">',
        f'<link rel="stylesheet" href="{CSS_PATH}">',
        head_extra,
    ]
    head += [f'<script type="application/ld+json">{_json_ld(item)}</script>' for item in structured]
    head.append("</head>")
    lines = [
        *head,
        "<body>",
        f'<header class="site"><div class="wrap"><a href="{localised("/blog/", lang)}">{SITE_NAME} · '
        f"{words['blog']}</a></div></header>",
        f'<main class="wrap">{body}</main>',
        f'<footer class="site"><div class="wrap"><a href="/blog/rss.xml">{words["feeds"]}</a></div></footer>',
        "</body>",
        "</html>",
    ]
    return "\n".join(line for line in lines if line)


def breadcrumbs(blog: Blog, lang: str, trail: list[tuple[str, str]]) -> tuple[str, dict[str, object]]:
    items = [(WORDS[lang]["blog"], localised("/blog/", lang)), *trail]
    html_items = "".join(
        f'<li><a href="{escape(path)}">{escape(name)}</a></li>'
        if i < len(items) - 1
        else f"<li>{escape(name)}</li>"
        for i, (name, path) in enumerate(items)
    )
    data: dict[str, object] = {
        "@context": "https://schema.org",
        "@type": "BreadcrumbList",
        "itemListElement": [
            {"@type": "ListItem", "position": i + 1, "name": name, "item": blog.url(path)}
            for i, (name, path) in enumerate(items)
        ],
    }
    label = "Fil d'Ariane" if lang == "fr" else "Breadcrumb"
    return f'<nav class="crumbs" aria-label="{label}"><ol>{html_items}</ol></nav>', data


def _comments_html(blog: Blog, post: Post, comments: list[Comment], lang: str) -> str:
    words = WORDS[lang]
    top = [c for c in comments if not c.parent_id]
    replies: dict[str, list[Comment]] = {}
    for c in comments:
        if c.parent_id:
            replies.setdefault(c.parent_id, []).append(c)
    parts = [f'<section class="comments" id="comments"><h2>{words["comments"]} ({len(comments)})</h2>']
    if not comments:
        parts.append(f"<p>{words['no_comments']}</p>")
    for comment in top:
        for item, css in [
            (comment, "comment"),
            *((r, "comment reply") for r in replies.get(comment.comment_id, [])),
        ]:
            # Replies go one level deep: only a top-level comment offers to answer it.
            reply = (
                ""
                if item.parent_id
                else f'<p class="reply"><a href="/comments/{post.post_id}?reply={item.comment_id}" rel="nofollow">'
                f"{words['reply']}</a></p>"
            )
            parts.append(
                f'<article class="{css}" id="c-{item.comment_id}"><p class="meta"><strong>'
                f'{escape(item.author_name)}</strong> · <time datetime="{iso(item.created_at)}">'
                f"{item.created_at.date().isoformat()}</time></p>{blog.html(item.body)}"
                f"{reply}</article>"
            )
    parts.append(f'<p><a class="button" href="/comments/{post.post_id}">{words["comment"]}</a></p></section>')
    return "".join(parts)


def post_page(blog: Blog, post: Post, categories: dict[str, Category]) -> str:
    """A post's page."""
    lang = post.language
    words = WORDS[lang]
    path = post_path(post.slug)
    description = summary(blog, post)
    plain = blog.plain_text(post.body)
    trail: list[tuple[str, str]] = []
    category = categories.get(post.category or "")
    if category is not None:
        trail.append((category.name, localised(f"/blog/category/{category.slug}/", lang)))
    trail.append((post.title, path))
    crumbs, crumbs_data = breadcrumbs(blog, lang, trail)
    translation = blog.translations().get(post.post_id)
    alternates = {post.language: path}
    if translation is not None:
        alternates[translation.language] = post_path(translation.slug)
        alternates["x-default"] = alternates["fr"]
    published = post.published_at or post.updated_at
    posting: dict[str, object] = {
        "@context": "https://schema.org",
        "@type": "BlogPosting",
        "headline": post.title[:110],
        "description": description,
        "datePublished": iso(published),
        "dateModified": iso(max(post.updated_at, published)),
        "inLanguage": lang,
        "author": {
            "@type": "Person",
            "name": post.author_name,
            "url": blog.url(localised(f"/blog/author/{post.author_id}/", lang)),
        },
        "publisher": {"@type": "Organization", "name": SITE_NAME, "url": blog.url("/")},
        "mainEntityOfPage": {"@type": "WebPage", "@id": blog.url(path)},
        "url": blog.url(path),
        "wordCount": len(plain.split()),
        "keywords": ", ".join(post.tags),
    }
    cover = ""
    image = None
    if post.cover_url and post.cover_alt:
        image = (post.cover_url, post.cover_alt)
        src = post.cover_url if post.cover_url.startswith("https://") else blog.url(post.cover_url)
        posting["image"] = [src]
        cover = (
            f'<img src="{escape(post.cover_url)}" alt="{escape(post.cover_alt)}" '
            f'width="{int(post.cover_width or 0)}" height="{int(post.cover_height or 0)}">'
        )
    tags = "".join(
        f'<a href="{localised(f"/blog/tag/{slugify(t)}/", lang)}">{escape(t)}</a>' for t in post.tags
    )
    other = ""
    if translation is not None:
        other = (
            f'<p><a href="{post_path(translation.slug)}" hreflang="{translation.language}" '
            f'lang="{translation.language}">{words["translation"]}</a></p>'
        )
    body = (
        f"{crumbs}<article><h1>{escape(post.title)}</h1>"
        f'<p class="meta">{words["by"]} <a href="{localised(f"/blog/author/{post.author_id}/", lang)}" rel="author">'
        f'{escape(post.author_name)}</a> · <time datetime="{iso(published)}">{published.date().isoformat()}</time>'
        f" · {markup.minutes_to_read(plain)} {words['read']}</p>{other}{cover}"
        f"{blog.html(post.body)}"
        + (f'<p class="tags">{tags}</p>' if tags else "")
        + "</article>"
        + _comments_html(blog, post, blog.comments.get(post.post_id, []), lang)
    )
    return html_page(
        blog,
        lang=lang,
        title=f"{post.title} · {SITE_NAME}",
        description=description,
        path=path,
        body=body,
        og_type="article",
        image=image,
        structured=[posting, crumbs_data],
        alternates=alternates if translation is not None else None,
        post_id=post.post_id,
        head_extra=(
            f'<meta property="article:published_time" content="{iso(published)}">'
            f'<script src="{JS_PATH}" defer></script>'
        ),
    )


def redirect_page(blog: Blog, target: str) -> str:
    url = escape(blog.url(target))
    return (
        f'<!doctype html><html lang="fr"><head><meta charset="utf-8"><title>{url}</title>'
        f'<link rel="canonical" href="{url}"><meta http-equiv="refresh" content="0; url={url}">'
        f'<meta name="robots" content="noindex"></head><body><p><a href="{url}">{url}</a></p></body></html>'
    )
