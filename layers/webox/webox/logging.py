"""The Powertools logger every function shares (JSON lines, correlation id per request)."""

from __future__ import annotations

from functools import cache

from aws_lambda_powertools import Logger

from webox.config import get_settings


@cache
def get_logger() -> Logger:
    """One structured logger per process; the service name is the function's."""
    return Logger(service="webox", level=get_settings().log_level)
