"""What the `media` step of a media task runs for its job: claim it, call the vendor, store the
files, push progress.

A media job is a one-step task of the engine (`webox.tasks`), which delivers, retries and
dead-letters it. Idempotent per job id: the claim and the final state change are conditional, the
vendor call and its files are one `ctx.once` effect, outputs have ids and keys derived from the job,
so a duplicate delivery ends with one result. A vendor failure that may pass (rate limit, 5xx,
timeout) is raised for the engine to deliver the step again, and on the last delivery the job fails
with the reason; a permanent one fails the job at once.
"""

from __future__ import annotations

import io
import time
from collections.abc import Callable
from typing import Any

from webox import events
from webox.db import utcnow
from webox.errors import WeboxError
from webox.logging import get_logger
from webox.media import audio, catalogue, library, providers, repository
from webox.media.config import get_media_settings
from webox.media.errors import GenerationFailed
from webox.media.models import MediaItem, MediaJob
from webox.media.schemas import JobError
from webox.media.sniff import extension, sniff
from webox.providers.errors import ProviderTimeout
from webox.realtime.protocol import Frame, JobChunk, JobDone, JobProgress
from webox.realtime.service import Audience
from webox.tasks.errors import StepFailed
from webox.tasks.kinds import StepContext, StepResult
from webox.text import fold
from webox.usage import service as usage_service

CHUNK_URL_EXPIRES_S = 900


class Run:
    """One attempt at a job: its pushes, its progress and the files it stores."""

    def __init__(self, job: MediaJob) -> None:
        self.job = job
        self.audience = Audience(job.user_id)
        self.simulated = False
        self._progress = -1

    @property
    def names(self) -> dict[str, Any]:
        """What names this job in its frames."""
        return {"job_id": self.job.job_id, "kind": self.job.kind}

    def push(self, frame: Frame) -> None:
        try:
            self.audience.send(frame)
        except Exception:  # a push never fails a job: the browser can always read the job back
            get_logger().exception("media push failed", extra={"job_id": self.job.job_id})

    def progress(self, value: int, message: str | None = None) -> None:
        value = max(0, min(99, value))
        if value == self._progress:
            return
        self._progress = value
        repository.set_progress(self.job, value, message)
        self.push(JobProgress(**self.names, progress=value, message=message or None))

    def store(
        self,
        index: int,
        data: bytes,
        *,
        kind: str,
        prompt: str | None,
        content_type: str | None = None,
        search: str | None = None,
        **facts: Any,
    ) -> str:
        """Store one output (file, then item, both keyed by the job): returns its media id."""
        found = sniff(data, len(data)) if content_type is None else None
        if content_type is None and found is None:
            raise GenerationFailed("The provider returned a file of an unknown type", vendor=self.job.model)
        content_type = content_type or (found.content_type if found else "application/octet-stream")
        if found is not None:
            facts = {"width": found.width, "height": found.height, "duration_s": found.duration_s, **facts}
        media_id = f"{self.job.job_id}{index:02d}"
        key = (
            f"{repository.job_folder(self.job.user_id, self.job.job_id)}{index:02d}.{extension(content_type)}"
        )
        repository.put_file(key, data, content_type)
        text = search if search is not None else prompt
        repository.put_item(
            MediaItem(
                self.job.user_id,
                media_id,
                kind=kind,
                model=self.job.model,
                prompt=prompt,
                search_key=" ".join(fold(text).split())[:4000] if text else None,
                content_type=content_type,
                size=len(data),
                key=key,
                job_id=self.job.job_id,
                group_id=self.job.group_id,
                simulated=self.simulated,
                created_at=utcnow(),
                **{name: value for name, value in facts.items() if value is not None},
            )
        )
        return media_id

    def finish(self, status: str, outputs: list[str], error: tuple[str, str] | None = None) -> None:
        if not repository.finish(self.job, status, outputs=outputs, error=error):
            if repository.get_job(self.job.user_id, self.job.job_id) is None:
                self.discard(outputs)
            else:
                get_logger().info("media job finished by another delivery", extra={"job_id": self.job.job_id})
            return
        self.record_usage(status, error)
        if self.job.kind == "voice_clone" and status == "failed":
            voice = repository.get_voice(self.job.user_id, str(self.job.params.get("voice_id", "")))
            if voice is not None:
                repository.set_voice(voice, "failed", None)
        items = [library.item_out(i) for i in repository.items_of(self.job.user_id, outputs)]
        if status == "succeeded":
            events.publish(
                self.job.user_id,
                "media.ready",
                {"job_id": self.job.job_id, "kind": self.job.kind, "items": [i.media_id for i in items]},
            )
        self.push(
            JobDone(
                **self.names,
                status=status,
                outputs=items,
                error=JobError(code=error[0], message=error[1]) if error else None,
            )
        )

    def discard(self, outputs: list[str]) -> None:
        """Remove what this run stored: its job was deleted while it ran (with its account), and
        nothing of a deleted account may be left behind."""
        get_logger().info(
            "media job deleted while it ran: outputs discarded", extra={"job_id": self.job.job_id}
        )
        repository.delete_files(
            repository.keys_under(repository.job_folder(self.job.user_id, self.job.job_id))
        )
        for item in repository.items_of(self.job.user_id, outputs):
            repository.delete_item(item)

    def record_usage(self, status: str, error: tuple[str, str] | None) -> None:
        """One usage record per finished job (the dashboard's media lines). Only a job the
        platform's key answered and that succeeded counts against the plan's media quota."""
        vendor = catalogue.vendor_of(self.job.model)
        try:
            source = providers.key_source(vendor, self.job.user_id)
        except WeboxError:  # the key went away meanwhile: this job's own run says which it was
            source = "simulated" if self.simulated else "platform"
        usage_service.record_safely(
            usage_service.Usage(
                user_id=self.job.user_id,
                feature="media",
                model=self.job.model,
                vendor=vendor,
                request_id=self.job.job_id,
                status="done" if status == "succeeded" else "error",
                duration_ms=int((utcnow() - self.job.created_at).total_seconds() * 1000),
                error_code=error[0] if error else None,
                simulated=source == "simulated",
                billed=source == "platform" and status == "succeeded",
            )
        )


