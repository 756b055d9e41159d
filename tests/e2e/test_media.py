"""The media studio in a real browser, without any key (simulated vendors): images from two models
side by side, inpainting with a painted mask, speech, transcription and voice cloning, each job
followed by its progress bar until its result shows."""

from __future__ import annotations

import io
import math
import re
import struct
import wave

import pytest
from PIL import Image
from playwright.sync_api import FilePayload, Page, expect
from webox import storage

from tests.e2e.test_chat import sign_up

pytestmark = pytest.mark.browser

JOB_TIMEOUT_MS = 45_000


def test_two_image_models_side_by_side_with_progress_then_the_gallery(page: Page) -> None:
    sign_up(page, "ines@example.fr")
    page.get_by_test_id("nav-images").click()
    expect(page).to_have_url(re.compile(r"/images$"))
    expect(page.get_by_test_id("images-page")).to_be_visible()

    options = page.get_by_test_id("image-model-option")
    expect(options.first).to_be_visible()
    assert options.count() >= 2, "the catalogue lists several image models"
    models = [options.nth(i).get_attribute("data-model") for i in range(2)]
    # The first model starts selected; add the second for a side-by-side comparison.
    expect(options.nth(0)).to_have_attribute("aria-pressed", "true")
    options.nth(1).click()
    expect(page.get_by_test_id("image-model-options")).to_have_count(2)

    prompt = "Un phare breton au coucher du soleil, aquarelle"
    page.get_by_test_id("image-prompt").fill(prompt)
    page.get_by_test_id("image-generate").click()

    columns = page.get_by_test_id("image-job")
    expect(columns).to_have_count(2)
    for model in models:
        column = page.locator(f'[data-testid="image-job"][data-model="{model}"]')
        expect(column.get_by_test_id("job-progress")).to_be_visible()
    for model in models:
        column = page.locator(f'[data-testid="image-job"][data-model="{model}"]')
        expect(column).to_have_attribute("data-status", "succeeded", timeout=JOB_TIMEOUT_MS)
        expect(column.get_by_test_id("job-progress")).to_have_attribute("aria-valuenow", "100")
        image = column.get_by_test_id("image-result-img").first
        expect(image).to_be_visible()
        expect(image).to_have_js_property("complete", True)
        assert image.evaluate("img => img.naturalWidth") > 0, f"{model}: the image really loaded"
        # The prompt is shown as text (the alt), never interpreted.
        expect(image).to_have_attribute("alt", prompt)

    # A result is shared by a public link.
    first = page.locator(f'[data-testid="image-job"][data-model="{models[0]}"]')
    first.get_by_test_id("media-share").click()
    expect(first.get_by_test_id("media-share-expiry")).to_have_value("168")  # a week unless changed
    first.get_by_test_id("media-share-create").click()
    expect(first.get_by_test_id("media-share-link").locator("input")).to_have_value(re.compile(r"/s/\S+$"))

    # Both images are in the gallery, newest first, and the search finds them by prompt.
    page.get_by_test_id("images-tab-gallery").click()
    gallery = page.get_by_test_id("image-gallery").get_by_test_id("image-result")
    expect(gallery).to_have_count(2)
    page.get_by_test_id("gallery-search").fill("licorne")
    expect(page.get_by_test_id("gallery-empty")).to_be_visible()
    page.get_by_test_id("gallery-search").fill("phare")
    expect(gallery).to_have_count(2)

    # A variation of a gallery image runs as a new request, then deleting it empties its column.
    page.get_by_test_id("image-gallery").get_by_test_id("image-vary").first.click()
    expect(page.get_by_test_id("image-run")).to_have_count(2)
    variation = page.get_by_test_id("image-run").first.get_by_test_id("image-job")
    expect(variation).to_have_attribute("data-status", "succeeded", timeout=JOB_TIMEOUT_MS)
    expect(variation.get_by_test_id("image-result-img")).to_be_visible()
    variation.get_by_test_id("media-delete").click()
    variation.get_by_test_id("media-delete-confirm").click()
    expect(variation.get_by_test_id("image-job-empty")).to_be_visible()
    page.get_by_test_id("images-tab-gallery").click()
    page.get_by_test_id("gallery-search").fill("")
    expect(gallery).to_have_count(2)


