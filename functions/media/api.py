"""The media studio over HTTP: models, uploads, image/audio jobs, the library and cloned voices."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path, Query, Request, Response
from webox.auth.dependencies import client_ip, require_scope
from webox.auth.principals import Principal
from webox.billing.errors import QuotaExceeded
from webox.billing.errors import RateLimited as PlanRateLimited
from webox.http import create_app, error_responses, lambda_handler
from webox.media import dictation as media_dictation
from webox.media import service as media_service
from webox.media.errors import (
    ConsentRequired,
    InvalidOption,
    JobNotCancellable,
    JobNotFound,
    MediaNotFound,
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
from webox.media.schemas import (
    Dictation,
    DictationCreate,
    EditCreate,
    ImageCreate,
    ItemKind,
    JobAccepted,
    JobKind,
    JobOut,
    JobPage,
    JobStatus,
    MediaItemOut,
    MediaPage,
    ModelCatalogue,
    SpeechCreate,
    TranscriptionCreate,
    UploadCreate,
    UploadInfo,
    UploadOut,
    VariationCreate,
    VoiceCreate,
    VoiceList,
)
from webox.providers.errors import ModelUnavailable

WriteCaller = Annotated[Principal, Depends(require_scope("media"))]
ReadCaller = Annotated[Principal, Depends(require_scope("read"))]
JobId = Annotated[str, Path(pattern=r"^[0-9a-f]{32}$", description="Job id")]
MediaId = Annotated[str, Path(pattern=r"^[0-9a-f]{34}$", description="Library item id")]
UploadId = Annotated[str, Path(pattern=r"^[0-9a-f]{32}$", description="Upload id")]
VoiceId = Annotated[str, Path(pattern=r"^wv[0-9a-f]{32}$", description="A cloned voice's id")]
Cursor = Annotated[str | None, Query(max_length=2048)]
Limit = Annotated[int, Query(ge=1, le=50)]

media = APIRouter(prefix="/api/media", tags=["media"])

_ACCEPTED: dict[int | str, dict[str, Any]] = {
    202: {
        "description": "Queued; follow it with GET /api/media/jobs/{job_id} or the WebSocket's job events."
    },
    **error_responses(
        ModelUnavailable,
        InvalidOption,
        UnknownMediaModel,
        QuotaExceeded,
        PlanRateLimited,
    ),
}
_FROM_UPLOAD = error_responses(UploadNotFound, MediaNotFound, UploadNotReady, UploadMissing, WrongKind)


@media.get("/models")
def list_models(caller: ReadCaller) -> ModelCatalogue:
    """The image, speech and transcription models, with the options each takes."""
    return media_service.models()


@media.get("/voices")
def list_voices(caller: ReadCaller) -> VoiceList:
    """Voices for speech: OpenAI's, ElevenLabs' premade ones and the caller's clones."""
    return media_service.list_voices(caller.user_id)


@media.post(
    "/voices",
    status_code=202,
    responses={**_ACCEPTED, **error_responses(ConsentRequired, UploadNotFound, UploadNotReady, WrongKind)},
)
def create_voice(caller: WriteCaller, request: Request, body: VoiceCreate) -> JobAccepted:
    """Clone a voice from 1 to 5 uploaded samples (the speaker's consent is required and recorded)."""
    return media_service.create_voice(caller.user_id, body, ip=client_ip(request))


@media.delete("/voices/{voice_id}", status_code=204, responses=error_responses(VoiceNotFound))
def delete_voice(caller: WriteCaller, voice_id: VoiceId) -> Response:
    """Delete one of the caller's cloned voices (at the vendor too)."""
    media_service.delete_voice(caller.user_id, voice_id)
    return Response(status_code=204)


@media.post(
    "/uploads",
    status_code=201,
    responses=error_responses(TooLarge, UnsupportedType, TooManyUploads),
)
def create_upload(caller: WriteCaller, body: UploadCreate) -> UploadOut:
    """A presigned POST to send one image (≤ 10 MB) or audio file (≤ 25 MB) straight to storage."""
    return media_service.create_upload(caller.user_id, body)


@media.post(
    "/uploads/{upload_id}/complete",
    responses=error_responses(UploadNotFound, UploadMissing, TooLarge, TooManyPixels, UnsupportedType),
)
def complete_upload(caller: WriteCaller, upload_id: UploadId) -> UploadInfo:
    """Check a sent file from its bytes (a refused one is deleted)."""
    return media_service.complete_upload(caller.user_id, upload_id)


