"""Users' own provider keys (BYOK), KMS-encrypted, one item per (user, vendor)."""

from __future__ import annotations

from pynamodb.attributes import BinaryAttribute, UnicodeAttribute, UTCDateTimeAttribute
from pynamodb.models import Model

from webox.db import TableMeta, table_name


class ProviderKey(Model):
    class Meta(TableMeta):
        table_name = table_name("provider_keys")

    user_id = UnicodeAttribute(hash_key=True)
    vendor = UnicodeAttribute(range_key=True)
    # KMS ciphertext bound to the encryption context {"user_id", "vendor"}: useless under another owner.
    ciphertext = BinaryAttribute(legacy_encoding=False)
    masked = UnicodeAttribute()
    updated_at = UTCDateTimeAttribute()
