"""Share-link tokens sealed with their owner's data key, so listing 50 links costs one KMS call, not 50.

Each owner has one random AES-256 key, kept KMS-encrypted (`repository.owner_key`). A token is sealed
with AES-GCM under it, the link and owner ids as associated data (a sealed token copied onto another
link does not open). Links made before these keys keep a KMS-encrypted token, opened one by one."""

from __future__ import annotations

import os

from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from webox.share import repository
from webox.share.models import ShareLink

_NONCE_BYTES = 12


def _aad(link_id: str, owner_id: str) -> bytes:
    return f"share-link:{link_id}:{owner_id}".encode()


def seal(key: bytes, token: str, link_id: str, owner_id: str) -> bytes:
    """The token encrypted and authenticated under the owner's key (nonce first)."""
    nonce = os.urandom(_NONCE_BYTES)
    return nonce + AESGCM(key).encrypt(nonce, token.encode(), _aad(link_id, owner_id))


def unseal(key: bytes, sealed: bytes, link_id: str, owner_id: str) -> str:
    """A sealed token in clear (raises if it was altered or belongs to another link)."""
    nonce, ciphertext = sealed[:_NONCE_BYTES], sealed[_NONCE_BYTES:]
    return AESGCM(key).decrypt(nonce, ciphertext, _aad(link_id, owner_id)).decode()


class Opener:
    """Opens the tokens of one owner's links, fetching the owner's key once (on first need)."""

    def __init__(self, owner_id: str) -> None:
        self.owner_id = owner_id
        self._key: bytes | None = None

    def token(self, link: ShareLink) -> str:
        """The link's token in clear."""
        if link.token_sealed is None:
            return repository.decrypt_token(link)
        if self._key is None:
            self._key = repository.owner_key(self.owner_id, create=False)
        if self._key is None:
            raise LookupError("the owner's data key is gone")
        return unseal(self._key, bytes(link.token_sealed), link.link_id, link.owner_id)
