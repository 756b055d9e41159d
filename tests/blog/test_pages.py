"""The pre-rendered public files as a signed-out reader and a crawler get them: canonical URL,
structured data, hreflang, sitemap, feeds, redirects of former slugs, XSS neutralised, and
CloudFront invalidations of exactly the changed paths."""

from __future__ import annotations

import json
import re
import time
from collections.abc import Callable
from email.utils import parsedate_to_datetime
from html.parser import HTMLParser
from typing import Any

import httpx
import pytest
from defusedxml import ElementTree
from webox import storage
from webox.aws import client
from webox.blog.config import get_blog_settings
from webox.config import get_settings

from tests.accounts import Account
from tests.blog.conftest import POST, publish, wait_page, write

NS = {
    "s": "http://www.sitemaps.org/schemas/sitemap/0.9",
    "x": "http://www.w3.org/1999/xhtml",
    "a": "http://www.w3.org/2005/Atom",
}


class Page(HTMLParser):
    """Every tag with its attributes, and the JSON-LD blocks."""

    def __init__(self, text: str) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str]]] = []
        self.json_ld: list[dict[str, Any]] = []
        self._in_ld = False
        self.feed(text)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = {k: v or "" for k, v in attrs}
        self.tags.append((tag, attributes))
        self._in_ld = tag == "script" and attributes.get("type") == "application/ld+json"

    def handle_endtag(self, tag: str) -> None:
        self._in_ld = False

    def handle_data(self, data: str) -> None:
        if self._in_ld:
            self.json_ld.append(json.loads(data))

    def find(self, tag: str, **attrs: str) -> list[dict[str, str]]:
        return [a for t, a in self.tags if t == tag and all(a.get(k) == v for k, v in attrs.items())]


# The index, category, tag and author pages, in French and in English.
LIST_PAGE = re.compile(r"^https?://[^/]+/blog/(en/)?((page|category|tag|author)/.*)?$")


def url(path: str) -> str:
    return get_settings().public_url.rstrip("/") + path


def published_pair(editor: Account) -> tuple[dict[str, Any], dict[str, Any]]:
    french = write(editor)
    english = write(
        editor,
        title="Comparing four models on one brief",
        slug="comparing-four-models",
        language="en",
        translation_of=french["id"],
        body="## Why compare\n\nEach model has its strengths.",
    )
    publish(editor, french["id"])
    publish(editor, english["id"])
    return french, english


def test_a_post_page_carries_what_crawlers_need(
    create_editor: Callable[..., Account], new_client: Callable[[], httpx.Client]
) -> None:
    editor = create_editor()
    french, english = published_pair(editor)
    reader = new_client()
    page = Page(wait_page(reader, french["url"], lambda r: "hreflang" in r.text).text)
    canonical = page.find("link", rel="canonical")
    assert [c["href"] for c in canonical] == [url("/blog/comparer-quatre-modeles-sur-un-meme-brief/")]
    assert page.find("html")[0]["lang"] == "fr"
    assert len(page.find("h1")) == 1
    alternates = {a["hreflang"]: a["href"] for a in page.find("link", rel="alternate") if "hreflang" in a}
    assert alternates == {
        "fr": url(french["url"]),
        "en": url(english["url"]),
        "x-default": url(french["url"]),
    }
    for prop in ("og:title", "og:description", "og:url", "og:image", "og:type"):
        assert page.find("meta", property=prop), prop
    assert page.find("meta", name="twitter:card")[0]["content"] == "summary_large_image"
    assert page.find("meta", name="description")[0]["content"] == POST["meta_description"]
    cover = page.find("img", alt=POST["cover_alt"])[0]
    assert (cover["width"], cover["height"]) == ("1200", "630")
    posting = next(d for d in page.json_ld if d["@type"] == "BlogPosting")
    for required in (
        "headline",
        "datePublished",
        "dateModified",
        "author",
        "image",
        "mainEntityOfPage",
        "publisher",
    ):
        assert posting[required], required
    assert posting["headline"] == POST["title"]
    assert posting["mainEntityOfPage"]["@id"] == canonical[0]["href"]
    crumbs = next(d for d in page.json_ld if d["@type"] == "BreadcrumbList")
    assert [i["position"] for i in crumbs["itemListElement"]] == [1, 2]
    assert crumbs["itemListElement"][-1]["item"] == canonical[0]["href"]
    # Readable without JavaScript: the only script is the deferred view counter.
    assert [s.get("src") for s in page.find("script") if s.get("type") != "application/ld+json"] == [
        "/blog/assets/blog.js"
    ]
    for path in ("/blog/", "/blog/tag/comparaison/", f"/blog/author/{editor.id}/", "/blog/assets/blog.css"):
        wait_page(reader, path, lambda r: r.status_code == 200)  # written after the posts


