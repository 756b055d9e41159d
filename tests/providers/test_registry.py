"""The model registry: complete, consistent, priced."""

from __future__ import annotations

import pytest
from webox.local.fakes import SIMULATORS
from webox.providers import registry
from webox.providers.errors import UnknownModel
from webox.providers.schemas import Usage

REAL_BASE_URLS = {
    "deepseek": "https://api.deepseek.com/v1",
    "xai": "https://api.x.ai/v1",
    "groq": "https://api.groq.com/openai/v1",
    "perplexity": "https://api.perplexity.ai",
    "ollama": "http://127.0.0.1:11434/v1",
}
KEY_ENVS = {
    "openai": "OPENAI_API_KEY",
    "anthropic": "ANTHROPIC_API_KEY",
    "mistral": "MISTRAL_API_KEY",
    "google": "GEMINI_API_KEY",
    "deepseek": "DEEPSEEK_API_KEY",
    "xai": "XAI_API_KEY",
    "groq": "GROQ_API_KEY",
    "perplexity": "PERPLEXITY_API_KEY",
    "openrouter": "OPENROUTER_API_KEY",
    "together": "TOGETHER_API_KEY",
    "ollama": "OLLAMA_BASE_URL",
}


class TestIntegrity:
    def test_enough_models_and_vendors(self) -> None:
        assert len(registry.list_models()) >= 14
        assert len(registry.list_vendors()) >= 9
        assert registry.catalogue().prices_as_of

    def test_every_model_has_a_known_vendor_with_the_same_adapter_and_sane_numbers(self) -> None:
        vendors = {vendor.id: vendor for vendor in registry.list_vendors()}
        for model in registry.list_models():
            assert model.vendor in vendors, model.id
            assert vendors[model.vendor].adapter == model.adapter, model.id
            assert model.price_in >= 0 and model.price_out >= 0, model.id
            assert model.context_window >= 8192 and "chat" in model.capabilities, model.id

    def test_every_vendor_has_its_key_variable_a_base_url_and_a_running_simulator(self) -> None:
        vendors = {vendor.id: vendor for vendor in registry.list_vendors()}
        assert {vendor: vendors[vendor].key_env for vendor in KEY_ENVS} == KEY_ENVS
        for vendor_id, url in REAL_BASE_URLS.items():
            assert vendors[vendor_id].base_url == url
        for vendor in vendors.values():
            assert vendor.simulator in SIMULATORS
            assert vendor.base_url.startswith(("https://", "http://127.0.0.1"))
            assert vendor.adapter == "openai" or vendor.simulator == vendor.adapter
        assert not vendors["ollama"].needs_key

    def test_the_required_models_are_there_with_their_vendor(self) -> None:
        expected = {
            "gpt-4o": "openai",
            "gpt-4o-mini": "openai",
            "claude-sonnet-4-6": "anthropic",
            "claude-haiku-4-5": "anthropic",
            "mistral-large-latest": "mistral",
            "mistral-small-latest": "mistral",
            "gemini-2.5-pro": "google",
            "gemini-2.5-flash": "google",
            "deepseek-chat": "deepseek",
            "grok-3": "xai",
            "llama-3.3-70b-versatile": "groq",
            "sonar": "perplexity",
            "llama3.2": "ollama",
        }
        assert {model_id: registry.get_model(model_id).vendor for model_id in expected} == expected
        assert {m.vendor for m in registry.list_models()} >= {"openrouter", "together"}


class TestLookups:
    def test_unknown_model_is_a_422_with_its_code(self) -> None:
        with pytest.raises(UnknownModel) as error:
            registry.get_model("gpt-9")
        assert (error.value.status, error.value.code) == (422, "unknown_model")

    def test_cost_in_usd_from_prices_per_million_tokens(self) -> None:
        usage = Usage(input_tokens=1_000_000, output_tokens=1_000_000)
        assert registry.cost("gpt-4o", usage) == pytest.approx(12.5)
        small = Usage(input_tokens=1234, output_tokens=567)
        assert registry.cost("gpt-4o-mini", small) == round((1234 * 0.15 + 567 * 0.6) / 1e6, 6)
        assert registry.cost(registry.get_model("llama3.2"), small) == 0.0
