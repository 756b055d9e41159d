"""The library: items with fresh presigned URLs, listing and search, deletion, jobs as they are read
back, and what a share link shows of an item. It calls no vendor, so other features (share, the
dashboard) use it without the vendors' SDKs."""

from __future__ import annotations

import re
from typing import Any

from webox.media import repository
from webox.media.errors import JobNotFound, MediaNotFound
from webox.media.models import MediaItem, MediaJob
from webox.media.schemas import JobError, JobOut, JobPage, MediaItemOut, MediaPage
from webox.media.shared_schemas import SharedMedia, Transcript
from webox.media.sniff import extension
from webox.text import fold

URL_EXPIRES_S = 300


def as_int(value: float | None) -> int | None:
    return int(value) if value is not None else None


def _transcript(item: MediaItem) -> Transcript | None:
    if item.kind != "transcript":
        return None
    return Transcript.model_validate_json(repository.read_file(item.key))


def _filename(item: MediaItem) -> str:
    stem = re.sub(r"[^A-Za-z0-9]+", "-", fold(item.prompt or item.kind))[:40].strip("-") or item.kind
    return f"webox-{stem}-{item.media_id[-6:]}.{extension(item.content_type)}"


def item_out(item: MediaItem) -> MediaItemOut:
    """A library item with fresh presigned URLs (a few minutes)."""
    return MediaItemOut(
        media_id=item.media_id,
        kind=item.kind,
        model=item.model,
        prompt=item.prompt,  # type: ignore[arg-type]
        content_type=item.content_type,
        size=int(item.size),
        width=as_int(item.width),
        height=as_int(item.height),
        duration_s=item.duration_s,
        url=repository.file_url(item.key, expires=URL_EXPIRES_S),
        download_url=repository.file_url(item.key, filename=_filename(item), expires=URL_EXPIRES_S),
        job_id=item.job_id,
        group_id=item.group_id,
        created_at=item.created_at,
        transcript=_transcript(item),
        simulated=bool(item.simulated),
    )


def owned_item(user_id: str, media_id: str) -> MediaItem:
    item = repository.get_item(user_id, media_id) if re.fullmatch(r"[0-9a-f]{34}", media_id) else None
    if item is None:
        raise MediaNotFound()
    return item


def item_text(item: MediaItem) -> str | None:
    """A library item's text: a transcript's words; None for an image or a sound."""
    transcript = _transcript(item)
    return transcript.text if transcript else None


def list_items(user_id: str, *, kind: str | None, q: str | None, cursor: str | None, limit: int) -> MediaPage:
    """The caller's library, newest first, optionally one kind or items whose prompt/text has `q`."""
    search = fold(q) if q else None
    items, next_cursor = repository.list_items(user_id, kind=kind, search=search, cursor=cursor, limit=limit)
    return MediaPage(items=[item_out(item) for item in items], next_cursor=next_cursor)


def get_item(user_id: str, media_id: str) -> MediaItemOut:
    return item_out(owned_item(user_id, media_id))


def delete_item(user_id: str, media_id: str) -> None:
    """Delete an item and its files (an audio's streamed parts too)."""
    item = owned_item(user_id, media_id)
    keys = [item.key]
    if item.kind == "audio":
        keys += repository.keys_under(f"{repository.job_folder(user_id, item.job_id)}part-")
    repository.delete_files(keys)
    repository.delete_item(item)


# --- jobs ---------------------------------------------------------------------------------------


def owned_job(user_id: str, job_id: str) -> MediaJob:
    job = repository.get_job(user_id, job_id) if re.fullmatch(r"[0-9a-f]{32}", job_id) else None
    if job is None:
        raise JobNotFound()
    return job


def _public_params(job: MediaJob) -> dict[str, Any]:
    """A job's parameters without the storage details the worker reads."""
    params = dict(job.params or {})
    for name in ("source", "image", "audio", "mask"):
        if isinstance(params.get(name), dict):
            params[name] = {k: v for k, v in params[name].items() if k in ("width", "height", "filename")}
    if "samples" in params:
        params["samples"] = len(params["samples"])
    if isinstance(params.get("voice"), dict):
        params["voice"] = params["voice"].get("voice_id")
    return params


def job_out(job: MediaJob, outputs: list[MediaItemOut] | None = None) -> JobOut:
    error = JobError(code=job.error_code, message=job.error_message or "") if job.error_code else None
    return JobOut(
        job_id=job.job_id,
        kind=job.kind,
        model=job.model,
        status=job.status,  # type: ignore[arg-type]
        progress=int(job.progress or 0),
        message=job.message,
        params=_public_params(job),
        error=error,
        outputs=outputs
        if outputs is not None
        else [item_out(i) for i in repository.items_of(job.user_id, list(job.output_ids or []))],
        group_id=job.group_id,
        created_at=job.created_at,
        updated_at=job.updated_at,
    )


def get_job(user_id: str, job_id: str) -> JobOut:
    return job_out(owned_job(user_id, job_id))


def list_jobs(
    user_id: str, *, kind: str | None, status: str | None, cursor: str | None, limit: int
) -> JobPage:
    jobs, next_cursor = repository.list_jobs(user_id, kind=kind, status=status, cursor=cursor, limit=limit)
    return JobPage(items=[job_out(job) for job in jobs], next_cursor=next_cursor)


# --- sharing (the share feature's "media" kind) ------------------------------------------------


def shared_title(owner_id: str, media_id: str) -> str:
    """The title a share link of an item keeps: its prompt's start, else its kind."""
    item = owned_item(owner_id, media_id)
    return (item.prompt or {"image": "Image", "audio": "Audio", "transcript": "Transcription"}[item.kind])[
        :120
    ]


def shared_view(owner_id: str, media_id: str) -> dict[str, Any]:
    """What a share link shows of an item (a short-lived URL, no ids, no owner)."""
    item = owned_item(owner_id, media_id)
    media = SharedMedia(
        kind=item.kind,
        content_type=item.content_type,  # type: ignore[arg-type]
        url=repository.file_url(item.key, expires=URL_EXPIRES_S),
        width=as_int(item.width),
        height=as_int(item.height),
        duration_s=item.duration_s,
        prompt=item.prompt,
        model=item.model,
        transcript=_transcript(item),
    )
    return {"title": shared_title(owner_id, media_id), "media": media}
