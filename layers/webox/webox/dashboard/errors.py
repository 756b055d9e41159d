"""Dashboard errors (stable codes the SPA translates)."""

from __future__ import annotations

from webox.errors import Invalid


class InvalidPeriod(Invalid):
    code, title = "dashboard.invalid_period", "Invalid period"
