"""Where the blog's public files live in the `site` bucket: what the renderer writes, what the API
writes (library images made public), and all that each one's grant lets it touch (`feature.py`)."""

from __future__ import annotations

PREFIX = "blog/"
ROOT_FILES = ("sitemap.xml", "robots.txt")
# The IAM key patterns of the renderer's grant on the bucket.
RENDERED_KEYS = (f"{PREFIX}*", *ROOT_FILES)
# Library images an editor put in a post or as a cover: public copies, written by the API (its grant
# names this prefix only), kept by the renderer (it renders none of them, and deletes none).
IMAGES_PREFIX = f"{PREFIX}images/"
IMAGE_KEYS = (f"{IMAGES_PREFIX}*",)
