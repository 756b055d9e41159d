"""The media studio: uploads, job requests, jobs, voices (the library is `webox.media.library`).

Every request that makes something goes through `start_job`, which stores the job (`queued`) and
starts it as a one-step task of the engine (`webox.tasks`), whose worker runs
`webox.media.generation` for it. Vendor SDKs are only imported by
`webox.media.providers`, inside the calls.
"""

from __future__ import annotations

import re
from typing import Any

from webox.db import utcnow
from webox.errors import WeboxError
from webox.logging import get_logger
from webox.media import catalogue, library, providers, repository
from webox.media.errors import (
    ConsentRequired,
    InvalidOption,
    JobNotCancellable,
    TooLarge,
    TooManyPixels,
    TooManyUploads,
    UnknownMediaModel,
    UnsupportedType,
    UploadMissing,
    UploadNotFound,
    UploadNotReady,
    VoiceNotFound,
    WrongKind,
)

# Reads of jobs and items, and deletion, served through this module like the rest of the feature.
from webox.media.library import delete_item as delete_item
from webox.media.library import get_item as get_item
from webox.media.library import get_job as get_job
from webox.media.library import list_items as list_items
from webox.media.library import list_jobs as list_jobs
from webox.media.models import MediaJob, MediaUpload, MediaVoice, new_id
from webox.media.schemas import (
    EditCreate,
    ImageCreate,
    ImageModel,
    JobAccepted,
    JobOut,
    ModelCatalogue,
    SourceRef,
    SpeechCreate,
    SpeechModel,
    TranscriptionCreate,
    TranscriptionModel,
    UploadCreate,
    UploadInfo,
    UploadOut,
    VariationCreate,
    VoiceCreate,
    VoiceList,
    VoiceOut,
    VoiceRef,
)
from webox.media.sniff import HEAD_BYTES, document_type, extension, sniff, sniff_document
from webox.providers.errors import ProviderError
from webox.realtime import service as realtime_service
from webox.ttl_cache import TtlCache

# A media job runs as a one-step task of this kind (its step kind: `webox.media.steps`), under the
# job's id.
TASK_KIND = "media"
# A document is a chat attachment (PDF, DOCX, HTML, Markdown, text), read for its text.
MAX_BYTES = {"image": 10 * 1024 * 1024, "audio": 25 * 1024 * 1024, "document": 10 * 1024 * 1024}
MAX_PIXELS = 40_000_000  # 40 megapixels: larger than any camera photo a user would edit
# Upload forms a user may ask for while their records live (a day): storage is paid per byte.
MAX_LIVE_UPLOADS = 100
UPLOAD_EXPIRES_S = 600
URL_EXPIRES_S = 300
CLONE_PREFIX = "wv"
_premade_voices: TtlCache[str, list[VoiceOut]] = TtlCache(ttl_s=600, size=4)


# --- catalogue and voices ---------------------------------------------------------------------


def models() -> ModelCatalogue:
    """The media models, each flagged `simulated` when the local simulator would answer it."""
    openai_voices = [VoiceRef(id=v, name=n) for v, n in catalogue.OPENAI_VOICES]
    image = [
        ImageModel(
            id=m.id,
            vendor=m.vendor,
            name=m.name,
            sizes=list(m.sizes),
            styles=list(m.styles),
            max_count=m.max_count,
            seed=m.seed,
            negative_prompt=m.negative_prompt,
            variations=m.variations,
            edits=m.edits,
            simulated=bool(providers.simulated(m.vendor)),
        )
        for m in catalogue.IMAGE_MODELS.values()
    ]
    speech = [
        SpeechModel(
            id=m.id,
            vendor=m.vendor,
            name=m.name,
            formats=list(m.formats),  # type: ignore[arg-type]
            voices=openai_voices if m.vendor == "openai" else [],
            simulated=bool(providers.simulated(m.vendor)),
        )
        for m in catalogue.SPEECH_MODELS.values()
    ]
    transcription = [
        TranscriptionModel(
            id=m.id, vendor=m.vendor, name=m.name, simulated=bool(providers.simulated(m.vendor))
        )
        for m in catalogue.TRANSCRIPTION_MODELS.values()
    ]
    return ModelCatalogue(image=image, speech=speech, transcription=transcription)


