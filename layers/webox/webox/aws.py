"""boto3 clients, one per service per cold start.

No endpoint is hard-coded: on AWS the SDK finds the service; locally the host sets the standard
`AWS_ENDPOINT_URL`, which boto3 and pynamodb honour, so the same code reaches the embedded moto server.
"""

from __future__ import annotations

from functools import cache
from typing import Any

import boto3
from botocore.config import Config

from webox.config import get_settings

_CONFIG = Config(
    retries={"max_attempts": 3, "mode": "standard"},
    connect_timeout=3,
    read_timeout=10,
    tcp_keepalive=True,
    max_pool_connections=50,
)


@cache
def client(service: str, endpoint_url: str | None = None) -> Any:
    """A boto3 client for `service` in the platform's region."""
    session = boto3.session.Session()
    return session.client(
        service,  # type: ignore[call-overload]
        region_name=get_settings().region,
        endpoint_url=endpoint_url,
        config=_CONFIG,
    )
