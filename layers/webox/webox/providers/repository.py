"""Every DynamoDB, KMS and Secrets Manager call of the providers feature."""

from __future__ import annotations

import json
import os

from botocore.exceptions import ClientError
from pynamodb.exceptions import DeleteError, DoesNotExist

from webox.aws import client
from webox.config import kms_alias, resource_env, resource_name
from webox.db import utcnow
from webox.logging import get_logger
from webox.providers.models import ProviderKey

PLATFORM_KEYS_SECRET = "provider-keys"  # noqa: S105 - a secret's name


def _context(user_id: str, vendor: str) -> dict[str, str]:
    return {"user_id": user_id, "vendor": vendor}


def encrypt_key(user_id: str, vendor: str, key: str) -> bytes:
    """KMS-encrypt a user's key, bound to its owner and vendor."""
    response = client("kms").encrypt(
        KeyId=kms_alias(), Plaintext=key.encode(), EncryptionContext=_context(user_id, vendor)
    )
    return bytes(response["CiphertextBlob"])


def decrypt_key(item: ProviderKey) -> str:
    """The plaintext of a stored key (KMS refuses it under any other owner or vendor)."""
    return decrypt_value(item.user_id, item.vendor, item.ciphertext)


def decrypt_value(user_id: str, vendor: str, ciphertext: bytes) -> str:
    """The plaintext `encrypt_key` sealed for this owner and vendor."""
    response = client("kms").decrypt(
        KeyId=kms_alias(), CiphertextBlob=ciphertext, EncryptionContext=_context(user_id, vendor)
    )
    return bytes(response["Plaintext"]).decode()


def get_key(user_id: str, vendor: str) -> ProviderKey | None:
    try:
        return ProviderKey.get(user_id, vendor)
    except DoesNotExist:
        return None


def put_key(user_id: str, vendor: str, ciphertext: bytes, masked: str) -> ProviderKey:
    item = ProviderKey(user_id, vendor, ciphertext=ciphertext, masked=masked, updated_at=utcnow())
    item.save()
    return item


def delete_key(user_id: str, vendor: str) -> bool:
    """Delete a stored key; False when there was none."""
    try:
        ProviderKey(user_id, vendor).delete(condition=ProviderKey.user_id.exists())
    except DeleteError as exc:
        if exc.cause_response_code == "ConditionalCheckFailedException":
            return False
        raise
    return True


def keys_of(user_id: str) -> list[ProviderKey]:
    """A user's stored keys (one Query; a user has at most one per vendor)."""
    return list(ProviderKey.query(user_id, limit=100))


def platform_keys() -> dict[str, str]:
    """The platform's keys from Secrets Manager (`{vendor: key}`), or {} when the secret does not exist."""
    secret_id = os.environ.get(resource_env("secret", PLATFORM_KEYS_SECRET)) or resource_name(
        PLATFORM_KEYS_SECRET
    )
    try:
        value = json.loads(client("secretsmanager").get_secret_value(SecretId=secret_id)["SecretString"])
    except ClientError as exc:
        if exc.response.get("Error", {}).get("Code") != "ResourceNotFoundException":
            get_logger().warning(
                "provider keys secret unreadable", extra={"error": exc.response.get("Error")}
            )
        return {}
    except ValueError:
        get_logger().warning("provider keys secret is not JSON")
        return {}
    if not isinstance(value, dict):
        return {}
    return {str(vendor): str(key) for vendor, key in value.items() if isinstance(key, str) and key}
