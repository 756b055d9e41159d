"""Auth API (`/api/auth`): accounts, sign-in, sessions, passwords, 2FA, API tokens, OAuth, administration."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Query, Request, Response
from fastapi.responses import RedirectResponse
from webox.auth import accounts, api_tokens, oauth, passwords, sessions, sign_in, socket_tickets, two_factor
from webox.auth import admin as auth_admin
from webox.auth.config import OAUTH_COOKIE
from webox.auth.dependencies import (
    AdminUser,
    Client,
    CurrentPrincipal,
    CurrentUser,
    LogoutCredential,
    SameOrigin,
    SessionPrincipal,
    SessionUser,
    clear_session_cookies,
    remember_device,
    set_session_cookies,
)
from webox.auth.errors import (
    ApiTokenNotFound,
    CannotModifySelf,
    CsrfFailed,
    EmailAlreadyVerified,
    EmailTaken,
    InvalidCode,
    InvalidCredentials,
    InvalidToken,
    MfaAlreadyEnabled,
    MfaNotEnabled,
    MfaSetupMissing,
    NotAuthenticated,
    ProviderNotConfigured,
    ReauthenticationRequired,
    RefreshReused,
    SessionNotFound,
    TokenExpired,
    TooManyAttempts,
    UserNotFound,
    WeakPassword,
    WrongPassword,
)
from webox.auth.responses import RefreshCredential, session_started, signed_in, token_pair
from webox.auth.schemas import (
    AdminUserList,
    AdminUserOut,
    AdminUserPatch,
    ApiTokenCreated,
    ApiTokenIn,
    ApiTokenList,
    ApiTokenOut,
    ChangePasswordIn,
    CodeIn,
    DisableMfaIn,
    ForgotPasswordIn,
    LoginIn,
    MfaLoginIn,
    MfaRequired,
    OAuthProviders,
    ReauthIn,
    RecoveryCodesOut,
    RegisterIn,
    ResetPasswordIn,
    SessionList,
    SessionOut,
    SignedIn,
    SocketTicketOut,
    TokenPair,
    TotpSetupOut,
    UserOut,
    VerifyEmailIn,
)
from webox.errors import Conflict
from webox.http import create_app, error_responses, lambda_handler

router = APIRouter(prefix="/api/auth", tags=["auth"])
Provider = Literal["google", "github"]


@router.get("/me")
def get_me(user: CurrentUser) -> UserOut:
    """The signed-in user."""
    return UserOut.of(user)


@router.post(
    "/register",
    status_code=201,
    dependencies=[SameOrigin],
    responses=error_responses(EmailTaken, WeakPassword, TooManyAttempts),
)
def register(body: RegisterIn, client: Client, response: Response) -> SignedIn:
    """Create an account (signed in at once); a verification link is e-mailed."""
    user, issued = accounts.register(body.email, body.password, body.name, client, body.language)
    return session_started(response, user, issued)


@router.post(
    "/login", dependencies=[SameOrigin], responses=error_responses(InvalidCredentials, TooManyAttempts)
)
def login(body: LoginIn, client: Client, response: Response) -> SignedIn | MfaRequired:
    """Sign in with e-mail and password; with 2FA on, answers an `mfa_token` for `/api/auth/login/2fa`."""
    return signed_in(response, sign_in.login(body.email, body.password, client))


@router.post(
    "/login/2fa",
    dependencies=[SameOrigin],
    responses=error_responses(InvalidCode, NotAuthenticated, TooManyAttempts),
)
def login_second_factor(body: MfaLoginIn, client: Client, response: Response) -> SignedIn | MfaRequired:
    """Finish signing in with a TOTP code or a recovery code."""
    return signed_in(response, sign_in.login_second_factor(body.mfa_token, body.code, client))


@router.post("/logout", status_code=204)
def logout(credential: LogoutCredential, response: Response) -> None:
    """End this session and clear its cookies."""
    sessions.logout(*credential)
    clear_session_cookies(response)


@router.post(
    "/refresh",
    dependencies=[SameOrigin],
    responses=error_responses(NotAuthenticated, TokenExpired, RefreshReused, CsrfFailed),
)
def refresh(credential: RefreshCredential, response: Response) -> SignedIn | TokenPair:
    """Rotate the refresh token: cookies for the SPA, or a token pair when it was sent in the body."""
    token, from_cookie = credential
    user, issued = sessions.refresh(token)
    return session_started(response, user, issued) if from_cookie else token_pair(issued)


@router.post(
    "/password/forgot",
    status_code=202,
    response_class=Response,
    dependencies=[SameOrigin],
    responses=error_responses(TooManyAttempts),
)
def forgot_password(body: ForgotPasswordIn, client: Client) -> None:
    """E-mail a reset link if an account uses this address (the answer is the same either way)."""
    passwords.forgot_password(body.email, client.ip)


@router.post(
    "/password/reset",
    status_code=204,
    dependencies=[SameOrigin],
    responses=error_responses(InvalidToken, WeakPassword),
)
def reset_password(body: ResetPasswordIn, response: Response) -> None:
    """Set a new password from a reset link; every session ends."""
    remember_device(response, passwords.reset_password(body.token, body.password))


@router.post(
    "/password/change",
    status_code=204,
    responses=error_responses(WrongPassword, WeakPassword, TooManyAttempts),
)
def change_password(
    body: ChangePasswordIn, principal: SessionPrincipal, client: Client, response: Response
) -> None:
    """Change the password; other sessions end, this one continues with new cookies."""
    issued = passwords.change_password(principal, body.current_password, body.new_password, client)
    set_session_cookies(response, issued)


@router.post("/email/verify", status_code=204, responses=error_responses(InvalidToken))
def verify_email(body: VerifyEmailIn) -> None:
    """Confirm the e-mail address from the link sent at registration."""
    passwords.verify_email(body.token)


@router.post(
    "/email/verification",
    status_code=204,
    responses=error_responses(EmailAlreadyVerified, TooManyAttempts),
)
def resend_verification(user: SessionUser) -> None:
    """Send the e-mail verification link again (a few times an hour)."""
    accounts.resend_verification(user)


@router.post(
    "/2fa/setup",
    responses=error_responses(MfaAlreadyEnabled, WrongPassword, ReauthenticationRequired, TooManyAttempts),
)
def setup_2fa(body: ReauthIn, principal: SessionPrincipal) -> TotpSetupOut:
    """Start enrolling an authenticator app (the password again): a new secret and its QR code."""
    secret, uri, svg = two_factor.start_mfa_setup(
        principal.user, body.password, session_id=principal.session_id
    )
    return TotpSetupOut(secret=secret, otpauth_uri=uri, qr_svg=svg)


@router.post(
    "/2fa/enable",
    responses=error_responses(InvalidCode, MfaAlreadyEnabled, MfaSetupMissing, TooManyAttempts),
)
def enable_2fa(body: CodeIn, user: SessionUser) -> RecoveryCodesOut:
    """Turn 2FA on with a first code; returns the recovery codes (shown once)."""
    return RecoveryCodesOut(recovery_codes=two_factor.enable_mfa(user, body.code))


@router.post(
    "/2fa/disable",
    status_code=204,
    responses=error_responses(InvalidCode, WrongPassword, MfaNotEnabled, TooManyAttempts),
)
def disable_2fa(body: DisableMfaIn, user: SessionUser) -> None:
    """Turn 2FA off (password and a code required)."""
    two_factor.disable_mfa(user, body.password, body.code)


@router.post("/2fa/recovery-codes", responses=error_responses(InvalidCode, MfaNotEnabled, TooManyAttempts))
def regenerate_recovery_codes(body: CodeIn, user: SessionUser) -> RecoveryCodesOut:
    """Replace the recovery codes (a code required); the old ones stop working."""
    return RecoveryCodesOut(recovery_codes=two_factor.regenerate_recovery_codes(user, body.code))


@router.post("/socket-ticket", status_code=201)
def create_socket_ticket(principal: CurrentPrincipal) -> SocketTicketOut:
    """A single-use ticket to open the WebSocket with (`?ticket=`), for clients that cannot send a
    header or cookie there; it expires in 30 seconds and the socket is bound to this credential."""
    return SocketTicketOut(
        ticket=socket_tickets.issue_ticket(principal), expires_in=socket_tickets.TICKET_TTL_S
    )


@router.get("/sessions")
def list_sessions(principal: SessionPrincipal) -> SessionList:
    """The signed-in devices of this account."""
    devices = sessions.list_sessions(principal)
    return SessionList(items=[SessionOut.of(s, principal.session_id) for s in devices])


@router.delete("/sessions/{session_id}", status_code=204, responses=error_responses(SessionNotFound))
def revoke_session(session_id: str, principal: SessionPrincipal) -> None:
    """Sign one device out."""
    sessions.revoke_session(principal, session_id)


@router.post("/sessions/revoke-all", status_code=204)
def revoke_all_sessions(principal: SessionPrincipal, response: Response) -> None:
    """Sign every device out, this one included, and revoke every API token."""
    sessions.revoke_all_sessions(principal)
    clear_session_cookies(response)


@router.get("/tokens")
def list_api_tokens(user: SessionUser) -> ApiTokenList:
    """Personal API tokens (never their secret)."""
    return ApiTokenList(items=[ApiTokenOut.of(t) for t in api_tokens.list_api_tokens(user)])


@router.post(
    "/tokens",
    status_code=201,
    responses=error_responses(
        Conflict("Too many API tokens: revoke one first", code="too_many_tokens"),
        WrongPassword,
        InvalidCode,
        ReauthenticationRequired,
        TooManyAttempts,
    ),
)
def create_api_token(body: ApiTokenIn, principal: SessionPrincipal) -> ApiTokenCreated:
    """Create a personal API token (the password again, + a 2FA code when on); shown this once."""
    token, item = api_tokens.create_api_token(
        principal.user,
        body.name,
        list(body.scopes),
        body.expires_in_days,
        password=body.password,
        code=body.code,
        session_id=principal.session_id,
    )
    return ApiTokenCreated(token=token, item=ApiTokenOut.of(item))


@router.delete("/tokens/{token_id}", status_code=204, responses=error_responses(ApiTokenNotFound))
def revoke_api_token(token_id: str, user: SessionUser) -> None:
    """Revoke a personal API token."""
    api_tokens.revoke_api_token(user, token_id)


@router.get("/oauth/providers")
def list_oauth_providers() -> OAuthProviders:
    """The sign-in providers available here."""
    return OAuthProviders(providers=oauth.configured_providers())


@router.get(
    "/oauth/{provider}/start",
    response_class=RedirectResponse,
    status_code=302,
    responses=error_responses(ProviderNotConfigured),
)
async def start_oauth(
    provider: Provider, next_path: Annotated[str, Query(alias="next", max_length=2048)] = "/"
) -> RedirectResponse:
    """Go to the provider's sign-in page; `next` is the SPA path to return to."""
    url, state_cookie = await oauth.start(provider, next_path)
    return oauth.start_redirect(url, state_cookie)


