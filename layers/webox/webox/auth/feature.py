"""The auth feature as the platform sees it: its function, tables and the JWT signing key."""

from __future__ import annotations

from webox.platform import Feature, Function, Secret

# What every function that authenticates its caller reads and updates (sessions, tokens, the key).
AUTH_TABLES = ("users", "sessions", "api_tokens")
# Of those, what a function that only authenticates its callers reads and never writes (an API token
# records its last use: `api_tokens` stays writable).
AUTH_READ_ONLY = ("users", "sessions")
# What a WebSocket `$connect` adds: it spends the single-use ticket in the URL.
TICKET_TABLES = ("one_time_tokens",)
# Verifying access tokens needs their public keys only: no function but auth can sign one.
AUTH_SECRETS = ("jwt-public",)
# What a function that signs and checks its own links needs (approval links, comment tickets).
LINK_SECRETS = ("link-signing",)
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
            secrets=("jwt-signing", *AUTH_SECRETS, *VIEWER_SECRETS),
            # Revoking a session or token closes the sockets it opened (`push` grants the Management
            # API; `close_sockets` adds DELETE to its POST).
            push=True,
            close_sockets=True,
            mail=True,
            kms=True,
        ),
        Function(
            feature="auth",
            module="rotation",
            # Secrets Manager invokes it to rotate the signing key; it publishes the public keys.
            rotates="jwt-signing",
            secrets=("jwt-signing", "jwt-public"),
            memory_mb=256,
            timeout_s=30,
        ),
    ),
    models=("webox.auth.models",),
    secrets=(
        # Ed25519, made and replaced by the rotation function (`webox.auth.key_rotation`).
        Secret("jwt-signing", generated=False),
        Secret("jwt-public", generated=False),
        Secret("link-signing", generated=True),
        # The value CloudFront sends to the API origins in `X-Origin-Verify` (a dynamic reference in
        # the distribution): proof that a request came through CloudFront, so its viewer address holds.
        Secret("origin-verify", generated=True),
    ),
)
