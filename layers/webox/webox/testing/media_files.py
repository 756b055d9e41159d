"""Real files for the simulated media vendors: PNG images drawn from the prompt and seed (marked
"simulé"), WAV speech made of tones (one per word, pitched by the word), multipart bodies read with
the standard library.

No MP3 or Opus encoder is available without a binary, so the simulators answer those formats with
WAV bytes and say so in their `content-type`; WeBox stores what the bytes are, never what was asked.
"""

from __future__ import annotations

import hashlib
import io
import math
import random
import struct
from email.parser import BytesParser
from email.policy import HTTP
from typing import Any

SAMPLE_RATE = 22050
LABEL = "simulé"


def _rng(*parts: Any) -> random.Random:
    digest = hashlib.sha256("\x00".join(str(p) for p in parts).encode()).digest()
    return random.Random(int.from_bytes(digest[:8], "big"))


def _colour(rng: random.Random, bright: bool = False) -> tuple[int, int, int]:
    low = 120 if bright else 20
    return (rng.randint(low, 255), rng.randint(low, 255), rng.randint(low, 255))


def draw_image(
    prompt: str,
    *,
    size: str = "1024x1024",
    seed: int | str = 0,
    model: str = "simulated",
    base: bytes | None = None,
    mask: bytes | None = None,
) -> bytes:
    """A PNG that varies with the prompt and seed: a gradient, shapes and a "simulé" label. With a
    `base` image the result is drawn over it (variations); with a `mask`, only where it is transparent."""
    from PIL import Image, ImageDraw, ImageOps

    width, height = (int(v) for v in size.split("x"))
    rng = _rng(model, prompt, seed)
    top, bottom = _colour(rng), _colour(rng)
    gradient = Image.linear_gradient("L").resize((width, height))
    image = Image.composite(
        Image.new("RGB", (width, height), bottom), Image.new("RGB", (width, height), top), gradient
    )
    draw = ImageDraw.Draw(image, "RGBA")
    for _ in range(rng.randint(4, 9)):
        x, y = rng.randint(0, width), rng.randint(0, height)
        radius = rng.randint(width // 16, width // 4)
        box = (x - radius, y - radius, x + radius, y + radius)
        fill = (*_colour(rng, bright=True), rng.randint(90, 200))
        if rng.random() < 0.5:
            draw.ellipse(box, fill=fill)
        else:
            draw.rectangle(box, fill=fill)
    if base is not None:
        with Image.open(io.BytesIO(base)) as source:
            under = ImageOps.fit(source.convert("RGB"), (width, height))
        if mask is not None:
            with Image.open(io.BytesIO(mask)) as mask_image:
                alpha = ImageOps.fit(mask_image.convert("RGBA"), (width, height)).getchannel("A")
            # Keep the source where the mask is opaque, repaint where it is transparent.
            image = Image.composite(under, image, alpha.point(lambda a: 255 if a >= 128 else 0))
        else:
            image = Image.blend(under, image, 0.35)
        draw = ImageDraw.Draw(image, "RGBA")
    band = max(28, height // 14)
    draw.rectangle((0, height - band, width, height), fill=(0, 0, 0, 160))
    caption = f"{LABEL} · {model} · {' '.join(prompt.split())[:60]}"
    draw.text((12, height - band + band // 4), caption, fill=(255, 255, 255, 255))
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=False, compress_level=3)
    return out.getvalue()


def tone_pcm(text: str, *, voice: str = "", rate: int = SAMPLE_RATE, word_s: float = 0.18) -> bytes:
    """16-bit mono PCM "speech": one short tone per word, its pitch from the word and the voice."""
    frames = bytearray()
    words = text.split()[:600] or ["…"]
    voice_shift = int(hashlib.sha256(voice.encode()).hexdigest()[:2], 16) / 4
    for word in words:
        pitch = 160 + voice_shift + int(hashlib.sha256(word.lower().encode()).hexdigest()[:4], 16) % 240
        length = int(rate * word_s * min(2.0, 0.5 + len(word) / 8))
        for n in range(length):
            envelope = math.sin(math.pi * n / length)
            sample = 0.35 * envelope * math.sin(2 * math.pi * pitch * n / rate)
            frames += struct.pack("<h", int(sample * 32767))
        frames += b"\x00\x00" * int(rate * 0.05)
    return bytes(frames)


def wav(pcm: bytes, *, rate: int = SAMPLE_RATE, comment: str = LABEL) -> bytes:
    """PCM in a WAV file, with a LIST/INFO comment saying it is simulated."""
    comment_bytes = comment.encode() + b"\x00"
    if len(comment_bytes) % 2:
        comment_bytes += b"\x00"
    info = b"INFO" + b"ICMT" + struct.pack("<I", len(comment_bytes)) + comment_bytes
    fmt = struct.pack("<HHIIHH", 1, 1, rate, rate * 2, 2, 16)
    body = (
        b"WAVE"
        + b"fmt "
        + struct.pack("<I", len(fmt))
        + fmt
        + b"LIST"
        + struct.pack("<I", len(info))
        + info
        + b"data"
        + struct.pack("<I", len(pcm))
        + pcm
    )
    return b"RIFF" + struct.pack("<I", len(body)) + body


def wav_duration(data: bytes) -> float:
    """Seconds of a 16-bit mono WAV made by `wav` (0 for anything else)."""
    index = data.find(b"data")
    if not data.startswith(b"RIFF") or index < 0:
        return 0.0
    rate = int(struct.unpack("<I", data[24:28])[0]) or SAMPLE_RATE
    return int(struct.unpack("<I", data[index + 4 : index + 8])[0]) / (rate * 2)


def form(content_type: str, body: bytes) -> dict[str, list[Any]]:
    """A multipart/form-data body: name → values (str, or (filename, bytes, content type) for files)."""
    message = BytesParser(policy=HTTP).parsebytes(f"Content-Type: {content_type}\r\n\r\n".encode() + body)
    fields: dict[str, list[Any]] = {}
    if not message.is_multipart():
        return fields
    for part in message.iter_parts():
        name = part.get_param("name", header="content-disposition")
        if not name:
            continue
        payload = part.get_payload(decode=True)
        payload = payload if isinstance(payload, bytes) else b""
        filename = part.get_filename()
        value: Any = (
            (filename, payload, part.get_content_type()) if filename is not None else payload.decode()
        )
        fields.setdefault(str(name), []).append(value)
    return fields
