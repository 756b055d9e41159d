"""Media helpers: files made for real (PNG, WAV), uploads as the browser sends them, waiting for jobs."""

from __future__ import annotations

import io
import os
from typing import Any

import httpx
from webox.testing import media_files

from tests import waiting
from tests.accounts import Account

# The media vendors' real keys never reach the tests: every call goes to the simulators.
for _key in ("REPLICATE_API_TOKEN", "ELEVENLABS_API_KEY"):
    os.environ.pop(_key, None)

FINISHED = ("succeeded", "failed", "cancelled")


def png(
    width: int = 64, height: int = 64, *, colour: tuple[int, int, int, int] = (200, 40, 40, 255)
) -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGBA", (width, height), colour).save(out, format="PNG")
    return out.getvalue()


def mask(width: int = 64, height: int = 64) -> bytes:
    """OpenAI's convention: opaque where to keep, transparent (the left half) where to repaint."""
    from PIL import Image, ImageDraw

    image = Image.new("RGBA", (width, height), (0, 0, 0, 255))
    ImageDraw.Draw(image).rectangle((0, 0, width // 2 - 1, height), fill=(0, 0, 0, 0))
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


def wav(text: str = "bonjour tout le monde ceci est un essai") -> bytes:
    return media_files.wav(media_files.tone_pcm(text))


def upload_raw(
    account: Account, data: bytes, *, kind: str, content_type: str, filename: str = "file"
) -> tuple[str, httpx.Response]:
    """Ask for a presigned POST, then send the file to it as a browser form does (with an Origin)."""
    response = account.client.post(
        "/api/media/uploads",
        json={"kind": kind, "filename": filename, "content_type": content_type, "size": len(data)},
        headers=account.csrf(),
    )
    assert response.status_code == 201, response.text
    form = response.json()
    sent = httpx.post(
        form["url"],
        data=form["fields"],
        files={"file": (filename, data, content_type)},
        headers={"Origin": str(account.client.base_url).rstrip("/")},
        timeout=30,
    )
    return form["upload_id"], sent


def upload(
    account: Account, data: bytes, *, kind: str, content_type: str, filename: str = "file"
) -> dict[str, Any]:
    """A checked upload (`complete` answered 200)."""
    upload_id, sent = upload_raw(account, data, kind=kind, content_type=content_type, filename=filename)
    assert sent.status_code in (200, 201, 204), sent.text
    done = account.client.post(f"/api/media/uploads/{upload_id}/complete", headers=account.csrf())
    assert done.status_code == 200, done.text
    result: dict[str, Any] = done.json()
    return result


def post_job(account: Account, path: str, body: dict[str, Any]) -> str:
    response = account.client.post(path, json=body, headers=account.csrf())
    assert response.status_code == 202, response.text
    assert response.json()["status"] == "queued"
    return str(response.json()["job_id"])


def wait_job(
    account: Account, job_id: str, *, until: tuple[str, ...] = FINISHED, timeout: float = 40
) -> dict[str, Any]:
    """Read the job back until its status is one of `until`."""

    def read() -> dict[str, Any]:
        response = account.client.get(f"/api/media/jobs/{job_id}")
        assert response.status_code == 200, response.text
        job: dict[str, Any] = response.json()
        return job

    return waiting.until(read, lambda job: job["status"] in until, timeout, f"job {job_id} {until}")