def test_speech_plays_with_a_progress_bar_and_lands_in_the_library(page: Page) -> None:
    sign_up(page, "hugo@example.fr")
    page.get_by_test_id("nav-audio").click()
    expect(page).to_have_url(re.compile(r"/audio$"))
    expect(page.get_by_test_id("audio-page")).to_be_visible()
    expect(page.get_by_test_id("speech-voice")).to_be_enabled()

    text = "Bonjour et bienvenue sur WeBox : ceci est une voix de synthèse."
    page.get_by_test_id("speech-text").fill(text)
    page.get_by_test_id("speech-submit").click()

    result = page.get_by_test_id("speech-result")
    expect(result.get_by_test_id("job-progress")).to_be_visible()
    expect(result).to_have_attribute("data-status", "succeeded", timeout=JOB_TIMEOUT_MS)
    expect(result.get_by_test_id("job-progress")).to_have_attribute("aria-valuenow", "100")
    player = result.get_by_test_id("speech-player")
    expect(player).to_have_attribute("src", re.compile(r"^https?://"))
    expect(result.get_by_test_id("media-download")).to_be_visible()

    page.get_by_test_id("audio-tab-library").click()
    item = page.get_by_test_id("audio-item")
    expect(item).to_have_count(1)
    expect(item).to_contain_text(text)
    expect(item.get_by_test_id("audio-item-player")).to_have_attribute("src", re.compile(r"^https?://"))


def png(width: int, height: int) -> bytes:
    image = Image.new("RGB", (width, height), (40, 90, 160))
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


def stored_masks(size: tuple[int, int]) -> list[Image.Image]:
    """The RGBA PNGs of `size` in the media bucket: the masks the browser uploaded."""
    found: list[Image.Image] = []
    for key in storage.list_keys("media", "uploads/"):
        body = storage.get("media", key)
        if not body.startswith(b"\x89PNG"):
            continue
        image = Image.open(io.BytesIO(body))
        if image.mode == "RGBA" and image.size == size:
            found.append(image)
    return found


def paint(page: Page, from_xy: tuple[float, float], to_xy: tuple[float, float]) -> None:
    box = page.get_by_test_id("mask-canvas").bounding_box()
    assert box is not None
    page.mouse.move(box["x"] + box["width"] * from_xy[0], box["y"] + box["height"] * from_xy[1])
    page.mouse.down()
    for step in range(1, 6):
        x = from_xy[0] + (to_xy[0] - from_xy[0]) * step / 5
        y = from_xy[1] + (to_xy[1] - from_xy[1]) * step / 5
        page.mouse.move(box["x"] + box["width"] * x, box["y"] + box["height"] * y)
    page.mouse.up()


def test_inpainting_uploads_a_mask_of_the_image_size_transparent_where_painted(page: Page) -> None:
    sign_up(page, "lea@example.fr")
    page.goto("/images")
    page.get_by_test_id("images-tab-edit").click()
    page.get_by_test_id("edit-file").set_input_files(
        {"name": "photo.png", "mimeType": "image/png", "buffer": png(1024, 1024)}
    )
    canvas = page.get_by_test_id("mask-canvas")
    expect(canvas).to_be_visible()
    expect(canvas).to_have_attribute("width", "1024")
    expect(page.get_by_test_id("edit-submit")).to_be_disabled()  # nothing painted yet

    # A stroke, undone, then a horizontal band across the middle, partly erased on the right.
    paint(page, (0.1, 0.1), (0.3, 0.1))
    expect(canvas).to_have_attribute("data-strokes", "1")
    page.get_by_test_id("mask-undo").click()
    expect(canvas).to_have_attribute("data-strokes", "0")
    paint(page, (0.2, 0.5), (0.8, 0.5))
    page.get_by_test_id("mask-eraser").click()
    paint(page, (0.7, 0.5), (0.8, 0.5))
    expect(canvas).to_have_attribute("data-strokes", "2")

    page.get_by_test_id("edit-prompt").fill("Un voilier rouge sur l'eau")
    page.get_by_test_id("edit-submit").click()

    column = page.get_by_test_id("image-run").first.get_by_test_id("image-job")
    expect(column.get_by_test_id("job-progress")).to_be_visible()
    expect(column).to_have_attribute("data-status", "succeeded", timeout=JOB_TIMEOUT_MS)
    expect(column.get_by_test_id("image-result-img")).to_be_visible()

    masks = stored_masks((1024, 1024))
    assert len(masks) == 1
    alpha = masks[0].getchannel("A")
    assert alpha.getpixel((512, 512)) == 0  # painted: to repaint
    assert alpha.getpixel((102, 102)) == 255  # the undone stroke left nothing
    assert alpha.getpixel((10, 1000)) == 255  # never painted
    assert alpha.getpixel((768, 512)) == 255  # painted, then erased


