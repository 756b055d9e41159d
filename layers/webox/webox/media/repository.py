"""Every DynamoDB and S3 call of the media feature.

Job state changes are conditional writes, so a duplicate or late delivery cannot move a job
backwards or write its result twice: claim (queued|running → running), progress (only while
running), finish (running → succeeded|failed), cancel (queued → cancelled).
"""

from __future__ import annotations

import hashlib
from datetime import datetime, timedelta
from typing import Any

from pynamodb.exceptions import DeleteError, DoesNotExist, PutError, UpdateError

from webox import storage
from webox.db import filtered_page, utcnow
from webox.media.models import MediaItem, MediaJob, MediaUpload, MediaVoice

BUCKET = "media"
JOBS_PREFIX = "media/"
UPLOAD_TTL = timedelta(days=1)


def _conditional_failure(exc: PutError | UpdateError | DeleteError) -> bool:
    return exc.cause_response_code == "ConditionalCheckFailedException"


# --- jobs -------------------------------------------------------------------------------------


def create_job(job: MediaJob) -> None:
    job.save(condition=MediaJob.job_id.does_not_exist())


def get_job(user_id: str, job_id: str) -> MediaJob | None:
    try:
        return MediaJob.get(user_id, job_id, consistent_read=True)
    except DoesNotExist:
        return None


def list_jobs(
    user_id: str, *, kind: str | None, status: str | None, cursor: str | None, limit: int
) -> tuple[list[MediaJob], str | None]:
    condition: Any = None
    if kind:
        condition = MediaJob.kind == kind
    if status:
        condition = (
            (MediaJob.status == status) if condition is None else condition & (MediaJob.status == status)
        )
    return filtered_page(
        MediaJob.query, user_id, owner_attribute="user_id", cursor=cursor, limit=limit, condition=condition
    )


def _update(job: MediaJob, actions: list[Any], condition: Any) -> bool:
    try:
        job.update(actions=[*actions, MediaJob.updated_at.set(utcnow())], condition=condition)
    except UpdateError as exc:
        if _conditional_failure(exc):
            return False
        raise
    return True


def claim(job: MediaJob) -> bool:
    """queued (or running: a retried delivery) → running, one more attempt; False when it is over."""
    return _update(
        job,
        [MediaJob.status.set("running"), MediaJob.attempts.add(1)],
        MediaJob.status.is_in("queued", "running"),
    )


def set_progress(job: MediaJob, progress: int, message: str | None) -> bool:
    actions = [
        MediaJob.progress.set(progress),
        MediaJob.message.set(message) if message else MediaJob.message.remove(),
    ]
    return _update(job, actions, MediaJob.status == "running")


def set_vendor_ref(job: MediaJob, ref: str) -> bool:
    """Record the vendor's id of the work once: False when a concurrent delivery recorded its own."""
    condition = (MediaJob.status == "running") & MediaJob.vendor_ref.does_not_exist()
    return _update(job, [MediaJob.vendor_ref.set(ref)], condition)


def finish(job: MediaJob, status: str, *, outputs: list[str], error: tuple[str, str] | None) -> bool:
    """running → succeeded | failed, with the outputs or the reason; False when another delivery did it."""
    actions = [MediaJob.status.set(status), MediaJob.output_ids.set(outputs)]
    if status == "succeeded":
        actions.append(MediaJob.progress.set(100))
    if error:
        actions += [MediaJob.error_code.set(error[0]), MediaJob.error_message.set(error[1][:500])]
    return _update(job, actions, MediaJob.status == "running")


def cancel(job: MediaJob) -> bool:
    return _update(job, [MediaJob.status.set("cancelled")], MediaJob.status == "queued")


def fail_queued(job: MediaJob, code: str, message: str) -> bool:
    """A job whose message could not be queued fails at once (queued → failed)."""
    actions = [
        MediaJob.status.set("failed"),
        MediaJob.error_code.set(code),
        MediaJob.error_message.set(message),
    ]
    return _update(job, actions, MediaJob.status == "queued")


# --- library items ----------------------------------------------------------------------------


def put_item(item: MediaItem) -> bool:
    """Store an item once: False when a duplicate delivery stored it already."""
    try:
        item.save(condition=MediaItem.media_id.does_not_exist())
    except PutError as exc:
        if _conditional_failure(exc):
            return False
        raise
    return True


def get_item(user_id: str, media_id: str) -> MediaItem | None:
    try:
        return MediaItem.get(user_id, media_id)
    except DoesNotExist:
        return None


def items_of(user_id: str, media_ids: list[str]) -> list[MediaItem]:
    """Items by id (a job's outputs), in the order given; deleted ones left out."""
    if not media_ids:
        return []
    found = {i.media_id: i for i in MediaItem.batch_get([(user_id, media_id) for media_id in media_ids])}
    return [found[media_id] for media_id in media_ids if media_id in found]


def list_items(
    user_id: str, *, kind: str | None, search: str | None, cursor: str | None, limit: int
) -> tuple[list[MediaItem], str | None]:
    condition: Any = None
    if kind:
        condition = MediaItem.kind == kind
    # `search` is folded (webox.text.fold): every word of it, anywhere in the prompt or text.
    for word in list(dict.fromkeys((search or "").split()))[:8]:
        match = MediaItem.search_key.contains(word)
        condition = match if condition is None else condition & match
    return filtered_page(
        MediaItem.query, user_id, owner_attribute="user_id", cursor=cursor, limit=limit, condition=condition
    )


