"""Errors of the auth feature, each with the stable `code` the SPA reads."""

from __future__ import annotations

from webox.errors import Conflict, Forbidden, Invalid, NotFound, TooManyRequests, Unauthorized, WeboxError


class NotAuthenticated(Unauthorized):
    status, code, title = 401, "not_authenticated", "Authentication required"


class TokenExpired(Unauthorized):
    status, code, title = 401, "token_expired", "Access token expired"


class InvalidCredentials(Unauthorized):
    status, code, title = 401, "invalid_credentials", "Wrong e-mail or password"


class InvalidCode(Unauthorized):
    status, code, title = 401, "invalid_code", "Invalid or already used code"


class RefreshReused(Unauthorized):
    status, code, title = 401, "refresh_reused", "This session was ended because its refresh token was reused"


class WrongPassword(Forbidden):
    status, code, title = 403, "wrong_password", "Wrong password"


class ReauthenticationRequired(Forbidden):
    status, code, title = (
        403,
        "reauthentication_required",
        "Sign in again first (this account has no password)",
    )


class CsrfFailed(Forbidden):
    status, code, title = 403, "csrf_failed", "Missing or wrong CSRF token"


class OriginNotAllowed(Forbidden):
    status, code, title = 403, "origin_not_allowed", "Request from a foreign origin"


class SessionRequired(Forbidden):
    status, code, title = 403, "session_required", "Only a signed-in browser session can do this"


class InsufficientScope(Forbidden):
    status, code, title = 403, "insufficient_scope", "This API token lacks the required scope"


class InsufficientRole(Forbidden):
    status, code, title = 403, "forbidden", "Your role does not allow this"


class CannotModifySelf(Forbidden):
    status, code, title = 403, "cannot_modify_self", "Administrators cannot demote or disable themselves"


class EmailTaken(Conflict):
    status, code, title = 409, "email_taken", "An account already uses this e-mail"


class EmailAlreadyVerified(Conflict):
    status, code, title = 409, "email_already_verified", "This e-mail address is already verified"


class MfaAlreadyEnabled(Conflict):
    status, code, title = 409, "mfa_already_enabled", "Two-factor authentication is already on"


class MfaNotEnabled(Conflict):
    status, code, title = 409, "mfa_not_enabled", "Two-factor authentication is off"


class MfaSetupMissing(Conflict):
    status, code, title = 409, "mfa_setup_missing", "Start the two-factor setup first"


class WeakPassword(Invalid):
    status, code, title = 422, "weak_password", "Password too weak"


class InvalidEmail(Invalid):
    status, code, title = 422, "invalid_email", "Invalid e-mail address"


class InvalidToken(WeboxError):
    status, code, title = 400, "invalid_token", "Invalid or expired link"


class TooManyAttempts(TooManyRequests):
    code, title = "too_many_attempts", "Too many attempts"


class SessionNotFound(NotFound):
    title = "Session not found"


class ApiTokenNotFound(NotFound):
    title = "API token not found"


class UserNotFound(NotFound):
    title = "User not found"


class ProviderNotConfigured(NotFound):
    status, code, title = 404, "provider_not_configured", "This sign-in provider is not available"


class OAuthFailed(WeboxError):
    """A sign-in with a provider that did not complete; the browser is sent back to /login with `code`."""

    status, code, title = 400, "oauth_failed", "Sign-in with the provider failed"