def test_list_pages_exist_in_each_language_with_their_twins(
    create_editor: Callable[..., Account], new_client: Callable[[], httpx.Client]
) -> None:
    editor = create_editor()
    french, english = published_pair(editor)
    alone = write(editor, title="Un article seulement en français", slug="seulement-en-francais")
    publish(editor, alone["id"])
    reader = new_client()

    index = Page(wait_page(reader, "/blog/", lambda r: alone["url"] in r.text).text)
    english_index = Page(wait_page(reader, "/blog/en/", lambda r: alone["url"] in r.text).text)
    for page, lang, path, shown, hidden in (
        (index, "fr", "/blog/", french, english),
        (english_index, "en", "/blog/en/", english, french),
    ):
        assert page.find("html")[0]["lang"] == lang
        assert [c["href"] for c in page.find("link", rel="canonical")] == [url(path)]
        alternates = {a["hreflang"]: a["href"] for a in page.find("link", rel="alternate") if "hreflang" in a}
        assert alternates == {"fr": url("/blog/"), "en": url("/blog/en/"), "x-default": url("/blog/")}
        cards = {a["href"] for a in page.find("a")}
        # A translated post shows in the page's language; an untranslated one shows everywhere.
        assert shown["url"] in cards and alone["url"] in cards and hidden["url"] not in cards, lang
    crumbs = next(d for d in english_index.json_ld if d["@type"] == "BreadcrumbList")
    assert crumbs["itemListElement"][0]["item"] == url("/blog/en/")
    for path in ("/blog/en/tag/comparaison/", f"/blog/en/author/{editor.id}/"):
        page = Page(wait_page(reader, path, lambda r: r.status_code == 200).text)
        assert page.find("html")[0]["lang"] == "en"
        assert {a["hreflang"] for a in page.find("link", rel="alternate") if "hreflang" in a} == {
            "fr",
            "en",
            "x-default",
        }
    # The English post's own links stay on the English side.
    post = Page(reader.get(english["url"]).text)
    assert {a["href"] for a in post.find("a", rel="author")} == {f"/blog/en/author/{editor.id}/"}

    sitemap = ElementTree.fromstring(
        wait_page(reader, "/sitemap.xml", lambda r: "/blog/en/tag/" in r.text).content
    )
    entries = {e.findtext("s:loc", namespaces=NS): e for e in sitemap.findall("s:url", NS)}
    for path in ("/blog/", "/blog/en/", "/blog/tag/comparaison/", "/blog/en/tag/comparaison/"):
        assert url(path) in entries, path
    twins = {
        link.get("hreflang"): link.get("href") for link in entries[url("/blog/en/")].findall("x:link", NS)
    }
    assert twins == {"fr": url("/blog/"), "en": url("/blog/en/"), "x-default": url("/blog/")}


