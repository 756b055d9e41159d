"""The blog's renderer on the local host: a blog of 200 published posts (10 categories, 30 tags,
about 4 KB of Markdown each) in the embedded AWS, then what a publish costs the renderer.

(a) a whole render (every post, index, category, tag and author page, the sitemap and the feeds) and
    its first sync into the empty site bucket
(b) one post edited, then the sync a publish runs: render everything, write only the files whose
    bytes changed — target ≤ 2 s (the blog issue names no figure: this is how long an editor waits
    for "Publier" to be live; CloudFront's invalidation comes on top on AWS)
"""

from __future__ import annotations

import statistics
import time
from datetime import timedelta

from benchmarks.harness import local_host, verdict

POSTS, CATEGORIES, TAGS, ROUNDS = 200, 10, 30, 5
PARAGRAPH = (
    "Le **télétravail** change la façon dont les équipes écrivent, relisent et publient. "
    "Voici ce que nous avons appris en un an, avec des [liens](https://example.com) et du `code`.\n\n"
)


def _seed() -> None:
    from webox.blog.models import SITE, Category, Post
    from webox.db import utcnow

    now = utcnow()
    for c in range(CATEGORIES):
        Category(SITE, f"categorie-{c}", name=f"Catégorie {c}").save()
    with Post.batch_write() as batch:
        for i in range(POSTS):
            at = now - timedelta(hours=i)
            batch.save(
                Post(
                    SITE,
                    f"post{i:04d}",
                    title=f"Article numéro {i} : ce que le télétravail nous apprend",
                    slug=f"article-{i}",
                    excerpt="Un an de télétravail, ce qui marche et ce qui ne marche pas.",
                    meta_description="Un an de télétravail en équipe : méthodes, outils et limites.",
                    body=f"## Partie {i}\n\n" + PARAGRAPH * 18,
                    category=f"categorie-{i % CATEGORIES}",
                    tags=[f"tag-{i % TAGS}", f"tag-{(i * 7) % TAGS}"],
                    author_id="author",
                    author_name="Léa Martin",
                    status="published",
                    published_at=at,
                    created_at=at,
                    updated_at=at,
                )
            )


def main() -> dict[str, float]:
    print(__doc__)
    with local_host():
        from webox.blog import publishing, repository
        from webox.blog.site import render

        _seed()
        start = time.perf_counter()
        files = render(publishing.current_blog())
        rendered = time.perf_counter() - start
        start = time.perf_counter()
        publishing.sync()
        first_sync = time.perf_counter() - start
        syncs = []
        for round_ in range(ROUNDS):
            post = repository.get_post(f"post{round_:04d}")
            assert post is not None
            post.body += f"\nMise à jour {round_}."
            repository.save_post(post)
            start = time.perf_counter()
            paths = publishing.sync()
            syncs.append(time.perf_counter() - start)
        median = statistics.median(syncs)
        print(
            f"  (a) {len(files)} files rendered in {rendered:.2f} s; first sync (every file written) {first_sync:.2f} s"
        )
        print(
            f"  (b) one post edited → sync p50 {median:.2f} s (max {max(syncs):.2f} s, "
            f"{len(paths)} paths changed)   target ≤ 2 s   {verdict(median <= 2)}"
        )
    return {"render_s": rendered, "sync_s": median}


if __name__ == "__main__":
    main()
