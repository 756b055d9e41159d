"""Settings in one place, read once per cold start from `WEBOX_*` environment variables."""

from __future__ import annotations

import os
from functools import cache

from pydantic import Field

from webox.env_settings import EnvSettings


class Settings(EnvSettings):
    """Platform-wide settings. A feature adds its own class only for variables only it reads."""

    env_prefix = "WEBOX_"

    stage: str = "local"
    region: str = Field(default_factory=lambda: os.environ.get("AWS_REGION", "eu-west-3"))
    # Physical names: tables are "<prefix><name>"; CDK sets the prefix to "webox-<stage>-".
    resource_prefix: str = "webox-local-"
    # The SPA origin: CORS, cookies and links in e-mails point there.
    public_url: str = "http://127.0.0.1:8000"
    cors_origins: list[str] = Field(default_factory=list)
    # API Gateway Management API endpoint of the WebSocket API (https://{id}.execute-api.{region}.amazonaws.com/{stage}).
    ws_endpoint: str = "http://127.0.0.1:8000"
    max_body_bytes: int = 1_048_576
    log_level: str = "INFO"
    # True only when the local host runs the platform (never in the cloud): enables simulated providers.
    local: bool = False
    # Locally only: "host:port" of fake servers that user-supplied URLs may reach (webox.net.safe_http).
    private_hosts_allowed: list[str] = Field(default_factory=list)

    @property
    def allowed_origins(self) -> list[str]:
        return sorted({self.public_url.rstrip("/"), *self.cors_origins})


@cache
def get_settings() -> Settings:
    """The settings of this cold start."""
    return Settings.from_env()


def resource_name(name: str) -> str:
    """Physical name of a table, queue or bucket from its logical name."""
    return f"{get_settings().resource_prefix}{name}"


def resource_env(kind: str, name: str) -> str:
    """Environment variable carrying a resource's address (CDK and the local host set it)."""
    return f"WEBOX_{kind.upper()}_{name.upper().replace('-', '_')}"


def kms_alias() -> str:
    """Alias of the platform's KMS key (encrypts users' provider keys and TOTP secrets)."""
    return f"alias/{resource_name('main')}"
