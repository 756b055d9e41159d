"""The model registry: `models.json` (data, not code), read once per cold start."""

from __future__ import annotations

from functools import cache
from importlib import resources
from typing import TYPE_CHECKING

from pydantic import BaseModel, model_validator

from webox.providers.errors import UnknownModel
from webox.providers.model_schemas import ModelInfo, VendorInfo

if TYPE_CHECKING:
    from webox.providers.schemas import Usage


class Catalogue(BaseModel):
    """The registry file's content, checked as a whole when it loads."""

    prices_as_of: str
    prices_note: str = ""
    vendors: list[VendorInfo]
    models: list[ModelInfo]

    @model_validator(mode="after")
    def _consistent(self) -> Catalogue:
        vendors = {vendor.id: vendor for vendor in self.vendors}
        if len(vendors) != len(self.vendors):
            raise ValueError("duplicate vendor id")
        if len({model.id for model in self.models}) != len(self.models):
            raise ValueError("duplicate model id")
        for model in self.models:
            vendor = vendors.get(model.vendor)
            if vendor is None:
                raise ValueError(f"model {model.id} names an unknown vendor {model.vendor}")
            if vendor.adapter != model.adapter:
                raise ValueError(
                    f"model {model.id} uses adapter {model.adapter}, its vendor {vendor.adapter}"
                )
        return self


@cache
def catalogue() -> Catalogue:
    """The registry, loaded and validated once."""
    text = resources.files("webox.providers").joinpath("models.json").read_text(encoding="utf-8")
    return Catalogue.model_validate_json(text)


@cache
def _models() -> dict[str, ModelInfo]:
    return {model.id: model for model in catalogue().models}


@cache
def _vendors() -> dict[str, VendorInfo]:
    return {vendor.id: vendor for vendor in catalogue().vendors}


def get_model(model_id: str) -> ModelInfo:
    """A model by its WeBox id; `UnknownModel` (422) when there is none."""
    try:
        return _models()[model_id]
    except KeyError:
        raise UnknownModel(f"Unknown model: {model_id[:100]}", model=model_id[:100]) from None


def list_models() -> list[ModelInfo]:
    """Every model of the registry, in its order."""
    return list(catalogue().models)


def get_vendor(vendor_id: str) -> VendorInfo:
    """A vendor by id (KeyError when unknown: vendor ids come from the registry itself)."""
    return _vendors()[vendor_id]


def list_vendors() -> list[VendorInfo]:
    """Every vendor of the registry."""
    return list(catalogue().vendors)


def simulated_url_env(simulator: str) -> str:
    """Environment variable where the local host publishes a simulator's base URL."""
    return f"WEBOX_SIMULATED_{simulator.upper()}_URL"


def cost(model: ModelInfo | str, usage: Usage) -> float:
    """What `usage` costs on `model`, in USD, rounded to 6 decimals."""
    info = get_model(model) if isinstance(model, str) else model
    return round((usage.input_tokens * info.price_in + usage.output_tokens * info.price_out) / 1_000_000, 6)
