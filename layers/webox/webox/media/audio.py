"""Audio bytes: speech text cut into parts, raw PCM made WAV, and parts joined into one file."""

from __future__ import annotations

import io
import re
import wave

_SENTENCE_END = re.compile(r"(?<=[.!?…;:])\s+|\n+")


def split_text(text: str, first: int, rest: int) -> list[str]:
    """Sentence groups of at most `first` characters for the first part and `rest` for the others
    (a sentence longer than that is cut at a space)."""
    parts: list[str] = []
    current = ""
    for sentence in (s.strip() for s in _SENTENCE_END.split(text)):
        while sentence:
            limit = first if not parts else rest
            if current and len(current) + 1 + len(sentence) > limit:
                parts.append(current)
                current = ""
                continue
            room = limit - len(current) - (1 if current else 0)
            if len(sentence) <= room:
                current = f"{current} {sentence}".strip()
                sentence = ""
            else:
                cut = sentence.rfind(" ", 0, room)
                cut = cut if cut > 0 else room
                parts.append(f"{current} {sentence[:cut]}".strip())
                current, sentence = "", sentence[cut:].strip()
    if current:
        parts.append(current)
    return parts


def pcm_to_wav(pcm: bytes, rate: int, channels: int = 1) -> bytes:
    """16-bit little-endian PCM wrapped in a WAV header."""
    out = io.BytesIO()
    with wave.open(out, "wb") as writer:
        writer.setnchannels(channels)
        writer.setsampwidth(2)
        writer.setframerate(rate)
        writer.writeframes(pcm[: len(pcm) - len(pcm) % (2 * channels)])
    return out.getvalue()


def join(parts: list[bytes], content_type: str) -> bytes:
    """One file from parts of one type: WAV frames merged under one header; MP3 frames and Ogg
    pages (chained streams) simply follow each other."""
    if content_type != "audio/wav" or len(parts) == 1:
        return b"".join(parts)
    out = io.BytesIO()
    with wave.open(out, "wb") as writer:
        for index, part in enumerate(parts):
            with wave.open(io.BytesIO(part), "rb") as reader:
                if index == 0:
                    writer.setparams(reader.getparams())
                writer.writeframes(reader.readframes(reader.getnframes()))
    return out.getvalue()
