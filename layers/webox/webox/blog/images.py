"""Images from the editor's media library, made public for a post's body or its cover: library
files are private (presigned URLs that expire), so the chosen image is copied into the site bucket
under `blog/images/`, where CloudFront (and the local host) serve it to anyone, signed out too."""

from __future__ import annotations

from webox.auth.models import User
from webox.blog import repository
from webox.blog.errors import NotAnImage
from webox.blog.keys import IMAGES_PREFIX
from webox.blog.schemas import BlogImageIn, BlogImageOut
from webox.media import library
from webox.media import repository as media_repository
from webox.media.sniff import extension


def publish_image(editor: User, body: BlogImageIn) -> BlogImageOut:
    """The public address (and size) of one of the editor's own library images."""
    item = library.owned_item(editor.id, body.media_id)
    if item.kind != "image":
        raise NotAnImage()
    key = f"{IMAGES_PREFIX}{item.media_id}.{extension(item.content_type)}"
    repository.write_image(key, media_repository.read_file(item.key), item.content_type)
    return BlogImageOut(
        url=f"/{key}",
        width=library.as_int(item.width),
        height=library.as_int(item.height),
        content_type=item.content_type,
    )