def premade_voices(user_id: str) -> list[VoiceOut]:
    """ElevenLabs' premade voices (cached a few minutes per container)."""
    entry = providers.access("elevenlabs", user_id)
    return _premade_voices.get_or_set(entry.base_url or "", lambda: providers.elevenlabs_voices(entry))


def _clone_out(voice: MediaVoice) -> VoiceOut:
    return VoiceOut(
        voice_id=voice.voice_id,
        name=voice.name,
        provider="elevenlabs",
        category="cloned",
        status=voice.status,  # type: ignore[arg-type]
        simulated=bool(voice.simulated),
    )


def list_voices(user_id: str) -> VoiceList:
    """OpenAI's voices, ElevenLabs' premade ones (when it can be called) and the caller's clones."""
    items = [
        VoiceOut(voice_id=v, name=n, provider="openai", category="premade")
        for v, n in catalogue.OPENAI_VOICES
    ]
    try:
        items += premade_voices(user_id)
    except ProviderError as exc:
        get_logger().warning("elevenlabs voices unavailable", extra={"code": exc.code})
    items += [_clone_out(voice) for voice in repository.voices_of(user_id)]
    return VoiceList(items=items)


def owned_voice(user_id: str, voice_id: str) -> MediaVoice:
    voice = repository.get_voice(user_id, voice_id) if voice_id.startswith(CLONE_PREFIX) else None
    if voice is None:
        raise VoiceNotFound()
    return voice


def delete_voice(user_id: str, voice_id: str) -> None:
    """Delete one of the caller's cloned voices, at the vendor too."""
    voice = owned_voice(user_id, voice_id)
    if voice.vendor_voice_id:
        providers.elevenlabs_delete(providers.access("elevenlabs", user_id), voice.vendor_voice_id)
    repository.delete_voice(voice)


# --- uploads ----------------------------------------------------------------------------------


def create_upload(user_id: str, body: UploadCreate) -> UploadOut:
    """A presigned POST for one image or audio file, bounded by the kind's size limit."""
    limit = MAX_BYTES[body.kind]
    if body.size > limit:
        raise TooLarge(
            f"A {body.kind} file may be at most {limit // (1024 * 1024)} MB", extra={"max_bytes": limit}
        )
    if body.kind == "document" and document_type(body.filename) is None:
        raise UnsupportedType(f"{body.filename[:100]!r} is no PDF, DOCX, HTML, Markdown or text file")
    if body.kind != "document" and not body.content_type.startswith(f"{body.kind}/"):
        raise UnsupportedType(f"A {body.kind} upload cannot be {body.content_type}")
    upload_id, now = new_id(), utcnow()
    if repository.live_uploads(user_id, now) >= MAX_LIVE_UPLOADS:
        raise TooManyUploads(f"At most {MAX_LIVE_UPLOADS} uploads a day", extra={"limit": MAX_LIVE_UPLOADS})
    key = repository.upload_key(user_id, upload_id)
    repository.create_upload(
        MediaUpload(
            user_id,
            upload_id,
            kind=body.kind,
            filename=body.filename,
            key=key,
            status="pending",
            created_at=now,
            expires_at=repository.upload_expiry(now),
        )
    )
    form = repository.upload_form(
        key, content_type=body.content_type, max_bytes=limit, expires=UPLOAD_EXPIRES_S
    )
    return UploadOut(
        upload_id=upload_id,
        url=form["url"],
        fields={k: str(v) for k, v in form["fields"].items()},
        max_bytes=limit,
        expires_in=UPLOAD_EXPIRES_S,
    )