def test_the_sitemap_and_feeds_list_every_published_post_and_nothing_else(
    create_editor: Callable[..., Account], new_client: Callable[[], httpx.Client]
) -> None:
    editor = create_editor()
    french, english = published_pair(editor)
    draft = write(editor, slug="un-brouillon", title="Un brouillon")
    reader = new_client()

    # Each post's own <loc> (a French entry names its English twin in an hreflang link earlier).
    def both_listed(r: httpx.Response) -> bool:
        return f"{english['url']}</loc>" in r.text and f"{french['url']}</loc>" in r.text

    sitemap = ElementTree.fromstring(wait_page(reader, "/sitemap.xml", both_listed).content)
    entries = sitemap.findall("s:url", NS)
    locs = {e.findtext("s:loc", namespaces=NS) or "" for e in entries}
    assert {loc for loc in locs if not LIST_PAGE.match(loc)} == {url(french["url"]), url(english["url"])}
    assert all(e.findtext("s:lastmod", namespaces=NS) for e in entries)
    links = entries[0].findall("x:link", NS)
    assert {link.get("hreflang") for link in links} == {"fr", "en"}

    # The renderer writes the sitemap and each feed one after the other: wait for each.
    def both(r: httpx.Response) -> bool:
        return english["url"] in r.text and french["url"] in r.text

    rss = ElementTree.fromstring(wait_page(reader, "/blog/rss.xml", both).content)
    assert rss.tag == "rss" and rss.get("version") == "2.0"
    channel = rss.find("channel")
    assert channel is not None
    for required in ("title", "link", "description"):
        assert channel.findtext(required), required
    items = channel.findall("item")
    assert {i.findtext("link") for i in items} == {url(french["url"]), url(english["url"])}
    for item in items:
        assert item.findtext("title") and item.findtext("guid")
        parsedate_to_datetime(item.findtext("pubDate") or "")

    atom = ElementTree.fromstring(wait_page(reader, "/blog/atom.xml", both).content)
    assert atom.tag == "{http://www.w3.org/2005/Atom}feed"
    for required in ("a:id", "a:title", "a:updated"):
        assert atom.findtext(required, namespaces=NS), required
    entries = atom.findall("a:entry", NS)
    assert len(entries) == 2
    for entry in entries:
        for required in ("a:id", "a:title", "a:updated", "a:author/a:name"):
            assert entry.findtext(required, namespaces=NS), required
        assert entry.find("a:link", NS) is not None

    robots = reader.get("/robots.txt").text
    assert f"Sitemap: {url('/sitemap.xml')}" in robots and "Disallow: /api/" in robots
    assert draft["url"] not in reader.get("/blog/").text

    # Unpublished: the page and its entries go.
    editor.client.post(
        f"/api/blog/posts/{english['id']}/status", json={"status": "draft"}, headers=editor.csrf()
    )
    wait_page(reader, english["url"], lambda r: r.status_code == 404)
    wait_page(reader, "/sitemap.xml", lambda r: english["url"] not in r.text)
    wait_page(reader, "/blog/rss.xml", lambda r: english["url"] not in r.text)


def test_a_former_slug_redirects_permanently(
    create_editor: Callable[..., Account], new_client: Callable[[], httpx.Client]
) -> None:
    editor = create_editor()
    post = write(editor, slug="ancien-titre")
    publish(editor, post["id"])
    reader = new_client()
    wait_page(reader, "/blog/ancien-titre/", lambda r: r.status_code == 200)
    moved = editor.client.put(
        f"/api/blog/posts/{post['id']}", json={**POST, "slug": "nouveau-titre"}, headers=editor.csrf()
    )
    assert moved.json()["url"] == "/blog/nouveau-titre/"
    old = wait_page(reader, "/blog/ancien-titre/", lambda r: r.status_code == 301)
    assert old.headers["location"] == "/blog/nouveau-titre/"
    # What CloudFront's viewer-response function reads (tests/infra/test_blog.py): the same object.
    stored = client("s3").head_object(Bucket=storage.bucket_name("site"), Key="blog/ancien-titre/index.html")
    assert stored["WebsiteRedirectLocation"] == old.headers["location"]
    assert reader.get("/blog/nouveau-titre/").status_code == 200
    # The sitemap is written after the pages.
    sitemap = wait_page(reader, "/sitemap.xml", lambda r: "/blog/nouveau-titre/" in r.text).text
    assert "ancien-titre" not in sitemap
    # The old slug stays this post's: nobody else can take it.
    taken = editor.client.post(
        "/api/blog/posts", json={**POST, "slug": "ancien-titre"}, headers=editor.csrf()
    )
    assert taken.status_code == 409


XSS = [
    "<script>alert(1)</script>",
    '<img src=x onerror="alert(1)">',
    "[cliquez](javascript:alert(1))",
    "[encodé](jav&#x61;script:alert(1))",
    "![image](javascript:alert(1))",
    '<a href="javascript:alert(1)">lien</a>',
    "<iframe src=//evil.example></iframe>",
    '<svg onload="alert(1)">',
]


def _assert_inert(page: Page) -> None:
    for tag, attrs in page.tags:
        assert tag not in {"iframe", "svg", "object", "embed"}, tag
        assert not any(name.startswith("on") for name in attrs), (tag, attrs)
        for name in ("href", "src"):
            assert "javascript" not in attrs.get(name, "").lower(), (tag, attrs)
        if tag == "script":
            assert attrs.get("src") == "/blog/assets/blog.js" or attrs.get("type") == "application/ld+json"


