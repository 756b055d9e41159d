"""Images through each official SDK against its simulator: the image reaches the vendor in its own
wire format (OpenAI and Mistral `image_url` parts, Anthropic `image` blocks, Gemini `inline_data`),
and the simulated model's answer acknowledges that very image."""

from __future__ import annotations

import base64
import hashlib
from typing import Any

import pytest
from webox.providers import service
from webox.providers.schemas import ChatMessage, GenerationParams, ImageInput, TextDelta
from webox.testing.server import RunningServer

from tests.providers.conftest import MODELS, behaviour, run

# A 1×1 PNG: real bytes, so the digest the simulator answers with can be checked.
PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg=="
)
DIGEST = hashlib.sha256(PNG).hexdigest()[:8]
ASK = ChatMessage(
    role="user", content="Que montre cette image ?", images=(ImageInput(media_type="image/png", data=PNG),)
)


def sent_image(adapter: str, body: dict[str, Any]) -> tuple[str, str]:
    """The (media type, base64) the SDK sent, read in the vendor's own format."""
    content = body["contents"][-1]["parts"] if adapter == "gemini" else body["messages"][-1]["content"]
    if adapter == "anthropic":
        [block] = [b for b in content if b["type"] == "image"]
        assert block["source"]["type"] == "base64"
        return block["source"]["media_type"], block["source"]["data"]
    if adapter == "gemini":
        [part] = [p for p in content if "inline_data" in p or "inlineData" in p]
        inline = part.get("inline_data") or part["inlineData"]
        return inline.get("mime_type") or inline["mimeType"], inline["data"]
    [part] = [p for p in content if p["type"] == "image_url"]
    # OpenAI nests the URL in an object; Mistral documents the URL itself.
    url = part["image_url"] if adapter == "mistral" else part["image_url"]["url"]
    head, data = url.split(",", 1)
    assert head == "data:image/png;base64"
    return "image/png", data


@pytest.mark.parametrize("adapter", sorted(MODELS))
class TestImages:
    def test_streamed_image_reaches_the_vendor_and_is_acknowledged(
        self, adapter: str, simulators: dict[str, RunningServer]
    ) -> None:
        async def go() -> str:
            parts = [
                e.text
                async for e in service.stream(MODELS[adapter], [ASK], GenerationParams())
                if isinstance(e, TextDelta)
            ]
            return "".join(parts)

        text = run(go())

        media_type, data = sent_image(adapter, behaviour(simulators[adapter]).last_body or {})
        assert (media_type, base64.b64decode(data)) == ("image/png", PNG)
        assert f"Image 1 reçue : image/png, {len(PNG)} octets, empreinte {DIGEST}." in text

    def test_a_whole_answer_acknowledges_the_image_too(
        self, adapter: str, simulators: dict[str, RunningServer]
    ) -> None:
        answer = run(service.complete(MODELS[adapter], [ASK], GenerationParams()))

        assert f"empreinte {DIGEST}" in answer.text

    def test_a_message_without_image_is_sent_as_plain_text(
        self, adapter: str, simulators: dict[str, RunningServer]
    ) -> None:
        run(
            service.complete(
                MODELS[adapter], [ChatMessage(role="user", content="Bonjour")], GenerationParams()
            )
        )

        body = behaviour(simulators[adapter]).last_body or {}
        last = body["contents"][-1]["parts"] if adapter == "gemini" else body["messages"][-1]["content"]
        assert "image" not in str(last).lower()