# --- images -----------------------------------------------------------------------------------


def _file(ref: dict[str, Any] | None) -> tuple[str, bytes, str] | None:
    if not ref:
        return None
    return str(ref.get("filename") or "image"), repository.read_file(ref["key"]), str(ref["content_type"])


def _white_where_transparent(mask: tuple[str, bytes, str]) -> tuple[str, bytes, str]:
    """OpenAI's mask (transparent = repaint) as SDXL's (white = repaint, black = keep)."""
    from PIL import Image

    with Image.open(io.BytesIO(mask[1])) as image:
        alpha = image.convert("RGBA").getchannel("A")
        converted = alpha.point(lambda a: 255 if a < 128 else 0)
        out = io.BytesIO()
        converted.save(out, format="PNG")
    return "mask.png", out.getvalue(), "image/png"


def _replicate(
    run: Run, entry: providers.Access, spec: catalogue.ImageModelSpec, request: providers.ImageRequest
) -> list[bytes]:
    settings = get_media_settings()
    prediction_id = run.job.vendor_ref
    if not prediction_id:
        prediction_id = providers.replicate_start(entry, spec, request)
        if not repository.set_vendor_ref(run.job, prediction_id):
            # A concurrent delivery started its own prediction first: follow that one.
            providers.replicate_cancel(entry, prediction_id)
            run.job.refresh(consistent_read=True)
            if run.job.status != "running" or not run.job.vendor_ref:
                raise GenerationFailed("The job ended while it was starting", vendor="replicate")
            prediction_id = run.job.vendor_ref
    deadline = time.monotonic() + settings.max_wait_s
    pause = settings.poll_simulated_s if entry.simulated else settings.poll_s
    while True:
        state = providers.replicate_poll(entry, prediction_id)
        if state.status == "succeeded":
            break
        if state.status in ("failed", "canceled"):
            raise GenerationFailed(state.error or f"The prediction was {state.status}", vendor="replicate")
        run.progress(max(5, min(95, state.progress)), state.status)
        if time.monotonic() > deadline:
            providers.replicate_cancel(entry, prediction_id)
            raise ProviderTimeout("The prediction took too long", vendor="replicate")
        time.sleep(pause)
    run.progress(96, "downloading")
    return [providers.fetch(url) for url in state.outputs]


