"""Knowledge base tables.

- `knowledge_bases`: a user's bases (partition: the owner's id), with their document and chunk counts.
- `knowledge_documents`: a base's documents (partition `<user_id>#<base_id>`), with their ingestion
  status. The chunks themselves live in the base's S3 Vectors index (text as metadata).
"""

from __future__ import annotations

from pynamodb.attributes import NumberAttribute, UnicodeAttribute, UTCDateTimeAttribute
from pynamodb.models import Model

from webox.db import TableMeta, table_name


class KnowledgeBase(Model):
    """A user's knowledge base."""

    class Meta(TableMeta):
        table_name = table_name("knowledge_bases")

    user_id = UnicodeAttribute(hash_key=True)
    base_id = UnicodeAttribute(range_key=True)
    name = UnicodeAttribute()
    description = UnicodeAttribute(default="")
    documents = NumberAttribute(default=0)
    chunks = NumberAttribute(default=0)
    created_at = UTCDateTimeAttribute()
    updated_at = UTCDateTimeAttribute()


class KnowledgeDocument(Model):
    """One uploaded document: `uploading` → `processing` → `ready` | `failed`."""

    class Meta(TableMeta):
        table_name = table_name("knowledge_documents")

    owner_base = UnicodeAttribute(hash_key=True)  # "<user_id>#<base_id>"
    document_id = UnicodeAttribute(range_key=True)
    user_id = UnicodeAttribute()
    base_id = UnicodeAttribute()
    filename = UnicodeAttribute()
    content_type = UnicodeAttribute()
    size = NumberAttribute()
    status = UnicodeAttribute()
    chunks = NumberAttribute(default=0)
    task_id = UnicodeAttribute(null=True)
    error_code = UnicodeAttribute(null=True)
    error_message = UnicodeAttribute(null=True)
    created_at = UTCDateTimeAttribute()
    updated_at = UTCDateTimeAttribute()
