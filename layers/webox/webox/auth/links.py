"""Single-use links sent by e-mail: verify the address (at registration) and reset the password.
The token is stored only as its digest, bound to the account's token version, and spent once."""

from __future__ import annotations

import html
from datetime import timedelta

from webox import mail
from webox.auth import repository, security
from webox.auth.config import get_auth_settings
from webox.auth.errors import InvalidToken
from webox.auth.models import OneTimeToken, User
from webox.config import get_settings
from webox.db import utcnow
from webox.logging import get_logger

logger = get_logger()

_MAILS = {
    "verify": {
        "fr": (
            "Confirmez votre adresse e-mail",
            "Bonjour {name},\n\nConfirmez votre adresse e-mail WeBox en ouvrant ce lien :\n{link}\n\n"
            "Le lien expire dans {hours} heures. Si vous n'avez pas créé de compte, ignorez ce message.",
        ),
        "en": (
            "Confirm your e-mail address",
            "Hello {name},\n\nConfirm your WeBox e-mail address by opening this link:\n{link}\n\n"
            "The link expires in {hours} hours. If you did not create an account, ignore this message.",
        ),
    },
    "reset": {
        "fr": (
            "Réinitialisez votre mot de passe",
            "Bonjour {name},\n\nPour choisir un nouveau mot de passe WeBox, ouvrez ce lien :\n{link}\n\n"
            "Le lien sert une seule fois et expire dans {minutes} minutes. "
            "Si vous n'avez rien demandé, ignorez ce message : votre mot de passe ne change pas.",
        ),
        "en": (
            "Reset your password",
            "Hello {name},\n\nTo choose a new WeBox password, open this link:\n{link}\n\n"
            "The link works once and expires in {minutes} minutes. "
            "If you did not ask for it, ignore this message: your password stays the same.",
        ),
    },
}
_LINK_PAGES = {"verify": "verify-email", "reset": "reset-password"}


def compose_mail(purpose: str, language: str, name: str, link: str, ttl_s: int) -> tuple[str, str, str]:
    """(subject, text, HTML) of a link's mail, in the account's language if there is a template
    for it, else in French; the HTML escapes what the user typed (their name)."""
    subject, template = _MAILS[purpose].get(language, _MAILS[purpose]["fr"])
    text = template.format(name=name, link=link, hours=ttl_s // 3600, minutes=ttl_s // 60)
    body = html.escape(text).replace("\n", "<br>\n")
    return subject, text, f"<!doctype html><p>{body}</p>"


def send_link(user: User, purpose: str) -> None:
    """E-mail `user` a fresh `verify` or `reset` link, in their language."""
    settings = get_auth_settings()
    ttl = settings.verify_ttl_s if purpose == "verify" else settings.reset_ttl_s
    token = security.random_token()
    now = utcnow()
    repository.save(
        OneTimeToken(
            security.digest(token),
            purpose=purpose,
            user_id=user.id,
            token_version=int(user.token_version),
            created_at=now,
            expires_at=now + timedelta(seconds=ttl),
        )
    )
    # In the fragment: a browser never sends it to a server, so no access log or Referer holds it.
    link = f"{get_settings().public_url.rstrip('/')}/{_LINK_PAGES[purpose]}#token={token}"
    mail.send(user.email, *compose_mail(purpose, user.language, user.name, link, ttl))
    logger.info("link sent", extra={"user_id": user.id, "purpose": purpose})


def redeem(token: str, purpose: str) -> tuple[OneTimeToken, User]:
    """Look a link's token up without spending it (the caller spends it once its input is valid)."""
    item = repository.get_one_time_token(security.digest(token))
    if item is None or item.purpose != purpose or item.expires_at <= utcnow():
        raise InvalidToken()
    user = repository.get_user(item.user_id)
    if user is None or user.disabled or user.token_version != item.token_version:
        raise InvalidToken()
    return item, user