def _images(run: Run) -> list[str]:
    job, params = run.job, run.job.params
    spec = catalogue.IMAGE_MODELS[job.model]
    entry = providers.access(spec.vendor, job.user_id)
    run.simulated = entry.simulated
    source = params.get("source") or params.get("image")
    prompt = params.get("prompt") or ""
    request = providers.ImageRequest(
        operation=job.kind,
        prompt=prompt if job.kind != "variation" else f"A variation of this image. {prompt}".strip(),
        size=params["size"],
        count=int(params.get("count", 1)),
        style=params.get("style"),
        seed=params.get("seed"),
        negative_prompt=params.get("negative_prompt"),
        image=_file(source),
        mask=_file(params.get("mask")),
    )
    if spec.vendor == "openai":
        run.progress(10, "generating")
        images = providers.openai_images(entry, spec, request)
    else:
        if request.mask is not None:
            request = providers.ImageRequest(
                **{**request.__dict__, "mask": _white_where_transparent(request.mask)}
            )
        images = _replicate(run, entry, spec, request)
    return [run.store(i, data, kind="image", prompt=prompt or None) for i, data in enumerate(images)]


# --- audio ------------------------------------------------------------------------------------


def _speech(run: Run) -> list[str]:
    job, params, settings = run.job, run.job.params, get_media_settings()
    spec = catalogue.SPEECH_MODELS[job.model]
    entry = providers.access(spec.vendor, job.user_id)
    run.simulated = entry.simulated
    fmt, voice = str(params["format"]), str(params["voice"]["vendor_voice_id"])
    texts = audio.split_text(str(params["text"]), settings.first_part_chars, settings.part_chars)
    parts: list[bytes] = []
    content_type = ""
    for index, text in enumerate(texts):
        data = b"".join(providers.synthesize(entry, spec, voice, text, fmt))
        if spec.vendor == "elevenlabs" and fmt == "wav":
            data = audio.pcm_to_wav(data, providers.PCM_RATE)
        found = sniff(data, len(data))
        if found is None or found.kind != "audio" or (content_type and found.content_type != content_type):
            raise GenerationFailed("The provider returned unexpected audio", vendor=spec.vendor)
        content_type = found.content_type
        key = f"{repository.job_folder(job.user_id, job.job_id)}part-{index:03d}.{extension(content_type)}"
        repository.put_file(key, data, content_type)
        url = repository.file_url(key, expires=CHUNK_URL_EXPIRES_S)
        run.push(JobChunk(**run.names, index=index, count=len(texts), url=url, content_type=content_type))
        parts.append(data)
        run.progress(int(95 * (index + 1) / len(texts)), "synthesising")
    whole = audio.join(parts, content_type)
    return [run.store(0, whole, kind="audio", prompt=str(params["text"])[:1000], search=str(params["text"]))]


