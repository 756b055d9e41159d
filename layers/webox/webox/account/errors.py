"""Account errors (stable codes the SPA translates)."""

from __future__ import annotations

from webox.errors import Invalid, NotFound


class UnknownVendor(NotFound):
    code, title = "account.unknown_vendor", "Unknown provider"


class KeyNotFound(NotFound):
    code, title = "account.key_not_found", "No key stored for this provider"


class InvalidSettings(Invalid):
    code, title = "account.invalid_settings", "Invalid settings"
