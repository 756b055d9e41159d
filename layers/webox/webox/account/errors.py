"""Account errors (stable codes the SPA translates)."""

from __future__ import annotations

from webox.errors import Conflict, Invalid, NotFound


class UnknownVendor(NotFound):
    code, title = "account.unknown_vendor", "Unknown provider"


class KeyNotFound(NotFound):
    code, title = "account.key_not_found", "No key stored for this provider"


class InvalidSettings(Invalid):
    code, title = "account.invalid_settings", "Invalid settings"


class ExportNotFound(NotFound):
    code, title = "account.export_not_found", "No such export"


class ExportNotReady(Conflict):
    code, title = "account.export_not_ready", "The export is not ready"
