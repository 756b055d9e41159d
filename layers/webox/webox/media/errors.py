"""Media errors (stable codes the SPA translates)."""

from __future__ import annotations

from webox.errors import Conflict, Invalid, NotFound, PayloadTooLarge, WeboxError
from webox.providers.errors import ProviderError


class JobNotFound(NotFound):
    code, title = "media.job_not_found", "Job not found"


class MediaNotFound(NotFound):
    code, title = "media.not_found", "Media not found"


class UploadNotFound(NotFound):
    code, title = "media.upload_not_found", "Upload not found"


class VoiceNotFound(NotFound):
    code, title = "media.voice_not_found", "Voice not found"


class JobNotCancellable(Conflict):
    code, title = "media.job_not_cancellable", "Only a queued job can be cancelled"


class UploadNotReady(Conflict):
    code, title = "media.upload_not_ready", "The upload is not complete"


class UploadMissing(Conflict):
    code, title = "media.upload_missing", "No file was received for this upload"


class TooLarge(PayloadTooLarge):
    code, title = "media.too_large", "The file is too large"


class TooManyUploads(WeboxError):
    status, code, title = 429, "media.too_many_uploads", "Too many uploads today"


class TooManyPixels(PayloadTooLarge):
    """A small file can still decode to a huge image (a compression bomb) that a vendor or a
    thumbnail would have to hold in memory."""

    code, title = "media.too_many_pixels", "The image has too many pixels"


class UnsupportedType(WeboxError):
    status, code, title = (
        415,
        "media.unsupported_type",
        "Only PNG, JPEG, WebP images and MP3, WAV, OGG, WebM, M4A, FLAC audio",
    )


class WrongKind(Invalid):
    code, title = "media.wrong_kind", "This file is not of the expected kind"


class InvalidOption(Invalid):
    code, title = "media.invalid_option", "This model does not take this option"


class UnknownMediaModel(Invalid):
    code, title = "media.unknown_model", "Unknown media model"


class ConsentRequired(Invalid):
    code, title = "media.consent_required", "Cloning a voice needs the speaker's explicit consent"


class GenerationFailed(ProviderError):
    """The vendor finished the work but reported a failure (a refused prompt, a failed prediction)."""

    status, code, title = 502, "media.generation_failed", "The provider could not generate this"
