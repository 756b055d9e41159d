"""Request and response bodies of the auth API."""

from __future__ import annotations

import unicodedata
from datetime import datetime
from typing import Annotated, Any, Literal, get_args

from pydantic import AfterValidator, BaseModel, ConfigDict, Field

from webox.auth import security
from webox.auth.api_tokens import DEFAULT_EXPIRY_DAYS as DEFAULT_TOKEN_EXPIRY_DAYS
from webox.auth.fields import Email
from webox.auth.models import ApiToken, Session, User

Role = Literal["admin", "editor", "user"]
Scope = Literal["chat", "media", "tasks", "workflows", "read"]


def _name(value: str) -> str:
    cleaned = " ".join(unicodedata.normalize("NFKC", value).split())
    if not cleaned:
        raise ValueError("Name must not be empty")
    return cleaned


def _code(value: str) -> str:
    return "".join(value.split())


Name = Annotated[str, Field(min_length=1, max_length=100, examples=["Ada Lovelace"]), AfterValidator(_name)]
# The policy (10-256 characters, not common…) is the service's; this bound only stops huge bodies.
Password = Annotated[str, Field(min_length=1, max_length=1024, examples=["correct horse battery staple"])]
Code = Annotated[str, Field(min_length=1, max_length=32, examples=["492039"]), AfterValidator(_code)]
OpaqueToken = Annotated[str, Field(min_length=1, max_length=4096)]

_USER_EXAMPLE: dict[str, Any] = {
    "id": "8f14e45fceea167a5a36dedd4bea2543",
    "email": "ada@example.com",
    "name": "Ada Lovelace",
    "role": "user",
    "mfa_enabled": False,
    "email_verified": True,
    "language": "fr",
    "created_at": "2025-01-31T09:30:00Z",
}


class UserOut(BaseModel):
    model_config = ConfigDict(json_schema_extra={"examples": [_USER_EXAMPLE]})

    id: str
    email: str
    name: str
    role: Role
    mfa_enabled: bool
    email_verified: bool
    language: str
    created_at: datetime

    @classmethod
    def of(cls, user: User) -> UserOut:
        return cls(
            id=user.id,
            email=user.email,
            name=user.name,
            role=user.role,  # type: ignore[arg-type]
            mfa_enabled=bool(user.mfa_enabled),
            email_verified=bool(user.email_verified),
            language=user.language,
            created_at=user.created_at,
        )


class SignedIn(BaseModel):
    """Signed in: the session cookies are set."""

    model_config = ConfigDict(json_schema_extra={"examples": [{"user": _USER_EXAMPLE}]})

    user: UserOut


class MfaRequired(BaseModel):
    """The password was right; send a TOTP or recovery code with this token to `/api/auth/login/2fa`."""

    model_config = ConfigDict(
        json_schema_extra={"examples": [{"mfa_required": True, "mfa_token": "eyJhbGciOiJIUzI1NiIs…"}]}
    )

    mfa_required: Literal[True] = True
    mfa_token: str


class RegisterIn(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "email": "camille.durand@example.fr",
                    "password": "Vélo-rouge-sur-la-Loire-42",
                    "name": "Camille Durand",
                    "language": "fr",
                }
            ]
        }
    )

    email: Email
    password: Password
    name: Name
    # The interface's language when signing up: the account's from then on (its e-mails included).
    language: Literal["fr", "en"] = "fr"


class LoginIn(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [{"email": "camille.durand@example.fr", "password": "Vélo-rouge-sur-la-Loire-42"}]
        }
    )

    email: Email
    password: Password


class MfaLoginIn(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "mfa_token": "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiI4ZjE0ZTQ1ZiIsInB1cnBvc2UiOiJtZmEifQ.c2lnbmF0dXJl",
                    "code": "492039",
                }
            ]
        }
    )

    mfa_token: OpaqueToken
    code: Code


class RefreshIn(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={"examples": [{"refresh_token": "q3XvYl0k2bS9d1QeN7mRrT4uWcZp8HjA"}]}
    )

    refresh_token: OpaqueToken


