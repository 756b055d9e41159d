"""The built-in prompt library as data: enough prompts and categories, complete in French and English,
every variable declared and used, every prompt renderable."""

from __future__ import annotations

from typing import Any

from webox.placeholders import placeholders
from webox.prompts import builtin as prompts_builtin
from webox.prompts import rendering
from webox.prompts.variables import Variable


def sample(variable: Variable) -> Any:
    """A valid value for a variable."""
    if variable.type == "choice":
        return variable.choices[-1] if variable.choices else ""
    if variable.type == "number":
        return variable.max if variable.max is not None else 7
    return f"valeur de {variable.name}"


class TestBuiltinPrompts:
    def test_at_least_40_prompts_in_at_least_8_categories(self) -> None:
        library = prompts_builtin.library()
        categories = {category.id for category in library.categories}
        used = {prompt.category for prompt in library.prompts}
        assert len(library.prompts) >= 40 and len(categories) >= 8
        assert used == categories  # no empty category, no unknown one
        assert len({prompt.id for prompt in library.prompts}) == len(library.prompts)
        assert all(prompt.id not in prompts_builtin.RESERVED_IDS for prompt in library.prompts)

    def test_every_prompt_is_written_in_both_languages(self) -> None:
        for prompt in prompts_builtin.library().prompts:
            for text in (prompt.title, prompt.description, prompt.body):
                assert text.fr.strip() and text.en.strip(), prompt.id
            assert prompt.body.fr != prompt.body.en, prompt.id
            for variable in prompt.variables:
                assert variable.label.fr and variable.label.en, (prompt.id, variable.name)
                if variable.choices:
                    assert len(variable.choices.fr) == len(variable.choices.en) >= 2, (
                        prompt.id,
                        variable.name,
                    )

    def test_every_placeholder_is_declared_and_every_variable_used(self) -> None:
        for prompt in prompts_builtin.library().prompts:
            declared = {variable.name for variable in prompt.variables}
            assert declared, prompt.id  # a library prompt is a form, not a fixed text
            for lang in ("fr", "en"):
                assert set(placeholders(prompt.body.get(lang))) == declared, (prompt.id, lang)

    def test_every_prompt_renders_in_both_languages(self) -> None:
        for prompt in prompts_builtin.library().prompts:
            for lang in ("fr", "en"):
                variables = [variable.localise(lang) for variable in prompt.variables]
                values = {variable.name: sample(variable) for variable in variables}
                text = rendering.render_text(prompt.body.get(lang), variables, values)
                assert "{{" not in text and all(
                    f"valeur de {v.name}" in text for v in variables if v.type == "text"
                )
