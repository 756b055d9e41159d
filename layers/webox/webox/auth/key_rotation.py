"""Rotation of the access tokens' Ed25519 key, in Secrets Manager's four steps (the rotation function
`functions/auth/rotation.py` runs them on AWS; the local bootstrap and `rotate_now` run them here).

- `createSecret`: a new key pair becomes the secret's `AWSPENDING` version (once per token).
- `setSecret`: its public key joins the public keys every verifier reads, ahead of the older ones, so
  it verifies before it signs anything; `KEEP_GENERATIONS` generations are kept: with a rotation every
  `ROTATION_DAYS`, a token lives at most 180 days (a remembered device), and still verifies.
- `testSecret`: a probe signed with the pending key verifies with the published public key.
- `finishSecret`: the pending version becomes `AWSCURRENT`: new tokens are signed with it.
"""

from __future__ import annotations

import secrets
import uuid
from typing import Any

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from webox.auth import jws, repository
from webox.db import utcnow

ROTATION_DAYS = 90
KEEP_GENERATIONS = 3
STEPS = ("createSecret", "setSecret", "testSecret", "finishSecret")


class RotationError(RuntimeError):
    """A step that cannot go on (Secrets Manager retries the rotation; nothing current changed)."""


def new_key_document() -> dict[str, str]:
    """A fresh key pair: `{"kid", "created_at", "private", "public"}` (PEM)."""
    private = Ed25519PrivateKey.generate()
    return {
        "kid": secrets.token_hex(6),
        "created_at": utcnow().isoformat(),
        "private": private.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        ).decode(),
        "public": private.public_key()
        .public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
        .decode(),
    }


def _pending(secret_id: str, token: str) -> dict[str, Any]:
    stages = repository.version_stages(secret_id)
    if "AWSPENDING" not in stages.get(token, []):
        raise RotationError(f"version {token} is not pending")
    return repository.secret_document(secret_id, version_id=token)


def _current_version(secret_id: str) -> str | None:
    stages = repository.version_stages(secret_id)
    return next((version for version, labels in stages.items() if "AWSCURRENT" in labels), None)


def create(secret_id: str, token: str) -> None:
    if "AWSPENDING" in repository.version_stages(secret_id).get(token, []):
        return  # a retried step: the pending key exists
    repository.put_pending(secret_id, token, new_key_document())


def publish(secret_id: str, token: str) -> None:
    pending = _pending(secret_id, token)
    published = repository.secret_document(repository.public_keys_secret_id()).get("keys") or []
    keys = [{"kid": pending["kid"], "public": pending["public"]}]
    keys += [entry for entry in published if entry.get("kid") != pending["kid"]]
    repository.put_public_keys({"keys": keys[:KEEP_GENERATIONS]})


def test(secret_id: str, token: str) -> None:
    pending = _pending(secret_id, token)
    private = serialization.load_pem_private_key(str(pending["private"]).encode(), password=None)
    published = repository.secret_document(repository.public_keys_secret_id()).get("keys") or []
    entry = next((e for e in published if e.get("kid") == pending["kid"]), None)
    if not isinstance(private, Ed25519PrivateKey) or entry is None:
        raise RotationError("the pending key is not published")
    # Parsed as every verifier parses it (`repository.public_keys`).
    public = jws.ed25519_public_key(str(entry["public"]))
    probe = secrets.token_bytes(32)
    if public is None:
        raise RotationError("the published key is not an Ed25519 key")
    public.verify(private.sign(probe), probe)  # raises InvalidSignature on a mismatch


def finish(secret_id: str, token: str) -> None:
    current = _current_version(secret_id)
    if current != token:
        repository.promote(secret_id, token, current)
    repository.forget_keys()


def run_step(secret_id: str, token: str, step: str) -> None:
    """One of Secrets Manager's rotation steps."""
    actions = {"createSecret": create, "setSecret": publish, "testSecret": test, "finishSecret": finish}
    if step not in actions:
        raise RotationError(f"unknown rotation step {step!r}")
    actions[step](secret_id, token)


def rotate_now(secret_id: str | None = None) -> str:
    """All four steps at once, as Secrets Manager runs them (the local host has no rotation
    schedule); returns the new `kid`."""
    secret_id = secret_id or repository.signing_secret_id()
    token = str(uuid.uuid4())
    for step in STEPS:
        run_step(secret_id, token, step)
    return str(repository.secret_document(secret_id)["kid"])