def _owned_upload(user_id: str, upload_id: str) -> MediaUpload:
    upload = repository.get_upload(user_id, upload_id) if re.fullmatch(r"[0-9a-f]{32}", upload_id) else None
    if upload is None:
        raise UploadNotFound()
    return upload


def _upload_info(upload: MediaUpload) -> UploadInfo:
    return UploadInfo(
        upload_id=upload.upload_id,
        kind=upload.kind,
        content_type=upload.content_type or "",  # type: ignore[arg-type]
        size=int(upload.size or 0),
        width=library.as_int(upload.width),
        height=library.as_int(upload.height),
        duration_s=upload.duration_s,
    )


def complete_upload(user_id: str, upload_id: str) -> UploadInfo:
    """Check a sent file from its bytes: a refused one is deleted (415 or 413).

    The bytes checked are the bytes used: the whole file is read once, checked, and written to a
    key of its own that no presigned form can write (`repository.checked_key`); jobs read that one.
    Posting again to the upload's key after the check (the form stays valid for minutes) changes
    nothing."""
    upload = _owned_upload(user_id, upload_id)
    if upload.status == "ready":
        return _upload_info(upload)
    limit = MAX_BYTES[upload.kind]
    read = repository.read_head(upload.key, limit + 1)
    if read is None:
        raise UploadMissing()
    data, size = read
    head = data[:HEAD_BYTES]
    found = sniff_document(upload.filename, head) if upload.kind == "document" else sniff(head, size)
    problem: WeboxError | None = None
    if found is None or found.kind != upload.kind:
        problem = UnsupportedType()
    elif size > limit:
        problem = TooLarge(extra={"max_bytes": limit})
    elif found.width and found.height and found.width * found.height > MAX_PIXELS:
        problem = TooManyPixels(
            f"An image may have at most {MAX_PIXELS // 1_000_000} megapixels",
            extra={"max_pixels": MAX_PIXELS},
        )
    repository.delete_files([upload.key])
    if problem is not None or found is None:
        raise problem or UnsupportedType()
    checked = repository.checked_key(upload.key)
    repository.put_file(checked, data, found.content_type)
    fields = {
        "key": checked,
        "content_type": found.content_type,
        "size": size,
        "width": found.width,
        "height": found.height,
        "duration_s": found.duration_s,
    }
    repository.mark_ready(upload, fields)
    return _upload_info(upload)


def ready_upload(user_id: str, upload_id: str, kind: str) -> MediaUpload:
    """A completed upload of the caller, of the expected kind."""
    upload = _owned_upload(user_id, upload_id)
    if upload.status != "ready":
        raise UploadNotReady()
    if upload.kind != kind:
        raise WrongKind(f"This upload is not an {kind}" if kind == "image" else f"This upload is not {kind}")
    return upload


def attachable_upload(user_id: str, upload_id: str) -> tuple[MediaUpload, bytes]:
    """A completed image or document upload of the caller, with its checked bytes (a chat
    message's attachment); another user's or an unknown one is not found."""
    upload = _owned_upload(user_id, upload_id)
    if upload.status != "ready":
        raise UploadNotReady()
    if upload.kind not in ("image", "document"):
        raise WrongKind("Only an image or a document can be attached")
    return upload, repository.read_file(upload.key)


# --- jobs -------------------------------------------------------------------------------------


