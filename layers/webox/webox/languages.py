"""The languages WeBox speaks: its interface, and what it ships written in each (built-in prompts,
workflows)."""

from __future__ import annotations

from typing import Literal

Lang = Literal["fr", "en"]
