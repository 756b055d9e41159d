"""The blog's public files, served from the `site` bucket as CloudFront serves them: `/blog/x/` is
`blog/x/index.html`, `/blog/x` redirects to `/blog/x/`, and a file stored with a redirect
(`WebsiteRedirectLocation`: a post's former slug) answers 301."""

from __future__ import annotations

from dataclasses import dataclass

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response

from webox import storage
from webox.aws import client

BUCKET = "site"
PATHS = ("/blog", "/blog/", "/sitemap.xml", "/robots.txt")


@dataclass(frozen=True)
class _File:
    body: bytes
    content_type: str
    redirect: str | None
    cache: str


def _read(key: str) -> _File | None:
    s3 = client("s3")
    try:
        answer = s3.get_object(Bucket=storage.bucket_name(BUCKET), Key=key)
    except (s3.exceptions.NoSuchKey, s3.exceptions.NoSuchBucket):
        return None
    return _File(
        answer["Body"].read(),
        answer.get("ContentType", "application/octet-stream"),
        answer.get("WebsiteRedirectLocation"),
        answer.get("CacheControl", "no-cache"),
    )


async def serve(request: Request) -> Response:
    """A rendered file, a redirect, or a 404 page."""
    path = request.url.path
    last = path.rsplit("/", 1)[-1]
    if path.startswith("/blog") and last and "." not in last:
        return RedirectResponse(path + "/", status_code=301)
    key = path.lstrip("/") + ("index.html" if path.endswith("/") else "")
    found = await run_in_threadpool(_read, key)
    if found is None:
        return HTMLResponse(
            '<!doctype html><html lang="fr"><meta charset="utf-8"><title>404</title>'
            '<p>Page introuvable. <a href="/blog/">Le blog</a></p></html>',
            status_code=404,
        )
    if found.redirect:
        return RedirectResponse(found.redirect, status_code=301)
    return Response(found.body, media_type=found.content_type, headers={"Cache-Control": found.cache})