def start_job(
    user_id: str,
    kind: str,
    model: str,
    params: dict[str, Any],
    *,
    group_id: str | None = None,
    job_id: str | None = None,
) -> JobAccepted:
    """Store a job (`queued`) and queue it: the one place every media job is created, and where the
    plan's media quota is enforced (jobs answered by a local simulator cost nothing and are free)."""
    # Imported here (the task engine in `cancel_job` too): a job's quota and task are the job routes'
    # alone; the library, uploads and voices answer without loading them.
    from webox.billing import quota
    from webox.tasks import service as tasks_service
    from webox.tasks.schemas import StepSpec, TaskCreate

    source = providers.key_source(catalogue.vendor_of(model), user_id)
    if source != "simulated":
        quota.check(user_id, "media", paid=source == "platform")
    now = utcnow()
    job = MediaJob(
        user_id,
        job_id or new_id(),
        kind=kind,
        model=model,
        status="queued",
        progress=0,
        params=params,
        group_id=group_id,
        output_ids=[],
        attempts=0,
        created_at=now,
        updated_at=now,
    )
    repository.create_job(job)
    task = TaskCreate(
        kind=TASK_KIND,
        title=f"{kind} · {model}"[:200],
        plan=[StepSpec(id="media", kind=TASK_KIND, input={"job_id": job.job_id})],
    )
    try:
        tasks_service.submit(user_id, task, task_id=job.job_id)
    except Exception:
        get_logger().exception("media job not queued", extra={"job_id": job.job_id})
        repository.fail_queued(job, "media.queue_unavailable", "The job could not be queued")
        raise
    return JobAccepted(job_id=job.job_id, status="queued")


def _image_spec(model: str) -> catalogue.ImageModelSpec:
    spec = catalogue.IMAGE_MODELS.get(model)
    if spec is None:
        raise UnknownMediaModel(f"Unknown image model: {model}")
    return spec


def _check_image_options(spec: catalogue.ImageModelSpec, size: str, count: int) -> None:
    if size not in spec.sizes:
        raise InvalidOption(f"{spec.name} makes {', '.join(spec.sizes)} images")
    if count > spec.max_count:
        raise InvalidOption(f"{spec.name} makes at most {spec.max_count} image(s) at a time")


def _source(user_id: str, ref: SourceRef) -> dict[str, Any]:
    """An image to work from, as the worker will read it: its S3 key, type, size and prompt."""
    if ref.upload_id:
        upload = ready_upload(user_id, ref.upload_id, "image")
        return {
            "key": upload.key,
            "content_type": upload.content_type,
            "width": library.as_int(upload.width),
            "height": library.as_int(upload.height),
            "prompt": None,
            "filename": upload.filename,
        }
    item = library.owned_item(user_id, ref.media_id or "")
    if item.kind != "image":
        raise WrongKind("This item is not an image")
    return {
        "key": item.key,
        "content_type": item.content_type,
        "width": library.as_int(item.width),
        "height": library.as_int(item.height),
        "prompt": item.prompt,
        "filename": f"{item.media_id}.{extension(item.content_type)}",
    }


def create_image(user_id: str, body: ImageCreate) -> JobAccepted:
    """Queue a text-to-image generation."""
    spec = _image_spec(body.model)
    _check_image_options(spec, body.size, body.count)
    if body.style is not None and body.style not in spec.styles:
        raise InvalidOption(f"{spec.name} takes no style {body.style!r}")
    if body.seed is not None and not spec.seed:
        raise InvalidOption(f"{spec.name} takes no seed")
    if body.negative_prompt and not spec.negative_prompt:
        raise InvalidOption(f"{spec.name} takes no negative prompt")
    params = body.model_dump(exclude={"model", "group_id"}, exclude_none=True)
    return start_job(user_id, "image", spec.id, params, group_id=body.group_id)


def create_variation(user_id: str, body: VariationCreate) -> JobAccepted:
    """Queue variations of an uploaded or generated image."""
    spec = _image_spec(body.model)
    if not spec.variations:
        raise InvalidOption(f"{spec.name} makes no variations")
    _check_image_options(spec, body.size, body.count)
    source = _source(user_id, body.source)
    params = {"size": body.size, "count": body.count, "source": source, "prompt": source["prompt"]}
    return start_job(user_id, "variation", spec.id, params, group_id=body.group_id)


