"""Settings only the media worker reads (`WEBOX_MEDIA_*`)."""

from __future__ import annotations

from functools import cache

from webox.env_settings import EnvSettings


class MediaSettings(EnvSettings):
    env_prefix = "WEBOX_MEDIA_"

    # How often a Replicate prediction is polled (a simulated one answers at once: `poll_simulated_s`).
    poll_s: float = 1.0
    poll_simulated_s: float = 0.2
    # Longest wait for one prediction before the attempt gives up (the Lambda timeout is 600 s).
    max_wait_s: float = 480.0
    # Speech is made sentence group by sentence group: the first part short, so the player starts early.
    first_part_chars: int = 160
    part_chars: int = 600


@cache
def get_media_settings() -> MediaSettings:
    return MediaSettings.from_env()