class SocketTicketOut(BaseModel):
    """A single-use ticket for `wss://…/ws?ticket=…`, valid `expires_in` seconds."""

    model_config = ConfigDict(json_schema_extra={"examples": [{"ticket": "Jx3q…", "expires_in": 30}]})

    ticket: str
    expires_in: int


class TokenPair(BaseModel):
    """Tokens for API clients that refresh without cookies."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {"access_token": "eyJ…", "refresh_token": "q3Xv…", "expires_in": 900, "token_type": "Bearer"}
            ]
        }
    )

    access_token: str
    refresh_token: str
    expires_in: int
    token_type: Literal["Bearer"] = "Bearer"  # noqa: S105 - the scheme name


class ForgotPasswordIn(BaseModel):
    model_config = ConfigDict(json_schema_extra={"examples": [{"email": "camille.durand@example.fr"}]})

    email: Email


class ResetPasswordIn(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {"token": "Vh7pQ2xN9kL4sD1fG6jR8tY3wZ5cB0mE", "password": "Nouveau-mot-de-passe-2026"}
            ]
        }
    )

    token: OpaqueToken
    password: Password


class ChangePasswordIn(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "current_password": "Vélo-rouge-sur-la-Loire-42",
                    "new_password": "Nouveau-mot-de-passe-2026",
                }
            ]
        }
    )

    current_password: Password
    new_password: Password


class VerifyEmailIn(BaseModel):
    model_config = ConfigDict(json_schema_extra={"examples": [{"token": "Kp4sW9xQ2mN7vB1cR6tY8uJ3hL5gD0fA"}]})

    token: OpaqueToken


class TotpSetupOut(BaseModel):
    """Shown once: scan the QR code (or type the secret), then confirm with a code."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "secret": "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP",
                    "otpauth_uri": "otpauth://totp/WeBox:ada%40example.com?secret=JBSW…&issuer=WeBox",
                    "qr_svg": '<svg width="185" height="185" class="segno">…</svg>',
                }
            ]
        }
    )

    secret: str
    otpauth_uri: str
    qr_svg: str


class CodeIn(BaseModel):
    model_config = ConfigDict(json_schema_extra={"examples": [{"code": "492039"}]})

    code: Code


class DisableMfaIn(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={"examples": [{"password": "Vélo-rouge-sur-la-Loire-42", "code": "492039"}]}
    )

    password: Password
    code: Code


class RecoveryCodesOut(BaseModel):
    """Shown once; each code signs in once in place of a TOTP code."""

    model_config = ConfigDict(
        json_schema_extra={"examples": [{"recovery_codes": ["k7w2p-9xq4m", "h3nra-v8c2e"]}]}
    )

    recovery_codes: list[str]


class SessionOut(BaseModel):
    id: str
    created_at: datetime
    last_used_at: datetime
    user_agent: str
    ip: str
    current: bool

    @classmethod
    def of(cls, session: Session, current_id: str | None) -> SessionOut:
        return cls(
            id=session.session_id,
            created_at=session.created_at,
            last_used_at=session.last_used_at,
            user_agent=session.user_agent,
            ip=session.ip,
            current=session.session_id == current_id,
        )


class SessionList(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "items": [
                        {
                            "id": "c4ca4238a0b923820dcc509a6f75849b",
                            "created_at": "2025-01-31T09:30:00Z",
                            "last_used_at": "2025-01-31T10:02:00Z",
                            "user_agent": "Mozilla/5.0 (X11; Linux x86_64) Firefox/134.0",
                            "ip": "203.0.113.7",
                            "current": True,
                        }
                    ]
                }
            ]
        }
    )

    items: list[SessionOut]


