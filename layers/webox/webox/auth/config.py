"""Settings only the auth feature reads (`WEBOX_AUTH_*`)."""

from __future__ import annotations

from functools import cache

from webox.env_settings import EnvSettings

ACCESS_COOKIE = "webox_access"
REFRESH_COOKIE = "webox_refresh"
CSRF_COOKIE = "webox_csrf"
OAUTH_COOKIE = "webox_oauth"
DEVICE_COOKIE = "webox_device"
CSRF_HEADER = "x-csrf-token"


class AuthSettings(EnvSettings):
    """Token lifetimes, password hashing cost, throttling limits and OAuth clients."""

    env_prefix = "WEBOX_AUTH_"

    access_ttl_s: int = 900
    refresh_ttl_days: int = 30
    mfa_token_ttl_s: int = 300
    reset_ttl_s: int = 1800
    verify_ttl_s: int = 2 * 86400
    signing_key_cache_s: int = 300

    # argon2id at OWASP's minimum (19 MiB, 2 passes, 1 lane); tests may lower it, production never should.
    argon2_memory_kib: int = 19456
    argon2_time_cost: int = 2
    argon2_parallelism: int = 1

    # An account's password sign-in: `login_account_limit` failures are free, then each one waits
    # twice as long as the last (from `login_backoff_base_s` up to `login_backoff_cap_s`); one
    # failure is forgotten per `login_failure_decay_s` without any (see `webox.auth.throttle`).
    login_account_limit: int = 5
    login_backoff_base_s: int = 60
    login_backoff_cap_s: int = 3600
    login_failure_decay_s: int = 3600
    login_ip_limit: int = 20
    login_window_s: int = 900
    remembered_device_days: int = 180
    mfa_limit: int = 5
    forgot_limit: int = 3
    forgot_window_s: int = 3600
    # Per client address (an IPv6 /64 counts as one) and hour: accounts opened, reset links asked.
    register_ip_limit: int = 20
    forgot_ip_limit: int = 30
    address_window_s: int = 3600

    google_client_id: str = ""
    google_client_secret: str = ""
    google_metadata_url: str = "https://accounts.google.com/.well-known/openid-configuration"
    github_client_id: str = ""
    github_client_secret: str = ""
    github_authorize_url: str = "https://github.com/login/oauth/authorize"
    github_token_url: str = "https://github.com/login/oauth/access_token"  # noqa: S105 - a URL
    github_api_url: str = "https://api.github.com/"


@cache
def get_auth_settings() -> AuthSettings:
    """The auth settings of this cold start."""
    return AuthSettings.from_env()
