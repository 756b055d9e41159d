"""Filling a prompt in, without the local host: what the user gets back for the values they typed."""

from __future__ import annotations

from typing import Any

import pytest
from webox.placeholders import placeholders
from webox.prompts.errors import InvalidValues, InvalidVariables
from webox.prompts.rendering import check_variables, render_text
from webox.prompts.variables import Variable

BODY = "Écris un {{format}} de {{longueur}} mots sur {{ sujet }}, ton {{ton}}."


def variables(**overrides: dict[str, Any]) -> list[Variable]:
    fields: dict[str, dict[str, Any]] = {
        "format": {"label": "Format", "type": "choice", "choices": ["article", "tweet"]},
        "longueur": {"label": "Longueur", "type": "number", "min": 10, "max": 2000},
        "sujet": {"label": "Sujet", "type": "textarea"},
        "ton": {"label": "Ton", "default": "amical"},
    }
    for name, change in overrides.items():
        fields[name] = {**fields[name], **change}
    return [Variable(name=name, **spec) for name, spec in fields.items()]


def problems(values: dict[str, Any], declared: list[Variable] | None = None) -> dict[str, str]:
    with pytest.raises(InvalidValues) as refused:
        render_text(BODY, declared or variables(), values)
    return {p["name"]: p["reason"] for p in refused.value.extra["variables"]}


class TestRender:
    def test_every_placeholder_takes_its_value_and_an_empty_one_its_default(self) -> None:
        text = render_text(
            BODY, variables(), {"format": "tweet", "longueur": 280, "sujet": "la mer", "ton": " "}
        )
        assert text == "Écris un tweet de 280 mots sur la mer, ton amical."

    def test_a_value_is_inserted_literally_never_read_as_a_placeholder(self) -> None:
        text = render_text(
            BODY, variables(), {"format": "article", "longueur": "300", "sujet": "{{ton}} et {{format}}"}
        )
        assert "sur {{ton}} et {{format}}, ton amical" in text

    def test_numbers_accept_a_comma_and_whole_floats_print_without_decimals(self) -> None:
        assert "de 12,5 mots" in render_text(
            BODY, variables(), {"format": "tweet", "longueur": "12,5", "sujet": "x"}
        )
        assert "de 40 mots" in render_text(
            BODY, variables(), {"format": "tweet", "longueur": 40.0, "sujet": "x"}
        )

    def test_a_number_default_fills_an_empty_number(self) -> None:
        declared = variables(longueur={"default": 500})
        assert "de 500 mots" in render_text(BODY, declared, {"format": "tweet", "sujet": "x"})

    def test_an_optional_variable_left_empty_renders_as_nothing(self) -> None:
        declared = variables(sujet={"required": False})
        assert "mots sur , ton" in render_text(BODY, declared, {"format": "tweet", "longueur": 20})


class TestRefusals:
    def test_each_wrong_value_is_named_with_its_reason(self) -> None:
        assert problems({"format": "roman", "longueur": "beaucoup", "intrus": "x"}) == {
            "intrus": "unknown",
            "format": "not_a_choice",
            "longueur": "not_a_number",
            "sujet": "missing",
        }

    def test_a_number_outside_its_bounds_is_refused(self) -> None:
        assert problems({"format": "tweet", "longueur": 5, "sujet": "x"}) == {"longueur": "out_of_range"}
        assert problems({"format": "tweet", "longueur": "2001", "sujet": "x"}) == {"longueur": "out_of_range"}

    def test_a_value_longer_than_its_type_allows_is_refused(self) -> None:
        assert problems({"format": "tweet", "longueur": 20, "sujet": "x", "ton": "a" * 1001}) == {
            "ton": "too_long"
        }
        text = render_text(BODY, variables(), {"format": "tweet", "longueur": 20, "sujet": "a" * 10_000})
        assert text.count("a") >= 10_000  # a textarea holds ten times what a text does


class TestDeclarations:
    def test_placeholders_are_read_in_order_spaces_ignored(self) -> None:
        assert placeholders(BODY) == ["format", "longueur", "sujet", "ton"]

    def test_a_body_and_its_variables_must_agree(self) -> None:
        with pytest.raises(InvalidVariables) as refused:
            check_variables("{{sujet}} {{oubli}} {{Mauvais Nom}}", variables())
        assert refused.value.extra == {
            "undeclared": ["oubli"],
            "unused": ["format", "longueur", "ton"],
            "invalid": ["Mauvais Nom"],
        }

    def test_a_matching_body_is_accepted(self) -> None:
        check_variables(BODY, variables())