def create_edit(user_id: str, body: EditCreate) -> JobAccepted:
    """Queue an inpainting: repaint the mask's transparent area of an image after a prompt."""
    spec = _image_spec(body.model)
    if not spec.edits:
        raise InvalidOption(f"{spec.name} does not edit images")
    _check_image_options(spec, body.size, body.count)
    image = _source(user_id, body.image)
    params: dict[str, Any] = {"prompt": body.prompt, "size": body.size, "count": body.count, "image": image}
    if body.mask_upload_id:
        mask = ready_upload(user_id, body.mask_upload_id, "image")
        if mask.content_type != "image/png":
            raise InvalidOption("The mask must be a PNG (transparent where to repaint)")
        if (library.as_int(mask.width), library.as_int(mask.height)) != (image["width"], image["height"]):
            raise InvalidOption("The mask must have the image's size")
        params["mask"] = {"key": mask.key, "content_type": "image/png", "filename": "mask.png"}
    return start_job(user_id, "edit", spec.id, params, group_id=body.group_id)


def create_speech(user_id: str, body: SpeechCreate) -> JobAccepted:
    """Queue a text-to-speech (its audio streams to the player in parts while it is made)."""
    spec = catalogue.SPEECH_MODELS.get(body.model)
    if spec is None:
        raise UnknownMediaModel(f"Unknown speech model: {body.model}")
    if body.format not in spec.formats:
        raise InvalidOption(f"{spec.name} makes {', '.join(spec.formats)} audio")
    voice = {"voice_id": body.voice, "vendor_voice_id": body.voice}
    if spec.vendor == "openai":
        if body.voice not in {v for v, _ in catalogue.OPENAI_VOICES}:
            raise VoiceNotFound(f"OpenAI has no voice {body.voice!r}")
    elif body.voice.startswith(CLONE_PREFIX):
        clone = owned_voice(user_id, body.voice)
        if clone.status != "ready" or not clone.vendor_voice_id:
            raise VoiceNotFound("This voice is not ready")
        voice["vendor_voice_id"] = clone.vendor_voice_id
    elif body.voice not in {v.voice_id for v in premade_voices(user_id)}:
        raise VoiceNotFound()
    params = {"text": body.text, "format": body.format, "voice": voice}
    return start_job(user_id, "speech", spec.id, params)


def create_voice(user_id: str, body: VoiceCreate, *, ip: str) -> JobAccepted:
    """Queue a voice clone from the caller's samples; the speaker's consent is recorded first."""
    if not body.consent:
        raise ConsentRequired()
    samples = [
        ready_upload(user_id, upload_id, "audio") for upload_id in dict.fromkeys(body.sample_upload_ids)
    ]
    voice_id, now = CLONE_PREFIX + new_id(), utcnow()
    params = {
        "voice_id": voice_id,
        "name": body.name,
        "description": body.description,
        "samples": [{"key": s.key, "content_type": s.content_type, "filename": s.filename} for s in samples],
    }
    job_id = new_id()
    # The consent is on record before any sample leaves for the vendor.
    voice = MediaVoice(
        user_id,
        voice_id,
        name=body.name,
        description=body.description,
        provider="elevenlabs",
        status="pending",
        job_id=job_id,
        consent_at=now,
        consent_ip=ip[:64] or "unknown",
        created_at=now,
    )
    repository.create_voice(voice)
    try:
        return start_job(user_id, "voice_clone", catalogue.CLONE_MODEL, params, job_id=job_id)
    except Exception:
        repository.set_voice(voice, "failed", None)
        raise


def create_transcription(user_id: str, body: TranscriptionCreate) -> JobAccepted:
    """Queue a Whisper transcription (timed segments) of an uploaded audio file."""
    upload = ready_upload(user_id, body.upload_id, "audio")
    params = {
        "language": body.language,
        "audio": {
            "key": upload.key,
            "content_type": upload.content_type,
            "filename": upload.filename,
            "duration_s": upload.duration_s,
        },
    }
    return start_job(user_id, "transcription", "openai/whisper-1", params)


