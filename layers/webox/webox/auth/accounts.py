"""Accounts: registration, administrators made from the command line, the profile, and deleting an
account's auth records."""

from __future__ import annotations

from webox.auth import links, repository, security
from webox.auth.config import get_auth_settings
from webox.auth.errors import EmailAlreadyVerified, EmailTaken, UserNotFound
from webox.auth.models import User
from webox.auth.sessions import ClientInfo, IssuedSession, start_session
from webox.auth.throttle import address_throttle, hit
from webox.db import utcnow
from webox.logging import get_logger

logger = get_logger()


def new_user(
    email: str,
    name: str,
    *,
    password_hash: str | None,
    role: str = "user",
    email_verified: bool = False,
    language: str = "fr",
) -> User:
    """A new account item (not saved)."""
    now = utcnow()
    return User(
        security.new_id(),
        email=email,
        name=name,
        name_key=name.casefold(),
        role=role,
        email_verified=email_verified,
        password_hash=password_hash,
        language=language,
        created_at=now,
        updated_at=now,
    )


def user_by_email(email: str) -> User | None:
    """The account of a (normalised) e-mail address, if any."""
    user_id = repository.user_id_for(f"email:{email}")
    return repository.get_user(user_id) if user_id else None


def get_user(user_id: str) -> User:
    """One account (404 when unknown)."""
    user = repository.get_user(user_id)
    if user is None:
        raise UserNotFound()
    return user


def register(
    email: str, password: str, name: str, client: ClientInfo, language: str = "fr"
) -> tuple[User, IssuedSession]:
    """Create an account (signed in at once) in the interface's `language` and send the e-mail
    verification link in it; at most so many a client address and hour."""
    address_throttle("register", client.ip, get_auth_settings().register_ip_limit)
    security.check_password_policy(password, email=email, name=name)
    user = new_user(email, name, password_hash=security.hash_password(password), language=language)
    if not repository.create_user(user, [f"email:{email}"]):
        raise EmailTaken()
    logger.info("account created", extra={"user_id": user.id})
    links.send_link(user, "verify")
    return user, start_session(user, client, "password")


def resend_verification(user: User) -> None:
    """Send the verification link again (the last one stays valid until it expires); a few an hour."""
    if user.email_verified:
        raise EmailAlreadyVerified()
    settings = get_auth_settings()
    hit("verify-resend", user.id, limit=settings.forgot_limit, window_s=settings.forgot_window_s)
    links.send_link(user, "verify")


def create_admin(email: str, password: str | None = None) -> tuple[User, str | None]:
    """Create an administrator, or promote an existing account; returns a generated password if any."""
    email = security.normalize_email(email)
    user = user_by_email(email)
    if user is not None:
        if password:
            security.check_password_policy(password, email=email, name=user.name)
            repository.bump_token_version(user, role="admin", password_hash=security.hash_password(password))
            repository.delete_sessions(user.id)
        else:
            repository.update_user(user, role="admin")
        logger.info("account promoted to admin", extra={"user_id": user.id})
        return user, None
    generated = None if password else security.random_token(18)
    password = password or generated or ""
    name = email.split("@")[0]
    security.check_password_policy(password, email=email, name=name)
    user = new_user(
        email, name, password_hash=security.hash_password(password), role="admin", email_verified=True
    )
    if not repository.create_user(user, [f"email:{email}"]):
        raise EmailTaken()
    logger.info("admin account created", extra={"user_id": user.id})
    return user, generated


def update_profile(user: User, *, name: str | None = None, language: str | None = None) -> User:
    """Change the display name and/or the language of an account."""
    fields: dict[str, str] = {}
    if name is not None:
        fields.update(name=name, name_key=name.casefold())
    if language is not None:
        fields["language"] = language
    if fields:
        repository.update_user(user, **fields)
    return user


def delete_account(user: User) -> None:
    """Delete an account: its sessions, API tokens, identities (e-mail and every linked provider)
    and the user item itself."""
    repository.delete_sessions(user.id)
    for token in repository.list_api_tokens(user.id):
        repository.delete_api_token(token.id)
    for key in {f"email:{user.email}", *repository.identity_keys(user.id)}:
        repository.delete_identity(key, user.id)
    repository.delete_user(user.id)
    logger.info("account deleted", extra={"user_id": user.id})