@router.get("/oauth/{provider}/callback", response_class=RedirectResponse, status_code=302)
async def oauth_callback(provider: Provider, request: Request, client: Client) -> RedirectResponse:
    """Where the provider sends the browser back: signs in and returns to the SPA."""
    result = await oauth.complete(provider, request.query_params, request.cookies.get(OAUTH_COOKIE), client)
    return oauth.callback_redirect(result)


@router.get("/admin/users")
def list_users(
    admin: AdminUser,
    q: Annotated[str, Query(max_length=100)] = "",
    cursor: Annotated[str | None, Query(max_length=2048)] = None,
    limit: Annotated[int, Query(ge=1, le=100)] = 50,
) -> AdminUserList:
    """Accounts, searched by e-mail or name prefix (administrators only)."""
    users, next_cursor = auth_admin.list_users(q, cursor, limit)
    return AdminUserList(items=[AdminUserOut.of(u) for u in users], next_cursor=next_cursor)


@router.patch("/admin/users/{user_id}", responses=error_responses(UserNotFound, CannotModifySelf))
def update_user(user_id: str, body: AdminUserPatch, admin: AdminUser) -> AdminUserOut:
    """Change a user's role or disable the account (administrators only; not on themselves)."""
    user = auth_admin.update_user_as_admin(admin, user_id, role=body.role, disabled=body.disabled)
    return AdminUserOut.of(user)


app = create_app(
    router, title="Auth", description="Accounts, sessions, 2FA, API tokens and sign-in providers."
)
handler = lambda_handler(app)
