"""What a caller may ask of a model: validated before any vendor is called."""

from __future__ import annotations

import pytest
from pydantic import ValidationError
from webox.providers.schemas import ChatMessage, GenerationParams, ToolSpec


class TestGenerationParams:
    def test_defaults_leave_everything_to_the_vendor(self) -> None:
        assert GenerationParams().model_dump() == {
            "temperature": None,
            "max_tokens": None,
            "system": None,
            "top_p": None,
            "tools": (),
        }

    @pytest.mark.parametrize(
        "bad",
        [
            {"temperature": 2.1},
            {"temperature": -0.1},
            {"max_tokens": 0},
            {"max_tokens": 32_001},
            {"system": "x" * 20_001},
            {"top_p": 0},
            {"seed": 1},
        ],
    )
    def test_out_of_range_or_unknown_options_are_refused(self, bad: dict[str, object]) -> None:
        with pytest.raises(ValidationError):
            GenerationParams.model_validate(bad)

    def test_limits_are_inclusive(self) -> None:
        params = GenerationParams(temperature=2, max_tokens=32_000, system="x" * 20_000, top_p=1)
        assert params.max_tokens == 32_000


def test_a_message_has_one_of_four_roles() -> None:
    assert ChatMessage(role="assistant", content="ok").role == "assistant"
    assert ChatMessage(role="tool", content="588", tool_call_id="c1", name="calculator").role == "tool"
    with pytest.raises(ValidationError):
        ChatMessage.model_validate({"role": "function", "content": "x"})


@pytest.mark.parametrize("name", ["", "1tool", "a b", "x" * 65, "outil-é"])
def test_a_tool_name_every_vendor_accepts(name: str) -> None:
    with pytest.raises(ValidationError):
        ToolSpec(name=name)
    assert ToolSpec(name="knowledge_search").parameters == {"type": "object", "properties": {}}
