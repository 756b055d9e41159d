"""A fake sign-in provider speaking Google's OpenID Connect and GitHub's OAuth 2 (for tests and `webox dev`).

Google: discovery document, authorize, token (with an RS256-signed `id_token`), userinfo, JWKS.
GitHub: authorize, access_token, and the API's `/user` and `/user/emails`. Both check the client
secret, the redirect URI and the PKCE (S256) verifier, and each code works once.

The authorize page lets a developer pick a listed identity or type one (e-mail, name, whether the
e-mail is verified); `login_hint=<email>` approves at once (tests), with a known identity or a new
verified one. Start it with `webox.testing.server.serve(create_app())` and point the auth feature
at it with `oauth_env(server.url)`.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import html
import secrets
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qsl, unquote, urlencode

import jwt
from cryptography.hazmat.primitives.asymmetric import rsa
from jwt.algorithms import RSAAlgorithm
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from starlette.routing import Route

GOOGLE_CLIENT_ID = "webox-local-google"
GOOGLE_CLIENT_SECRET = "webox-local-google-secret"  # noqa: S105 - the fake's own, public test value
GITHUB_CLIENT_ID = "webox-local-github"
GITHUB_CLIENT_SECRET = "webox-local-github-secret"  # noqa: S105 - the fake's own, public test value
CODE_TTL_S = 120


@dataclass(frozen=True)
class FakeIdentity:
    """A person the fake provider can sign in."""

    email: str
    name: str = ""
    verified: bool = True

    @property
    def display_name(self) -> str:
        return self.name or self.email.split("@")[0]

    @property
    def subject(self) -> str:
        """Stable per e-mail, like a provider's account id."""
        return str(int(hashlib.sha256(self.email.lower().encode()).hexdigest()[:12], 16))


DEFAULT_IDENTITIES = (
    FakeIdentity("ada@example.com", "Ada Lovelace"),
    FakeIdentity("alan@example.com", "Alan Turing"),
    FakeIdentity("unverified@example.com", "Not Verified", verified=False),
)


def oauth_env(base_url: str) -> dict[str, str]:
    """The `WEBOX_AUTH_*` variables that point the auth feature at a fake provider at `base_url`."""
    base = base_url.rstrip("/")
    return {
        "WEBOX_AUTH_GOOGLE_CLIENT_ID": GOOGLE_CLIENT_ID,
        "WEBOX_AUTH_GOOGLE_CLIENT_SECRET": GOOGLE_CLIENT_SECRET,
        "WEBOX_AUTH_GOOGLE_METADATA_URL": f"{base}/google/.well-known/openid-configuration",
        "WEBOX_AUTH_GITHUB_CLIENT_ID": GITHUB_CLIENT_ID,
        "WEBOX_AUTH_GITHUB_CLIENT_SECRET": GITHUB_CLIENT_SECRET,
        "WEBOX_AUTH_GITHUB_AUTHORIZE_URL": f"{base}/github/login/oauth/authorize",
        "WEBOX_AUTH_GITHUB_TOKEN_URL": f"{base}/github/login/oauth/access_token",
        "WEBOX_AUTH_GITHUB_API_URL": f"{base}/github/api/",
    }


async def _form(request: Request) -> dict[str, str]:
    # Parsed by hand: Starlette's form parser needs python-multipart, which WeBox does not ship.
    return dict(parse_qsl((await request.body()).decode(), keep_blank_values=True))


@dataclass
class _Grant:
    provider: str
    client_id: str
    redirect_uri: str
    code_challenge: str
    nonce: str | None
    scope: str
    identity: FakeIdentity
    expires: float = field(default_factory=lambda: time.time() + CODE_TTL_S)


_AUTHORIZE_FIELDS = (
    "client_id",
    "redirect_uri",
    "response_type",
    "scope",
    "state",
    "nonce",
    "code_challenge",
    "code_challenge_method",
)


