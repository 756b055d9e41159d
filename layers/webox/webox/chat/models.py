"""Conversations and their items: one item per turn, per model answer, per verdict.

A conversation's items share the partition `<user_id>#<conversation_id>`, so one Query rebuilds a
whole conversation in order, and an item can only be reached through its owner's id.
"""

from __future__ import annotations

from pynamodb.attributes import (
    JSONAttribute,
    ListAttribute,
    NumberAttribute,
    TTLAttribute,
    UnicodeAttribute,
    UnicodeSetAttribute,
    UTCDateTimeAttribute,
)
from pynamodb.indexes import AllProjection, LocalSecondaryIndex
from pynamodb.models import Model

from webox.db import TableMeta, table_name


class ConversationsByUpdate(LocalSecondaryIndex["Conversation"]):
    class Meta:
        index_name = "by_updated"
        projection = AllProjection()

    user_id = UnicodeAttribute(hash_key=True)
    updated_key = UnicodeAttribute(range_key=True)


class Conversation(Model):
    class Meta(TableMeta):
        table_name = table_name("conversations")

    user_id = UnicodeAttribute(hash_key=True)
    conversation_id = UnicodeAttribute(range_key=True)
    title = UnicodeAttribute()
    # Folded title (lower case, no accents): what the search matches.
    title_key = UnicodeAttribute()
    created_at = UTCDateTimeAttribute()
    updated_at = UTCDateTimeAttribute()
    # "<updated_at ISO>#<conversation_id>": newest-first listing through the local index.
    updated_key = UnicodeAttribute()
    turn_count = NumberAttribute(default=0)
    last_models = ListAttribute(of=UnicodeAttribute, default=list)
    # The last turn of the branch shown (an edited message starts another branch); absent on
    # conversations that never branched: their last turn.
    leaf = NumberAttribute(null=True)
    pinned_at = UTCDateTimeAttribute(null=True)
    by_updated = ConversationsByUpdate()


class ChatItem(Model):
    """A turn (`t#00001`), a model's answer (`t#00001#a#<model>`), a verdict (`t#00001#v`), a
    workflow run started from the conversation (`w#<run_id>`: `content` its title, `turn` the turn
    it follows), or a request marker (`r#<request_id>`) that makes `chat.send` idempotent.

    Two per-user partitions sit beside the conversations': `<user_id>#words`, the message search's
    index (one `word` item per folded word of a message or an answer, `webox.chat.search`), and
    `<user_id>#pins`, one `pin` item per pinned conversation."""

    class Meta(TableMeta):
        table_name = table_name("chat_items")

    pk = UnicodeAttribute(hash_key=True)
    sk = UnicodeAttribute(range_key=True)
    kind = UnicodeAttribute()  # turn | answer | verdict | run | request | word | pin
    turn = NumberAttribute(default=0)
    created_at = UTCDateTimeAttribute()
    updated_at = UTCDateTimeAttribute(null=True)
    request_id = UnicodeAttribute(null=True)
    conversation_id = UnicodeAttribute(null=True)  # on request markers
    expires_at = TTLAttribute(null=True)  # request markers expire
    # turn
    content = UnicodeAttribute(null=True)
    # A turn's attached files (`webox.chat.attachments`): images by S3 key, documents by their text.
    attachments = JSONAttribute(null=True)
    # The turn this one follows (0: the first message); absent on turns stored before branching
    # existed, which follow the turn numbered just before. Turns with the same parent are versions
    # of one message (edited, or regenerated).
    parent = NumberAttribute(null=True)
    models = ListAttribute(of=UnicodeAttribute, null=True)
    params = JSONAttribute(null=True)
    # On turns: whose key answers each model ({model: "user" | "platform" | "simulated"}). A model's
    # answer item only exists once its branch stores it; until then the turn says it is pending.
    key_sources = JSONAttribute(null=True)
    assistant_id = UnicodeAttribute(null=True)
    assistant_name = UnicodeAttribute(null=True)  # as the user saw it when sending
    chosen_model = UnicodeAttribute(null=True)
    verify = UnicodeAttribute(null=True)  # "auto" | "off"
    judge = UnicodeAttribute(null=True)  # the judge chosen (and counted) when the turn was checked
    stop_models = UnicodeSetAttribute(null=True)  # models asked to stop ("*": all)
    # answer
    model = UnicodeAttribute(null=True)
    status = UnicodeAttribute(null=True)  # pending | streaming | done | error | stopped
    text = UnicodeAttribute(null=True)
    text_key = UnicodeAttribute(null=True)  # S3 key when the answer is too long to keep inline
    input_tokens = NumberAttribute(null=True)
    output_tokens = NumberAttribute(null=True)
    cost = NumberAttribute(null=True)
    ttft_ms = NumberAttribute(null=True)
    duration_ms = NumberAttribute(null=True)
    error_code = UnicodeAttribute(null=True)
    error_message = UnicodeAttribute(null=True)
    simulated = NumberAttribute(null=True)
    key_source = UnicodeAttribute(
        null=True
    )  # user | platform | simulated: the branch reads a BYOK key only if "user"
    # verdict
    verdict = JSONAttribute(null=True)
