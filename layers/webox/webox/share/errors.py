"""Share link errors (stable codes the SPA translates)."""

from __future__ import annotations

from webox.errors import Conflict, NotFound, WeboxError


class LinkNotFound(NotFound):
    code, title = "link_not_found", "Share link not found"


class LinkGone(WeboxError):
    status, code, title = 410, "link_gone", "This link no longer works"


class LinkRevoked(LinkGone):
    code, title = "link_revoked", "This link was revoked by its owner"


class LinkExpired(LinkGone):
    code, title = "link_expired", "This link has expired"


class TooManyLinks(Conflict):
    code, title = "too_many_links", "Too many share links: revoke some first"


class LinkAlreadyRevoked(Conflict):
    code, title = "link_revoked", "A revoked link cannot be changed"