@media.post("/images", status_code=202, responses=_ACCEPTED)
def create_image(caller: WriteCaller, body: ImageCreate) -> JobAccepted:
    """Generate 1 to 4 images from a prompt with one model."""
    return media_service.create_image(caller.user_id, body)


@media.post("/images/variations", status_code=202, responses={**_ACCEPTED, **_FROM_UPLOAD})
def create_variation(caller: WriteCaller, body: VariationCreate) -> JobAccepted:
    """Variations of an uploaded image or of an image of the library."""
    return media_service.create_variation(caller.user_id, body)


@media.post("/images/edits", status_code=202, responses={**_ACCEPTED, **_FROM_UPLOAD})
def create_edit(caller: WriteCaller, body: EditCreate) -> JobAccepted:
    """Inpainting: repaint where the PNG mask is transparent, after a prompt."""
    return media_service.create_edit(caller.user_id, body)


@media.post("/speech", status_code=202, responses={**_ACCEPTED, **error_responses(VoiceNotFound)})
def create_speech(caller: WriteCaller, body: SpeechCreate) -> JobAccepted:
    """Text to speech; `job.chunk` events bring each part's audio while it is made."""
    return media_service.create_speech(caller.user_id, body)


@media.post("/transcriptions", status_code=202, responses={**_ACCEPTED, **_FROM_UPLOAD})
def create_transcription(caller: WriteCaller, body: TranscriptionCreate) -> JobAccepted:
    """Transcribe an uploaded audio file with timed segments."""
    return media_service.create_transcription(caller.user_id, body)


@media.post("/dictations", responses=_FROM_UPLOAD)
def create_dictation(caller: WriteCaller, body: DictationCreate) -> Dictation:
    """Transcribe a short uploaded recording at once (voice input); the recording is not kept."""
    return media_dictation.dictate(caller.user_id, body)


@media.get("/jobs")
def list_jobs(
    caller: ReadCaller,
    kind: Annotated[JobKind | None, Query()] = None,
    status: Annotated[JobStatus | None, Query()] = None,
    cursor: Cursor = None,
    limit: Limit = 20,
) -> JobPage:
    """The caller's jobs, newest first."""
    return media_service.list_jobs(caller.user_id, kind=kind, status=status, cursor=cursor, limit=limit)


@media.get("/jobs/{job_id}", responses=error_responses(JobNotFound))
def get_job(caller: ReadCaller, job_id: JobId) -> JobOut:
    """One job: status, progress, error, outputs (fresh URLs)."""
    return media_service.get_job(caller.user_id, job_id)


@media.post("/jobs/{job_id}/cancel", responses=error_responses(JobNotFound, JobNotCancellable))
def cancel_job(caller: WriteCaller, job_id: JobId) -> JobOut:
    """Cancel a job that has not started yet."""
    return media_service.cancel_job(caller.user_id, job_id)


@media.get("/items")
def list_items(
    caller: ReadCaller,
    kind: Annotated[ItemKind | None, Query()] = None,
    q: Annotated[
        str | None, Query(max_length=100, description="Words of the prompt or text (accents ignored)")
    ] = None,
    cursor: Cursor = None,
    limit: Limit = 24,
) -> MediaPage:
    """The caller's library, newest first."""
    return media_service.list_items(caller.user_id, kind=kind, q=q, cursor=cursor, limit=limit)


@media.get("/items/{media_id}", responses=error_responses(MediaNotFound))
def get_item(caller: ReadCaller, media_id: MediaId) -> MediaItemOut:
    """One library item with fresh short-lived URLs."""
    return media_service.get_item(caller.user_id, media_id)


@media.delete("/items/{media_id}", status_code=204, responses=error_responses(MediaNotFound))
def delete_item(caller: WriteCaller, media_id: MediaId) -> Response:
    """Delete a library item and its files."""
    media_service.delete_item(caller.user_id, media_id)
    return Response(status_code=204)


app = create_app(
    media,
    title="Media",
    description="Image and audio generation jobs (OpenAI, Replicate, ElevenLabs), uploads and the library.",
)
handler = lambda_handler(app)
