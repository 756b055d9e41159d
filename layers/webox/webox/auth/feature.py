"""The auth feature as the platform sees it: its function, tables and the JWT signing key."""

from __future__ import annotations

from webox.platform import Feature, Function, Secret

# What every function that authenticates its caller reads and updates (sessions, tokens, the key).
AUTH_TABLES = ("users", "sessions", "api_tokens")
# What a WebSocket `$connect` adds: it spends the single-use ticket in the URL.
TICKET_TABLES = ("one_time_tokens",)
AUTH_SECRETS = ("jwt-signing",)
# What a function that reads the caller's address needs (`webox.auth.dependencies.client_ip`).
VIEWER_SECRETS = ("origin-verify",)

FEATURE = Feature(
    name="auth",
    functions=(
        Function(
            feature="auth",
            http_prefixes=("/api/auth",),
            tables=(
                "users",
                "user_identities",
                "sessions",
                "refresh_tokens",
                "one_time_tokens",
                "api_tokens",
                "rate_limits",
                "connections",
            ),
            secrets=(*AUTH_SECRETS, *VIEWER_SECRETS),
            # Revoking a session or token closes the sockets it opened (`push` grants the Management
            # API; `close_sockets` adds DELETE to its POST).
            push=True,
            close_sockets=True,
            mail=True,
            kms=True,
        ),
    ),
    models=("webox.auth.models",),
    secrets=(
        Secret("jwt-signing", generated=True),
        # The value CloudFront sends to the API origins in `X-Origin-Verify` (a dynamic reference in
        # the distribution): proof that a request came through CloudFront, so its viewer address holds.
        Secret("origin-verify", generated=True),
    ),
)