def delete_item(item: MediaItem) -> None:
    item.delete()


# --- uploads ----------------------------------------------------------------------------------


def create_upload(upload: MediaUpload) -> None:
    upload.save(condition=MediaUpload.upload_id.does_not_exist())


def get_upload(user_id: str, upload_id: str) -> MediaUpload | None:
    try:
        upload = MediaUpload.get(user_id, upload_id, consistent_read=True)
    except DoesNotExist:
        return None
    return None if upload.expires_at <= utcnow() else upload


def live_uploads(user_id: str, now: datetime) -> int:
    """How many of the user's upload records are still alive (each lives `UPLOAD_TTL`): one COUNT query."""
    return int(MediaUpload.count(user_id, filter_condition=MediaUpload.expires_at > now))


def upload_expiry(now: datetime) -> datetime:
    return now + UPLOAD_TTL


def mark_ready(upload: MediaUpload, fields: dict[str, Any]) -> None:
    upload.update(
        actions=[MediaUpload.status.set("ready")]
        + [getattr(MediaUpload, name).set(value) for name, value in fields.items() if value is not None]
    )


# --- voices -----------------------------------------------------------------------------------


def create_voice(voice: MediaVoice) -> None:
    voice.save(condition=MediaVoice.voice_id.does_not_exist())


def get_voice(user_id: str, voice_id: str) -> MediaVoice | None:
    try:
        return MediaVoice.get(user_id, voice_id, consistent_read=True)
    except DoesNotExist:
        return None


def voices_of(user_id: str) -> list[MediaVoice]:
    return list(MediaVoice.query(user_id, scan_index_forward=False, limit=100))


def set_voice(
    voice: MediaVoice, status: str, vendor_voice_id: str | None, *, simulated: bool = False
) -> None:
    actions: list[Any] = [MediaVoice.status.set(status), MediaVoice.simulated.set(simulated)]
    if vendor_voice_id:
        actions.append(MediaVoice.vendor_voice_id.set(vendor_voice_id))
    voice.update(actions=actions)


def delete_voice(voice: MediaVoice) -> None:
    voice.delete()


# --- everything of one user (account export and deletion) --------------------------------------


def all_items(user_id: str) -> list[MediaItem]:
    return list(MediaItem.query(user_id))


def all_jobs(user_id: str) -> list[MediaJob]:
    return list(MediaJob.query(user_id))


def all_voices(user_id: str) -> list[MediaVoice]:
    return list(MediaVoice.query(user_id))


def delete_user_rows(user_id: str) -> int:
    """Delete every job, item, upload and voice of a user (jobs first: a worker still holding one
    can no longer claim, progress or finish it); returns how many were deleted."""
    count = 0
    for model in (MediaJob, MediaItem, MediaUpload, MediaVoice):
        with model.batch_write() as batch:
            for row in model.query(user_id):
                batch.delete(row)
                count += 1
    return count


# --- files ------------------------------------------------------------------------------------


def job_folder(user_id: str, job_id: str) -> str:
    """Where a job's files go. The owner appears only hashed: a shared item's URL names nobody."""
    return f"{JOBS_PREFIX}{_owner(user_id)}/{job_id}/"


def upload_key(user_id: str, upload_id: str) -> str:
    return f"{storage.UPLOADS_PREFIX}{_owner(user_id)}/{upload_id}"


def checked_key(key: str) -> str:
    """Where a checked upload's bytes are kept: beside its upload key (expired with it), under a
    name its presigned form cannot write (the form's policy names the upload key exactly)."""
    return f"{key}.checked"


def owner_keys(user_id: str) -> list[str]:
    """Every object of a user: their jobs' files and their uploads (pending or checked)."""
    owner = _owner(user_id)
    return keys_under(f"{JOBS_PREFIX}{owner}/") + keys_under(f"{storage.UPLOADS_PREFIX}{owner}/")


def _owner(user_id: str) -> str:
    return hashlib.sha256(f"webox-media:{user_id}".encode()).hexdigest()[:32]


def put_file(key: str, body: bytes, content_type: str) -> None:
    storage.put(BUCKET, key, body, content_type)


def read_file(key: str) -> bytes:
    return storage.get(BUCKET, key)


def read_head(key: str, length: int) -> tuple[bytes, int] | None:
    """The first `length` bytes of an object and its full size (None when there is no object)."""
    from botocore.exceptions import ClientError

    from webox.aws import client

    try:
        response = client("s3").get_object(
            Bucket=storage.bucket_name(BUCKET), Key=key, Range=f"bytes=0-{length - 1}"
        )
    except ClientError as exc:
        if exc.response.get("Error", {}).get("Code") in ("NoSuchKey", "404", "InvalidRange"):
            return None
        raise
    total = int(str(response.get("ContentRange", "")).rsplit("/", 1)[-1] or response["ContentLength"])
    return bytes(response["Body"].read()), total


def delete_files(keys: list[str]) -> None:
    if keys:
        storage.delete(BUCKET, keys)


def keys_under(prefix: str) -> list[str]:
    return storage.list_keys(BUCKET, prefix)


def file_url(key: str, *, filename: str | None = None, expires: int = 300) -> str:
    return storage.download_url(BUCKET, key, expires=expires, filename=filename)


def upload_form(key: str, *, content_type: str, max_bytes: int, expires: int) -> dict[str, Any]:
    return storage.upload_form(BUCKET, key, content_type=content_type, max_bytes=max_bytes, expires=expires)
