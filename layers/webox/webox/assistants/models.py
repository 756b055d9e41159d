"""Users' own assistants, one item each in their owner's partition (built-ins are data: builtin.json)."""

from __future__ import annotations

from pynamodb.attributes import JSONAttribute, ListAttribute, UnicodeAttribute, UTCDateTimeAttribute
from pynamodb.indexes import AllProjection, LocalSecondaryIndex
from pynamodb.models import Model

from webox.db import TableMeta, table_name


class AssistantsByUpdate(LocalSecondaryIndex["Assistant"]):
    class Meta:
        index_name = "by_updated"
        projection = AllProjection()

    user_id = UnicodeAttribute(hash_key=True)
    updated_key = UnicodeAttribute(range_key=True)


class Assistant(Model):
    class Meta(TableMeta):
        table_name = table_name("assistants")

    user_id = UnicodeAttribute(hash_key=True)
    assistant_id = UnicodeAttribute(range_key=True)
    name = UnicodeAttribute()
    description = UnicodeAttribute(default="")
    icon = UnicodeAttribute()
    system_prompt = UnicodeAttribute()
    models = ListAttribute(of=UnicodeAttribute)
    params = JSONAttribute(default=dict)  # {"temperature", "max_tokens"}, each optional
    created_at = UTCDateTimeAttribute()
    updated_at = UTCDateTimeAttribute()
    # "<updated_at ISO>#<assistant_id>": most recently edited first through the local index.
    updated_key = UnicodeAttribute()
    duplicated_from = UnicodeAttribute(null=True)
    by_updated = AssistantsByUpdate()
