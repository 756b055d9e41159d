"""Media tables: jobs, the library's items, uploads and cloned voices, each keyed by its owner.

Ids start with the creation time in hex (`new_id`), so a Query on the owner's partition in reverse
key order lists newest first without an index. An output's id is its job's id plus its index: a
duplicate delivery of a job writes the same ids, and a conditional put keeps only one of each.
"""

from __future__ import annotations

import secrets
import time

from pynamodb.attributes import (
    BooleanAttribute,
    JSONAttribute,
    ListAttribute,
    NumberAttribute,
    TTLAttribute,
    UnicodeAttribute,
    UTCDateTimeAttribute,
)
from pynamodb.models import Model

from webox.db import TableMeta, table_name


def new_id() -> str:
    """32 hex characters: milliseconds since the epoch, then 80 random bits (sorts by creation)."""
    return f"{int(time.time() * 1000):012x}{secrets.token_hex(10)}"


class MediaJob(Model):
    """One generation, variation, edit, speech, voice clone or transcription, as the worker runs it."""

    class Meta(TableMeta):
        table_name = table_name("media_jobs")

    user_id = UnicodeAttribute(hash_key=True)
    job_id = UnicodeAttribute(range_key=True)
    kind = UnicodeAttribute()  # image | variation | edit | speech | voice_clone | transcription
    model = UnicodeAttribute()
    status = UnicodeAttribute()  # queued | running | succeeded | failed | cancelled
    progress = NumberAttribute(default=0)
    message = UnicodeAttribute(null=True)
    params = JSONAttribute(default=dict)  # type: ignore[no-untyped-call]
    group_id = UnicodeAttribute(null=True)
    output_ids: ListAttribute[str] = ListAttribute(of=UnicodeAttribute, default=list)  # type: ignore[arg-type]
    error_code = UnicodeAttribute(null=True)
    error_message = UnicodeAttribute(null=True)
    attempts = NumberAttribute(default=0)
    # A vendor's own id for the work (a Replicate prediction): a retried job resumes it.
    vendor_ref = UnicodeAttribute(null=True)
    created_at = UTCDateTimeAttribute()
    updated_at = UTCDateTimeAttribute()


class MediaItem(Model):
    """A file of the user's library (an image, an audio file or a transcript), stored in S3."""

    class Meta(TableMeta):
        table_name = table_name("media_items")

    user_id = UnicodeAttribute(hash_key=True)
    media_id = UnicodeAttribute(range_key=True)  # <job_id><index, 2 digits>
    kind = UnicodeAttribute()  # image | audio | transcript | document (Markdown an agent wrote)
    model = UnicodeAttribute()
    prompt = UnicodeAttribute(null=True)
    # Prompt (or transcript text) lower-cased without accents: what the library search matches.
    search_key = UnicodeAttribute(null=True)
    content_type = UnicodeAttribute()
    size = NumberAttribute()
    width = NumberAttribute(null=True)
    height = NumberAttribute(null=True)
    duration_s = NumberAttribute(null=True)
    language = UnicodeAttribute(null=True)
    key = UnicodeAttribute()  # the S3 object in the `media` bucket
    job_id = UnicodeAttribute()
    group_id = UnicodeAttribute(null=True)
    simulated = BooleanAttribute(default=False)
    created_at = UTCDateTimeAttribute()


class MediaUpload(Model):
    """A file the browser sends straight to S3 (presigned POST), checked by `complete` before use."""

    class Meta(TableMeta):
        table_name = table_name("media_uploads")

    user_id = UnicodeAttribute(hash_key=True)
    upload_id = UnicodeAttribute(range_key=True)
    kind = UnicodeAttribute()  # image | audio
    filename = UnicodeAttribute()
    key = UnicodeAttribute()
    status = UnicodeAttribute()  # pending | ready
    content_type = UnicodeAttribute(null=True)  # sniffed from the bytes once complete
    size = NumberAttribute(null=True)
    width = NumberAttribute(null=True)
    height = NumberAttribute(null=True)
    duration_s = NumberAttribute(null=True)
    created_at = UTCDateTimeAttribute()
    expires_at = TTLAttribute()


class MediaVoice(Model):
    """A voice cloned from the user's samples, with the consent they gave (time and address)."""

    class Meta(TableMeta):
        table_name = table_name("media_voices")

    user_id = UnicodeAttribute(hash_key=True)
    voice_id = UnicodeAttribute(range_key=True)  # WeBox's id ("wv" + 32 hex)
    name = UnicodeAttribute()
    description = UnicodeAttribute(null=True)
    provider = UnicodeAttribute()  # elevenlabs
    vendor_voice_id = UnicodeAttribute(null=True)  # set once the vendor made it
    status = UnicodeAttribute()  # pending | ready | failed
    job_id = UnicodeAttribute()
    consent_at = UTCDateTimeAttribute()
    consent_ip = UnicodeAttribute()
    simulated = BooleanAttribute(default=False)
    created_at = UTCDateTimeAttribute()
