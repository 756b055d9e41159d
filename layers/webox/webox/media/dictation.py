"""Dictation: a short recording transcribed at once, for voice input (the chat's composer), by the
media studio's own transcription model and provider call. Nothing is kept: the recording is deleted
once heard, and no library item is made."""

from __future__ import annotations

from webox.media import catalogue, providers, repository
from webox.media.schemas import Dictation, DictationCreate
from webox.media.service import ready_upload

MODEL = "openai/whisper-1"


def dictate(user_id: str, body: DictationCreate) -> Dictation:
    """The text of an uploaded recording (the plan's media quota applies unless simulated)."""
    # Imported here, as by the media jobs: the rest of the media API needs no quota.
    from webox.billing import quota

    upload = ready_upload(user_id, body.upload_id, "audio")
    spec = catalogue.TRANSCRIPTION_MODELS[MODEL]
    source = providers.key_source(spec.vendor, user_id)
    if source != "simulated":
        quota.check(user_id, "media", paid=source == "platform")
    entry = providers.access(spec.vendor, user_id)
    try:
        audio = repository.read_file(upload.key)
        transcript = providers.transcribe(
            entry, spec, (upload.filename, audio, upload.content_type or "audio/webm"), body.language
        )
    finally:
        repository.delete_files([upload.key])
    return Dictation(text=transcript.text.strip(), language=transcript.language, simulated=entry.simulated)
