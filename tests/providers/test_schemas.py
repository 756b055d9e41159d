"""What a caller may ask of a model: validated before any vendor is called."""

from __future__ import annotations

import pytest
from pydantic import ValidationError
from webox.providers.schemas import ChatMessage, GenerationParams


class TestGenerationParams:
    def test_defaults_leave_everything_to_the_vendor(self) -> None:
        assert GenerationParams().model_dump() == {
            "temperature": None,
            "max_tokens": None,
            "system": None,
            "top_p": None,
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


def test_a_message_has_one_of_three_roles() -> None:
    assert ChatMessage(role="assistant", content="ok").role == "assistant"
    with pytest.raises(ValidationError):
        ChatMessage.model_validate({"role": "tool", "content": "x"})