def cancel_job(user_id: str, job_id: str) -> JobOut:
    """Cancel a job that has not started (409 `media.job_not_cancellable` otherwise)."""
    from webox.tasks import service as tasks_service

    job = library.owned_job(user_id, job_id)
    if job.status != "queued" or not repository.cancel(job):
        raise JobNotCancellable()
    tasks_service.stop(user_id, job_id, "media.cancelled", "The media job was cancelled")
    return _cancelled(job)


def task_cancelled(user_id: str, task_id: str) -> None:
    """The job's task was cancelled through the tasks API (`webox.tasks.kinds.CANCEL_HOOKS`): a job
    not started yet is cancelled with it; one already running finishes, as its task's step does."""
    job = repository.get_job(user_id, task_id)
    if job is not None and job.status == "queued" and repository.cancel(job):
        _cancelled(job)


def _cancelled(job: MediaJob) -> JobOut:
    """After a queued job was cancelled: its voice (for a clone) fails, its tabs are told."""
    # imported here: the socket protocol's schemas are large, and only a cancellation pushes a frame
    from webox.realtime.protocol import JobDone

    job.refresh(consistent_read=True)
    if job.kind == "voice_clone":
        voice = repository.get_voice(job.user_id, str(job.params.get("voice_id", "")))
        if voice is not None:
            repository.set_voice(voice, "failed", None)
    out = library.job_out(job, [])
    realtime_service.send_to_user(
        job.user_id, JobDone(job_id=job.job_id, kind=job.kind, status="cancelled", outputs=[])
    )
    return out


# --- account export and deletion --------------------------------------------------------------


def export_user_files(user_id: str) -> list[tuple[str, str, str]]:
    """The user's library files for the account export: (bucket, key, name in the zip)."""
    return [
        (repository.BUCKET, item.key, f"{item.media_id}.{extension(item.content_type)}")
        for item in repository.all_items(user_id)
    ]


def export_user_data(user_id: str) -> dict[str, Any]:
    """A user's library items (transcripts' text included), jobs and cloned voices, as JSON-ready
    dicts, oldest first; the short-lived URLs are left out (the files are the user's own objects)."""
    items = [
        library.item_out(item).model_dump(mode="json", exclude={"url", "download_url"})
        for item in repository.all_items(user_id)
    ]
    jobs = [
        {
            **library.job_out(job, []).model_dump(mode="json", exclude={"outputs"}),
            "output_ids": list(job.output_ids or []),
        }
        for job in repository.all_jobs(user_id)
    ]
    voices = [
        {
            **_clone_out(voice).model_dump(mode="json"),
            "description": voice.description,
            "consent_at": voice.consent_at.isoformat(),
            "created_at": voice.created_at.isoformat(),
        }
        for voice in repository.all_voices(user_id)
    ]
    return {"items": items, "jobs": jobs, "voices": voices}


def delete_user_data(user_id: str) -> int:
    """Delete all of a user's media (account deletion): their cloned voices at ElevenLabs (a vendor
    failure is logged and the rest goes on), every job, item, upload and voice, every file."""
    logger = get_logger()
    for voice in repository.all_voices(user_id):
        if not voice.vendor_voice_id:
            continue
        try:
            providers.elevenlabs_delete(providers.access("elevenlabs", user_id), voice.vendor_voice_id)
        except WeboxError as exc:
            logger.warning(
                "cloned voice left at the vendor", extra={"voice_id": voice.voice_id, "code": exc.code}
            )
    rows = repository.delete_user_rows(user_id)
    keys = repository.owner_keys(user_id)
    repository.delete_files(keys)
    logger.info("media deleted", extra={"user_id": user_id, "rows": rows, "files": len(keys)})
    return rows
