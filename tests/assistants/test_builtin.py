"""The built-in assistants as data: six of them, complete in French and English, on registry models."""

from __future__ import annotations

from webox.assistants import service as assistants_service
from webox.assistants.schemas import ICONS
from webox.providers import registry


class TestBuiltinAssistants:
    def test_the_six_assistants_and_their_icons(self) -> None:
        builtins = assistants_service.builtins()
        assert {a.name.fr: a.icon for a in builtins.values()} == {
            "Rédacteur": "pen-line",
            "Développeur": "code",
            "Analyste": "chart-line",
            "Coach": "heart-handshake",
            "Traducteur": "languages",
            "Créatif": "sparkles",
        }
        assert all(a.icon in ICONS for a in builtins.values())

    def test_every_system_prompt_is_written_in_both_languages(self) -> None:
        for assistant in assistants_service.builtins().values():
            for lang in ("fr", "en"):
                prompt = assistant.system_prompt.get(lang)
                paragraphs = [p for p in prompt.split("\n\n") if p.strip()]
                # Role, method, format, tone or questions, limits: several real paragraphs.
                assert len(paragraphs) >= 4 and len(prompt) >= 1200, (assistant.id, lang)
                assert assistant.name.get(lang) in prompt, (assistant.id, lang)
                assert assistant.description.get(lang)
            assert assistant.system_prompt.fr != assistant.system_prompt.en

    def test_models_and_parameters_are_valid(self) -> None:
        for assistant in assistants_service.builtins().values():
            assert 1 <= len(assistant.models) <= 3
            assert all(registry.get_model(model) for model in assistant.models)
            assert assistant.params.temperature is not None and 0 <= assistant.params.temperature <= 2
            assert assistant.params.max_tokens is not None and 1 <= assistant.params.max_tokens <= 16_000
