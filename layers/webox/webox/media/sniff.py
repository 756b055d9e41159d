"""What a file really is, read from its first bytes (magic numbers), never from its name or the
type a browser claims; plus the few facts the library shows (image size, audio duration). A
document (a chat attachment) is named by its extension, which its first bytes must bear out."""

from __future__ import annotations

import re
import struct
from dataclasses import dataclass

from webox import documents

IMAGE_TYPES = ("image/png", "image/jpeg", "image/webp")
AUDIO_TYPES = ("audio/mpeg", "audio/wav", "audio/ogg", "audio/webm", "audio/mp4", "audio/flac")
EXTENSIONS = {
    "image/png": "png",
    "image/jpeg": "jpg",
    "image/webp": "webp",
    "audio/mpeg": "mp3",
    "audio/wav": "wav",
    "audio/ogg": "ogg",
    "audio/webm": "webm",
    "audio/mp4": "m4a",
    "audio/flac": "flac",
    "application/json": "json",
    "text/markdown; charset=utf-8": "md",
}
# How many leading bytes `sniff` needs to name a type and read an image's size.
HEAD_BYTES = 64 * 1024


@dataclass(frozen=True)
class Sniffed:
    content_type: str
    width: int | None = None
    height: int | None = None
    duration_s: float | None = None

    @property
    def kind(self) -> str:
        """`image`, `audio` or `document`, from the content type."""
        top = self.content_type.split("/", 1)[0]
        return top if top in ("image", "audio") else "document"


def _png(data: bytes) -> Sniffed:
    width, height = struct.unpack(">II", data[16:24]) if len(data) >= 24 else (0, 0)
    return Sniffed("image/png", width or None, height or None)


def _jpeg(data: bytes) -> Sniffed:
    index = 2
    while index + 9 < len(data):
        if data[index] != 0xFF:
            index += 1
            continue
        marker = data[index + 1]
        length = struct.unpack(">H", data[index + 2 : index + 4])[0]
        # Start-of-frame markers carry the size (C4, C8 and CC are not frames).
        if 0xC0 <= marker <= 0xCF and marker not in (0xC4, 0xC8, 0xCC):
            height, width = struct.unpack(">HH", data[index + 5 : index + 9])
            return Sniffed("image/jpeg", width, height)
        index += 2 + length
    return Sniffed("image/jpeg")


def _webp(data: bytes) -> Sniffed:
    chunk = data[12:16]
    if chunk == b"VP8X" and len(data) >= 30:
        width = 1 + int.from_bytes(data[24:27], "little")
        height = 1 + int.from_bytes(data[27:30], "little")
        return Sniffed("image/webp", width, height)
    if chunk == b"VP8 " and len(data) >= 30:
        width, height = struct.unpack("<HH", data[26:30])
        return Sniffed("image/webp", width & 0x3FFF, height & 0x3FFF)
    if chunk == b"VP8L" and len(data) >= 25:
        bits = int.from_bytes(data[21:25], "little")
        return Sniffed("image/webp", (bits & 0x3FFF) + 1, ((bits >> 14) & 0x3FFF) + 1)
    return Sniffed("image/webp")


def wav_duration(data: bytes, total_size: int | None = None) -> float | None:
    """Duration of a PCM WAV from its `fmt ` and `data` chunks (None when they are not in `data`)."""
    index, byte_rate = 12, 0
    while index + 8 <= len(data):
        chunk, size = data[index : index + 4], int(struct.unpack("<I", data[index + 4 : index + 8])[0])
        if chunk == b"fmt " and index + 16 <= len(data):
            byte_rate = int(struct.unpack("<I", data[index + 16 : index + 20])[0])
        if chunk == b"data" and byte_rate:
            available = (total_size or len(data)) - index - 8
            return round(float(min(size, available)) / byte_rate, 2)
        index += 8 + size + (size & 1)
    return None


def sniff(data: bytes, total_size: int | None = None) -> Sniffed | None:
    """The type of a file from its first bytes, or None when it is no image or audio WeBox takes."""
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return _png(data)
    if data.startswith(b"\xff\xd8\xff"):
        return _jpeg(data)
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return _webp(data)
    if data[:4] == b"RIFF" and data[8:12] == b"WAVE":
        return Sniffed("audio/wav", duration_s=wav_duration(data, total_size))
    if data.startswith(b"ID3") or (len(data) > 1 and data[0] == 0xFF and data[1] & 0xE0 == 0xE0):
        return Sniffed("audio/mpeg")
    if data.startswith(b"OggS"):
        return Sniffed("audio/ogg")
    if data.startswith(b"fLaC"):
        return Sniffed("audio/flac")
    if data.startswith(b"\x1a\x45\xdf\xa3"):
        return Sniffed("audio/webm")
    if data[4:8] == b"ftyp" and data[8:12] in (b"M4A ", b"mp42", b"isom", b"M4B ", b"dash"):
        return Sniffed("audio/mp4")
    return None


def document_type(filename: str) -> str | None:
    """The content type of a document WeBox reads, from its name's extension (None: not one)."""
    match = re.search(r"\.[A-Za-z]+$", filename)
    return documents.FORMATS.get(match.group(0).lower()) if match else None


def sniff_document(filename: str, data: bytes) -> Sniffed | None:
    """A document's type from its extension when its first bytes agree (a PDF's `%PDF-`, a DOCX's
    zip header, text without NUL bytes), else None."""
    content_type = document_type(filename)
    if content_type is None:
        return None
    suffix = filename.lower().rsplit(".", 1)[-1]
    if suffix == "pdf":
        ok = data.startswith(b"%PDF-")
    elif suffix == "docx":
        ok = data.startswith(b"PK\x03\x04")
    else:
        ok = b"\x00" not in data
    return Sniffed(content_type) if ok else None


def extension(content_type: str) -> str:
    """The file extension stored objects get for a content type."""
    return EXTENSIONS.get(content_type, "bin")
