"""The built-in prompts: `builtin.json` (data, fr/en), read-only, listed by category."""

from __future__ import annotations

import re
from functools import cache
from importlib import resources

from webox.languages import Lang
from webox.prompts.errors import UnknownCategory
from webox.prompts.rendering import check_variables
from webox.prompts.schemas import (
    BuiltinLibrary,
    BuiltinPrompt,
    BuiltinPromptList,
    CategoryOut,
    PromptOut,
)
from webox.prompts.views import language, search_terms
from webox.text import fold

# Words the API uses after /prompts/: no built-in may take them as its id.
RESERVED_IDS = frozenset({"builtin", "categories", "marketplace", "shared", "admin"})
_OWN_ID = re.compile(r"^[0-9a-f]{32}$")


@cache
def library() -> BuiltinLibrary:
    """builtin.json, loaded and checked once: unique ids, known categories, every placeholder
    declared and every declared variable used, in both languages."""
    text = resources.files("webox.prompts").joinpath("builtin.json").read_text(encoding="utf-8")
    loaded = BuiltinLibrary.model_validate_json(text)
    categories = {category.id for category in loaded.categories}
    if len(categories) != len(loaded.categories):
        raise ValueError("duplicate category id")
    seen: set[str] = set()
    for prompt in loaded.prompts:
        if prompt.id in seen or prompt.id in RESERVED_IDS or _OWN_ID.fullmatch(prompt.id):
            raise ValueError(f"built-in prompt id {prompt.id} is taken or reserved")
        seen.add(prompt.id)
        if prompt.category not in categories:
            raise ValueError(f"{prompt.id}: unknown category {prompt.category}")
        for lang in ("fr", "en"):
            check_variables(prompt.body.get(lang), [v.localise(lang) for v in prompt.variables])
    return loaded


@cache
def builtins() -> dict[str, BuiltinPrompt]:
    return {prompt.id: prompt for prompt in library().prompts}


def check_category(category: str) -> None:
    if category not in {c.id for c in library().categories}:
        raise UnknownCategory(f"Unknown category: {category[:40]}")


def builtin_out(prompt: BuiltinPrompt, lang: Lang) -> PromptOut:
    return PromptOut(
        id=prompt.id,
        source="builtin",
        title=prompt.title.get(lang),
        description=prompt.description.get(lang),
        body=prompt.body.get(lang),
        category=prompt.category,
        language=lang,
        variables=[variable.localise(lang) for variable in prompt.variables],
    )


def list_categories(lang: str | None) -> list[CategoryOut]:
    """The categories, localised, with how many built-in prompts each holds."""
    chosen = language(lang)
    counts: dict[str, int] = {}
    for prompt in library().prompts:
        counts[prompt.category] = counts.get(prompt.category, 0) + 1
    return [
        CategoryOut(id=c.id, label=c.label.get(chosen), icon=c.icon, builtin_count=counts.get(c.id, 0))
        for c in library().categories
    ]


def list_builtin(*, lang: str | None, category: str | None, q: str | None) -> BuiltinPromptList:
    """Built-in prompts in `lang`, optionally of one category and matching every search word."""
    chosen, terms = language(lang), search_terms(q)
    items = [
        builtin_out(prompt, chosen)
        for prompt in library().prompts
        if (category is None or prompt.category == category)
        and all(
            term in fold(f"{prompt.title.get(chosen)} {prompt.description.get(chosen)}") for term in terms
        )
    ]
    return BuiltinPromptList(items=items)