@pytest.mark.usefixtures("no_comment_delay")
def test_xss_in_posts_and_comments_is_neutralised(
    create_editor: Callable[..., Account],
    create_account: Callable[..., Account],
    new_client: Callable[[], httpx.Client],
) -> None:
    editor = create_editor()
    post = write(editor, title='</title><script>alert("t")</script>', body="\n\n".join(XSS), slug="xss")
    publish(editor, post["id"])
    reader = create_account()
    ticket = reader.client.get(f"/api/blog/posts/{post['id']}/comment-ticket").json()["ticket"]
    for body in ("<script>alert(2)</script> merci", "[lien](javascript:alert(3)) super"):
        sent = reader.client.post(
            f"/api/blog/posts/{post['id']}/comments",
            json={"body": body, "ticket": ticket},
            headers=reader.csrf(),
        )
        assert sent.status_code == 201, sent.text
        assert sent.json()["status"] in {"approved", "held"}, sent.json()
        if sent.json()["status"] == "held":
            approved = editor.client.post(
                f"/api/blog/posts/{post['id']}/comments/{sent.json()['id']}/moderation",
                json={"action": "approve"},
                headers=editor.csrf(),
            )
            assert approved.status_code == 200, approved.text
    # Both show through the API at once; the page follows when the renderer has run.
    shown = reader.client.get(f"/api/blog/posts/{post['id']}/comments").json()["items"]
    assert len(shown) == 2, shown
    html = wait_page(new_client(), "/blog/xss/", lambda r: r.text.count('class="comment"') == 2).text
    _assert_inert(Page(html))
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html, "raw HTML shows as text"
    # The title did not break out of the JSON-LD (each block parses, the headline is intact).
    assert any(d.get("headline") == post["title"] for d in Page(html).json_ld)


def test_rendering_invalidates_exactly_the_changed_paths(
    create_editor: Callable[..., Account],
    create_account: Callable[..., Account],
    new_client: Callable[[], httpx.Client],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    cloudfront = client("cloudfront")
    distribution = cloudfront.create_distribution(
        DistributionConfig={
            "CallerReference": str(time.time()),
            "Comment": "blog test",
            "Enabled": True,
            "Origins": {
                "Quantity": 1,
                "Items": [
                    {
                        "Id": "s3",
                        "DomainName": "site.s3.amazonaws.com",
                        "S3OriginConfig": {"OriginAccessIdentity": ""},
                    }
                ],
            },
            "DefaultCacheBehavior": {
                "TargetOriginId": "s3",
                "ViewerProtocolPolicy": "allow-all",
                "MinTTL": 0,
                "ForwardedValues": {"QueryString": False, "Cookies": {"Forward": "none"}},
            },
        }
    )["Distribution"]["Id"]
    monkeypatch.setattr(get_blog_settings(), "distribution_id", distribution)
    monkeypatch.setattr(get_blog_settings(), "comment_min_s", 0.0)

    def invalidated() -> list[list[str]]:
        listed = cloudfront.list_invalidations(DistributionId=distribution)["InvalidationList"].get(
            "Items", []
        )
        batches = [
            cloudfront.get_invalidation(DistributionId=distribution, Id=i["Id"])["Invalidation"]
            for i in listed
        ]
        return [
            sorted(b["InvalidationBatch"]["Paths"]["Items"])
            for b in sorted(batches, key=lambda b: b["CreateTime"])
        ]

    editor = create_editor()
    post = write(editor)
    publish(editor, post["id"])
    reader = new_client()
    wait_page(reader, post["url"], lambda r: r.status_code == 200)
    deadline = time.monotonic() + 10
    while not invalidated() and time.monotonic() < deadline:
        time.sleep(0.05)
    first = invalidated()[-1]
    assert {post["url"], "/sitemap.xml", "/robots.txt", "/blog/", "/blog/rss.xml", "/blog/atom.xml"} <= set(
        first
    )
    count = len(invalidated())
    commenter = create_account()
    ticket = commenter.client.get(f"/api/blog/posts/{post['id']}/comment-ticket").json()["ticket"]
    commenter.client.post(
        f"/api/blog/posts/{post['id']}/comments",
        json={"body": "Très utile, merci.", "ticket": ticket},
        headers=commenter.csrf(),
    )
    wait_page(reader, post["url"], lambda r: "Très utile" in r.text)
    deadline = time.monotonic() + 10
    while len(invalidated()) == count and time.monotonic() < deadline:
        time.sleep(0.05)
    assert invalidated()[-1] == [post["url"]], "an approved comment changes its post's page only"
