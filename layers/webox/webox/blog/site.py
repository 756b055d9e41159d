"""Every public file of the blog, by its key in the site bucket: post pages (and their former
slugs' redirects), list pages in each language, feeds, the sitemap, robots.txt and the assets."""

from __future__ import annotations

from webox.blog.feeds import atom, robots, rss, sitemap
from webox.blog.keys import PREFIX
from webox.blog.listing import list_pages
from webox.blog.render import CSS, JS, Blog, File, post_page, post_path, redirect_page

HTML = "text/html; charset=utf-8"


def render(blog: Blog) -> dict[str, File]:
    """Every public file of the blog, by its key in the site bucket."""
    files: dict[str, File] = {}
    categories = {c.slug: c for c in blog.categories}
    for post in blog.posts:
        files[f"{PREFIX}{post.slug}/index.html"] = File(post_page(blog, post, categories).encode(), HTML)
        target = post_path(post.slug)
        for former in post.former_slugs:
            if former != post.slug:
                # The redirect itself is the object's metadata, which both hosts act on.
                page = redirect_page(blog, target).encode()
                files[f"{PREFIX}{former}/index.html"] = File(page, HTML, redirect=target)
    lists = list_pages(blog)
    for listed in lists:
        files[listed.key] = File(listed.html.encode(), HTML)
    files[f"{PREFIX}rss.xml"] = File(rss(blog).encode(), "application/rss+xml; charset=utf-8")
    files[f"{PREFIX}atom.xml"] = File(atom(blog).encode(), "application/atom+xml; charset=utf-8")
    files[f"{PREFIX}assets/blog.css"] = File(CSS.encode(), "text/css; charset=utf-8")
    files[f"{PREFIX}assets/blog.js"] = File(JS.encode(), "text/javascript; charset=utf-8")
    files["sitemap.xml"] = File(sitemap(blog, lists).encode(), "application/xml; charset=utf-8")
    files["robots.txt"] = File(robots(blog).encode(), "text/plain; charset=utf-8")
    return files
