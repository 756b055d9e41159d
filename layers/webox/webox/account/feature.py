"""The account feature: settings and key tests (served by the dashboard function, which also runs
account export and deletion over every feature's hooks)."""

from __future__ import annotations

from webox.platform import Feature

FEATURE = Feature(name="account", models=("webox.account.models",))
