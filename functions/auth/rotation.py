"""Secrets Manager's rotation function for the access tokens' signing key (`webox.auth.key_rotation`):
invoked with `{"SecretId", "ClientRequestToken", "Step"}` for each of the four steps."""

from __future__ import annotations

from typing import Any

from webox.auth import key_rotation
from webox.logging import get_logger


def handler(event: dict[str, Any], context: Any) -> None:
    step = str(event["Step"])
    get_logger().info("signing key rotation", extra={"step": step})
    key_rotation.run_step(str(event["SecretId"]), str(event["ClientRequestToken"]), step)