def _voice_clone(run: Run) -> list[str]:
    job, params = run.job, run.job.params
    voice = repository.get_voice(job.user_id, str(params["voice_id"]))
    if voice is None:
        raise GenerationFailed("The voice was deleted before it was made", vendor="elevenlabs")
    entry = providers.access("elevenlabs", job.user_id)
    run.progress(20, "uploading samples")
    samples = [
        (str(s["filename"]), repository.read_file(s["key"]), str(s["content_type"]))
        for s in params["samples"]
    ]
    vendor_voice_id = providers.elevenlabs_clone(
        entry, str(params["name"]), params.get("description"), samples
    )
    repository.set_voice(voice, "ready", vendor_voice_id, simulated=entry.simulated)
    return []


def _transcription(run: Run) -> list[str]:
    job, params = run.job, run.job.params
    spec = catalogue.TRANSCRIPTION_MODELS[job.model]
    entry = providers.access(spec.vendor, job.user_id)
    run.simulated = entry.simulated
    source = params["audio"]
    run.progress(10, "transcribing")
    file = (str(source["filename"]), repository.read_file(source["key"]), str(source["content_type"]))
    transcript = providers.transcribe(entry, spec, file, params.get("language"))
    body = transcript.model_dump_json().encode()
    return [
        run.store(
            0,
            body,
            kind="transcript",
            prompt=None,
            content_type="application/json",
            search=transcript.text,
            language=transcript.language,
            duration_s=source.get("duration_s"),
        )
    ]


RUNNERS: dict[str, Callable[[Run], list[str]]] = {
    "image": _images,
    "variation": _images,
    "edit": _images,
    "speech": _speech,
    "voice_clone": _voice_clone,
    "transcription": _transcription,
}


def _retryable(exc: WeboxError) -> bool:
    return isinstance(exc, ProviderTimeout) or bool(getattr(exc, "retryable", False))


def _done(job: MediaJob) -> StepResult:
    """The step's result for a job already over (a replay, or a job cancelled before it ran)."""
    if job.status == "succeeded":
        return StepResult(output={"job_id": job.job_id, "outputs": list(job.output_ids or [])})
    code = job.error_code or f"media.job_{job.status}"
    raise StepFailed(code, job.error_message or f"The media job is {job.status}")


def run_step(ctx: StepContext) -> StepResult:
    """The `media` step: run the job the task was started for (the task takes the job's id). The
    vendor call and the files it stores happen once (`ctx.once`): a delivery replayed after them
    only finishes the job. A vendor failure that may pass is raised for the engine to deliver the
    step again; on the last delivery `on_step_failed` fails the job with its reason."""
    job = repository.get_job(ctx.user_id, ctx.task_id)
    if job is None or ctx.input.get("job_id") != job.job_id:
        raise StepFailed("media.job_not_found", "This task runs no media job")
    if job.status not in ("queued", "running") or not repository.claim(job):
        job.refresh(consistent_read=True)
        return _done(job)
    job.refresh(consistent_read=True)
    attempt = Run(job)
    attempt.progress(max(1, int(job.progress or 0)), "running")

    def generate() -> dict[str, Any]:
        return {"outputs": RUNNERS[job.kind](attempt), "simulated": attempt.simulated}

    try:
        done = ctx.once("generate", generate)
    except WeboxError as exc:
        if _retryable(exc):
            get_logger().warning("media job will be retried", extra={"job_id": job.job_id, "code": exc.code})
            raise
        attempt.finish("failed", [], (exc.code, exc.message))
        raise StepFailed(exc.code, exc.message) from exc
    attempt.simulated = bool(done["simulated"])
    attempt.finish("succeeded", list(done["outputs"]))
    return StepResult(output={"job_id": job.job_id, "outputs": list(done["outputs"])})


def on_step_failed(ctx: StepContext, code: str, message: str) -> None:
    """The step crashed on its last delivery: the job fails with the reason (and says so)."""
    job = repository.get_job(ctx.user_id, ctx.task_id)
    if job is None or job.status not in ("queued", "running"):
        return
    if job.status == "queued":
        repository.claim(job)
    job.refresh(consistent_read=True)
    Run(job).finish("failed", [], (code, message))