def wav(seconds: float, rate: int = 16_000) -> bytes:
    """A quiet sine tone, as a real recording would be sent (WAV, mono, 16-bit)."""
    frames = bytearray()
    for n in range(int(seconds * rate)):
        sample = int(3000 * math.sin(2 * math.pi * 220 * n / rate))
        frames += struct.pack("<h", sample)
    out = io.BytesIO()
    with wave.open(out, "wb") as file:
        file.setnchannels(1)
        file.setsampwidth(2)
        file.setframerate(rate)
        file.writeframes(bytes(frames))
    return out.getvalue()


def test_a_transcript_shows_timed_segments_that_seek_the_recording(page: Page) -> None:
    sign_up(page, "zoe@example.fr")
    page.goto("/audio")
    page.get_by_test_id("audio-tab-transcribe").click()

    # A file that only claims to be audio is refused from its bytes, and the reason is shown.
    page.get_by_test_id("transcribe-file").set_input_files(
        {"name": "notes.wav", "mimeType": "audio/wav", "buffer": b"ceci n'est pas un son " * 40}
    )
    page.get_by_test_id("transcribe-submit").click()
    expect(page.get_by_test_id("transcribe-form").get_by_role("alert")).to_contain_text(
        "Format non pris en charge"
    )
    expect(page.get_by_test_id("transcription-result")).to_have_count(0)

    page.get_by_test_id("transcribe-file").set_input_files(
        {"name": "reunion.wav", "mimeType": "audio/wav", "buffer": wav(12)}
    )
    expect(page.get_by_test_id("transcribe-filename")).to_have_text("reunion.wav")
    page.get_by_test_id("transcribe-submit").click()

    result = page.get_by_test_id("transcription-result")
    expect(result.get_by_test_id("job-progress")).to_be_visible()
    expect(result).to_have_attribute("data-status", "succeeded", timeout=JOB_TIMEOUT_MS)
    expect(result.get_by_test_id("transcript-text")).not_to_be_empty()
    # The language heard is named in the reader's language, not as the model's English word.
    expect(result.get_by_test_id("transcript")).to_contain_text("Langue : français")
    segments = result.get_by_test_id("transcript-segment")
    expect(segments.first).to_be_visible()
    assert segments.count() >= 2, "a 12 s recording comes back in several timed passages"

    # Clicking a later passage moves the player to its start.
    last = segments.last
    start = float(last.get_attribute("data-start") or "0")
    assert start > 0
    player = result.get_by_test_id("transcription-player")
    expect(player).to_have_js_property("readyState", 4, timeout=10_000)
    last.click()
    position = player.evaluate("audio => audio.currentTime")
    assert abs(position - start) < 1.0, (position, start)

    # The transcript is also kept, and found again by its words.
    word = (result.get_by_test_id("transcript-text").inner_text().split() or [""])[0]
    expect(page.get_by_test_id("transcript-item")).to_have_count(1)
    page.get_by_test_id("transcript-search").fill(word)
    expect(page.get_by_test_id("transcript-item")).to_have_count(1)


def test_a_cloned_voice_needs_consent_then_appears_in_the_voice_picker(page: Page) -> None:
    sign_up(page, "jules@example.fr")
    page.goto("/audio")
    page.get_by_test_id("audio-tab-voices").click()
    samples: list[FilePayload] = [
        {"name": "echantillon-1.wav", "mimeType": "audio/wav", "buffer": wav(3)},
        {"name": "echantillon-2.wav", "mimeType": "audio/wav", "buffer": wav(4)},
    ]
    page.get_by_test_id("clone-files").set_input_files(samples)
    expect(page.get_by_test_id("clone-samples").locator("li")).to_have_count(2)
    page.get_by_test_id("clone-name").fill("Voix de Jules")
    expect(page.get_by_test_id("clone-submit")).to_be_disabled()  # no consent yet
    page.get_by_test_id("clone-consent").check()
    page.get_by_test_id("clone-submit").click()

    job = page.get_by_test_id("clone-job")
    expect(job).to_have_attribute("data-status", "succeeded", timeout=JOB_TIMEOUT_MS)
    expect(page.get_by_test_id("voice-item")).to_contain_text("Voix de Jules")

    # The new voice is offered for speech with the vendor that cloned it.
    page.get_by_test_id("audio-tab-speech").click()
    model = page.get_by_test_id("speech-model")
    elevenlabs = model.locator("option[value^='elevenlabs/']").first.get_attribute("value")
    assert elevenlabs
    model.select_option(elevenlabs)
    expect(page.get_by_test_id("speech-voice").locator("option", has_text="Voix de Jules")).to_have_count(1)

    # Deleting it takes it out of the list.
    page.get_by_test_id("audio-tab-voices").click()
    page.get_by_test_id("voice-delete").click()
    page.get_by_test_id("voice-delete-confirm").click()
    expect(page.get_by_test_id("voices-empty")).to_be_visible()