class ApiTokenIn(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "name": "Script de veille",
                    "scopes": ["chat", "read"],
                    "expires_in_days": 90,
                    "password": "Vélo-rouge-sur-la-Loire-42",
                    "code": "492039",
                }
            ]
        }
    )

    name: Name
    scopes: list[Scope] = Field(min_length=1, max_length=len(get_args(Scope)))
    expires_in_days: int | None = Field(
        default=DEFAULT_TOKEN_EXPIRY_DAYS,
        ge=1,
        le=3650,
        description=f"Days until the token stops working ({DEFAULT_TOKEN_EXPIRY_DAYS} unless said); `null`: never.",
    )
    password: Password | None = Field(
        default=None,
        description="The account's password (a token outlives the session); an account without one "
        "signs in again instead.",
    )
    code: Code | None = Field(default=None, description="A 2FA code, required when 2FA is on.")


class ReauthIn(BaseModel):
    """The password again, before enrolling 2FA (an account without one signs in again instead)."""

    model_config = ConfigDict(json_schema_extra={"examples": [{"password": "Vélo-rouge-sur-la-Loire-42"}]})

    password: Password | None = None


_TOKEN_ITEM_EXAMPLE: dict[str, Any] = {
    "id": "45c48cce2e2d7fbdea1afc51c7c6ad26",
    "name": "CI",
    "prefix": "wbx_45c48cce",
    "scopes": ["chat"],
    "created_at": "2025-01-31T09:30:00Z",
    "last_used_at": None,
    "expires_at": "2025-03-01T09:30:00Z",
}


class ApiTokenOut(BaseModel):
    model_config = ConfigDict(json_schema_extra={"examples": [_TOKEN_ITEM_EXAMPLE]})

    id: str
    name: str
    prefix: str
    scopes: list[Scope]
    created_at: datetime
    last_used_at: datetime | None
    expires_at: datetime | None

    @classmethod
    def of(cls, token: ApiToken) -> ApiTokenOut:
        return cls(
            id=token.id,
            name=token.name,
            prefix=security.api_token_prefix(token.id),
            scopes=sorted(token.scopes),  # type: ignore[arg-type]
            created_at=token.created_at,
            last_used_at=token.last_used_at,
            expires_at=token.expires_at,
        )


class ApiTokenList(BaseModel):
    model_config = ConfigDict(json_schema_extra={"examples": [{"items": [_TOKEN_ITEM_EXAMPLE]}]})

    items: list[ApiTokenOut]


class ApiTokenCreated(BaseModel):
    """The token is shown this once; only its hash is kept."""

    model_config = ConfigDict(
        json_schema_extra={"examples": [{"token": "wbx_45c48cce…_Xk2…", "item": _TOKEN_ITEM_EXAMPLE}]}
    )

    token: str
    item: ApiTokenOut


class OAuthProviders(BaseModel):
    model_config = ConfigDict(json_schema_extra={"examples": [{"providers": ["google", "github"]}]})

    providers: list[Literal["google", "github"]]


class AdminUserOut(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "id": "8f14e45fceea167a5a36dedd4bea2543",
                    "email": "camille.durand@example.fr",
                    "name": "Camille Durand",
                    "role": "user",
                    "disabled": True,
                    "mfa_enabled": False,
                    "created_at": "2026-01-31T09:30:00Z",
                }
            ]
        }
    )

    id: str
    email: str
    name: str
    role: Role
    disabled: bool
    mfa_enabled: bool
    created_at: datetime

    @classmethod
    def of(cls, user: User) -> AdminUserOut:
        return cls(
            id=user.id,
            email=user.email,
            name=user.name,
            role=user.role,  # type: ignore[arg-type]
            disabled=bool(user.disabled),
            mfa_enabled=bool(user.mfa_enabled),
            created_at=user.created_at,
        )


class AdminUserList(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "items": [
                        {
                            "id": "8f14e45fceea167a5a36dedd4bea2543",
                            "email": "ada@example.com",
                            "name": "Ada Lovelace",
                            "role": "user",
                            "disabled": False,
                            "mfa_enabled": False,
                            "created_at": "2025-01-31T09:30:00Z",
                        }
                    ],
                    "next_cursor": None,
                }
            ]
        }
    )

    items: list[AdminUserOut]
    next_cursor: str | None


class AdminUserPatch(BaseModel):
    model_config = ConfigDict(json_schema_extra={"examples": [{"disabled": True}]})

    role: Role | None = None
    disabled: bool | None = None