class FakeProvider:
    """The provider's state: registered clients, known identities, issued codes and tokens."""

    def __init__(self, identities: Iterable[FakeIdentity], clients: dict[str, tuple[str, str]]) -> None:
        self.identities = {i.email.lower(): i for i in identities}
        self.clients = clients
        self.codes: dict[str, _Grant] = {}
        self.tokens: dict[str, tuple[str, FakeIdentity]] = {}
        self.key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        self.kid = secrets.token_hex(4)

    # --- authorization ----------------------------------------------------------------------------

    def _check_request(self, provider: str, params: dict[str, str]) -> str | None:
        client = self.clients.get(provider)
        if client is None or params.get("client_id") != client[0]:
            return "unknown client_id"
        if params.get("response_type", "code") != "code" or not params.get("redirect_uri"):
            return "response_type=code and redirect_uri are required"
        if not params.get("state"):
            return "state is required"
        if params.get("code_challenge_method") != "S256" or not params.get("code_challenge"):
            return "PKCE with S256 is required"
        return None

    def _approve(self, provider: str, params: dict[str, str], identity: FakeIdentity) -> Response:
        code = secrets.token_urlsafe(24)
        self.codes[code] = _Grant(
            provider=provider,
            client_id=params["client_id"],
            redirect_uri=params["redirect_uri"],
            code_challenge=params["code_challenge"],
            nonce=params.get("nonce"),
            scope=params.get("scope", ""),
            identity=identity,
        )
        query = urlencode({"code": code, "state": params["state"]})
        return RedirectResponse(f"{params['redirect_uri']}?{query}", status_code=302)

    async def authorize(self, request: Request) -> Response:
        provider = request.path_params["provider"]
        if request.method == "POST":
            params = await _form(request)
        else:
            params = dict(request.query_params)
        problem = self._check_request(provider, params)
        if problem:
            return HTMLResponse(f"<h1>Invalid request</h1><p>{html.escape(problem)}</p>", status_code=400)
        if request.method == "POST":
            if params.get("action") == "deny":
                query = urlencode({"error": "access_denied", "state": params["state"]})
                return RedirectResponse(f"{params['redirect_uri']}?{query}", status_code=302)
            email = params.get("email", "").strip()
            if not email:
                return HTMLResponse("<h1>An e-mail is required</h1>", status_code=400)
            identity = FakeIdentity(
                email, params.get("name", "").strip(), params.get("verified") in {"on", "true", "1"}
            )
            return self._approve(provider, params, identity)
        hint = params.get("login_hint", "").strip().lower()
        if hint:
            return self._approve(provider, params, self.identities.get(hint) or FakeIdentity(hint))
        return HTMLResponse(self._page(provider, params))

    def _page(self, provider: str, params: dict[str, str]) -> str:
        hidden = "".join(
            f'<input type="hidden" name="{k}" value="{html.escape(params[k])}">'
            for k in _AUTHORIZE_FIELDS
            if k in params
        )
        choices = "".join(
            f'<form method="post">{hidden}<input type="hidden" name="email" value="{html.escape(i.email)}">'
            f'<input type="hidden" name="name" value="{html.escape(i.display_name)}">'
            + ('<input type="hidden" name="verified" value="true">' if i.verified else "")
            + f"<button>{html.escape(i.display_name)} &lt;{html.escape(i.email)}&gt;"
            f"{'' if i.verified else ' (unverified)'}</button></form>"
            for i in self.identities.values()
        )
        title = "Google" if provider == "google" else "GitHub"
        return (
            f"<!doctype html><meta charset=utf-8><title>Fake {title} sign-in</title>"
            "<style>body{font-family:system-ui;max-width:32rem;margin:3rem auto}form{margin:.5rem 0}"
            "button{padding:.5rem 1rem}label{display:block;margin:.4rem 0}</style>"
            f"<h1>Sign in with {title} (simulated)</h1><p>Choose an account:</p>{choices}"
            f'<h2>Or another one</h2><form method="post">{hidden}'
            '<label>E-mail <input name="email" type="email" required></label>'
            '<label>Name <input name="name"></label>'
            '<label><input type="checkbox" name="verified" checked> E-mail verified</label>'
            '<button name="action" value="approve">Sign in</button> '
            '<button name="action" value="deny" formnovalidate>Cancel</button></form>'
        )

    # --- token endpoint ---------------------------------------------------------------------------

    def _client_credentials(self, request: Request, form: dict[str, str]) -> tuple[str, str]:
        authorization = request.headers.get("authorization", "")
        if authorization.lower().startswith("basic "):
            decoded = base64.b64decode(authorization[6:]).decode()
            client_id, _, secret = decoded.partition(":")
            return unquote(client_id), unquote(secret)
        return form.get("client_id", ""), form.get("client_secret", "")

    async def token(self, request: Request) -> Response:
        provider = request.path_params["provider"]
        form = await _form(request)
        client_id, client_secret = self._client_credentials(request, form)
        expected = self.clients.get(provider)
        if (
            expected is None
            or client_id != expected[0]
            or not hmac.compare_digest(client_secret, expected[1])
        ):
            return JSONResponse({"error": "invalid_client"}, status_code=401)
        if form.get("grant_type") != "authorization_code":
            return JSONResponse({"error": "unsupported_grant_type"}, status_code=400)
        grant = self.codes.pop(form.get("code", ""), None)
        if (
            grant is None
            or grant.provider != provider
            or grant.client_id != client_id
            or grant.expires < time.time()
            or grant.redirect_uri != form.get("redirect_uri")
        ):
            return JSONResponse({"error": "invalid_grant"}, status_code=400)
        verifier = form.get("code_verifier", "")
        challenge = base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest()).rstrip(b"=").decode()
        if not verifier or not hmac.compare_digest(challenge, grant.code_challenge):
            return JSONResponse(
                {"error": "invalid_grant", "error_description": "PKCE verification failed"}, status_code=400
            )
        access_token = secrets.token_urlsafe(24)
        self.tokens[access_token] = (provider, grant.identity)
        body: dict[str, Any] = {"access_token": access_token, "token_type": "Bearer", "scope": grant.scope}
        if provider == "google":
            body["expires_in"] = 3599
            body["id_token"] = self._id_token(request, grant, client_id)
        return JSONResponse(body)

    def _issuer(self, request: Request) -> str:
        return f"{str(request.base_url).rstrip('/')}/google"

    def _id_token(self, request: Request, grant: _Grant, client_id: str) -> str:
        now = int(time.time())
        identity = grant.identity
        claims: dict[str, Any] = {
            "iss": self._issuer(request),
            "aud": client_id,
            "azp": client_id,
            "sub": identity.subject,
            "email": identity.email,
            "email_verified": identity.verified,
            "name": identity.display_name,
            "iat": now,
            "exp": now + 3600,
        }
        if grant.nonce:
            claims["nonce"] = grant.nonce
        return jwt.encode(claims, self.key, algorithm="RS256", headers={"kid": self.kid})

    # --- resources --------------------------------------------------------------------------------

    def _bearer(self, request: Request, provider: str) -> FakeIdentity | None:
        scheme, _, token = request.headers.get("authorization", "").partition(" ")
        found = self.tokens.get(token) if scheme.lower() in {"bearer", "token"} else None
        return found[1] if found and found[0] == provider else None

    async def discovery(self, request: Request) -> Response:
        issuer = self._issuer(request)
        return JSONResponse(
            {
                "issuer": issuer,
                "authorization_endpoint": f"{issuer}/authorize",
                "token_endpoint": f"{issuer}/token",
                "userinfo_endpoint": f"{issuer}/userinfo",
                "jwks_uri": f"{issuer}/jwks",
                "response_types_supported": ["code"],
                "subject_types_supported": ["public"],
                "id_token_signing_alg_values_supported": ["RS256"],
                "scopes_supported": ["openid", "email", "profile"],
                "token_endpoint_auth_methods_supported": ["client_secret_basic", "client_secret_post"],
                "code_challenge_methods_supported": ["S256"],
                "claims_supported": ["sub", "email", "email_verified", "name", "nonce"],
            }
        )

    async def jwks(self, request: Request) -> Response:
        key = RSAAlgorithm.to_jwk(self.key.public_key(), as_dict=True)
        key.update({"kid": self.kid, "use": "sig", "alg": "RS256"})
        return JSONResponse({"keys": [key]})

    async def userinfo(self, request: Request) -> Response:
        identity = self._bearer(request, "google")
        if identity is None:
            return JSONResponse({"error": "invalid_token"}, status_code=401)
        return JSONResponse(
            {
                "sub": identity.subject,
                "email": identity.email,
                "email_verified": identity.verified,
                "name": identity.display_name,
            }
        )

    async def github_user(self, request: Request) -> Response:
        identity = self._bearer(request, "github")
        if identity is None:
            return JSONResponse({"message": "Bad credentials"}, status_code=401)
        return JSONResponse(
            {
                "id": int(identity.subject),
                "login": identity.email.split("@")[0],
                "name": identity.display_name,
                "email": None,
            }
        )

    async def github_emails(self, request: Request) -> Response:
        identity = self._bearer(request, "github")
        if identity is None:
            return JSONResponse({"message": "Bad credentials"}, status_code=401)
        login = identity.email.split("@")[0]
        return JSONResponse(
            [
                {
                    "email": f"{login}@users.noreply.github.com",
                    "primary": False,
                    "verified": True,
                    "visibility": None,
                },
                {
                    "email": identity.email,
                    "primary": True,
                    "verified": identity.verified,
                    "visibility": "private",
                },
            ]
        )


