"""The media feature's step kind: `media`, the one step of a media job's task (see `generation`)."""

from __future__ import annotations

from webox.media import generation
from webox.tasks import kinds

KIND = "media"

kinds.register(KIND, generation.run_step, on_fail=generation.on_step_failed)