def create_app(
    identities: Iterable[FakeIdentity] = DEFAULT_IDENTITIES,
    *,
    clients: dict[str, tuple[str, str]] | None = None,
) -> Starlette:
    """The fake provider as an ASGI app (Google under `/google`, GitHub under `/github`)."""
    provider = FakeProvider(
        identities,
        clients
        or {
            "google": (GOOGLE_CLIENT_ID, GOOGLE_CLIENT_SECRET),
            "github": (GITHUB_CLIENT_ID, GITHUB_CLIENT_SECRET),
        },
    )
    app = Starlette(
        routes=[
            Route("/google/.well-known/openid-configuration", provider.discovery),
            Route("/{provider:str}/authorize", provider.authorize, methods=["GET", "POST"]),
            Route("/{provider:str}/login/oauth/authorize", provider.authorize, methods=["GET", "POST"]),
            Route("/{provider:str}/token", provider.token, methods=["POST"]),
            Route("/{provider:str}/login/oauth/access_token", provider.token, methods=["POST"]),
            Route("/google/userinfo", provider.userinfo),
            Route("/google/jwks", provider.jwks),
            Route("/github/api/user", provider.github_user),
            Route("/github/api/user/emails", provider.github_emails),
        ]
    )
    app.state.provider = provider
    return app
