"""Extract node: a model reads a text and returns the fields of a small JSON schema, checked."""

from __future__ import annotations

import json
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from webox import extraction
from webox.tasks.errors import StepFailed
from webox.tasks.kinds import StepContext, StepResult
from webox.workflows.nodes.base import Call, NodeConfig, NodeType, RunInfo, register, register_kind, step
from webox.workflows.nodes.runtime import call_model, render

FieldType = Literal["string", "number", "boolean", "list"]
_PY_TYPES: dict[str, tuple[type, ...]] = {
    "string": (str,),
    "number": (int, float),
    "boolean": (bool,),
    "list": (list,),
}


class ExtractField(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]{0,39}$")]
    type: FieldType = "string"
    description: Annotated[str, StringConstraints(max_length=300)] = ""


class ExtractConfig(NodeConfig):
    model: Annotated[str, StringConstraints(min_length=1, max_length=100)]
    template: Annotated[str, StringConstraints(min_length=1, max_length=20_000)]
    fields: list[ExtractField] = Field(min_length=1, max_length=30)

    def templates(self) -> list[str]:
        return [self.template]

    def calls(self) -> list[Call]:
        return [Call(self.model, self.template + _instructions(self.fields), None)]


def _instructions(fields: list[ExtractField]) -> str:
    """What the model reads before the text (in the user message: every vendor honours it there)."""
    return extraction.instructions({f.name: f"<{f.type}> {f.description}".strip() for f in fields})


def parse(raw: str, fields: list[ExtractField]) -> dict[str, Any]:
    """The JSON object in a model's answer, with every field of the right type (missing ones null)."""
    data = extraction.json_object(raw)
    if data is None:
        raise StepFailed("workflows.extract_unreadable", "The model did not answer with a JSON object")
    found: dict[str, Any] = {}
    for field in fields:
        value = data.get(field.name)
        is_bool = isinstance(value, bool)
        ok = isinstance(value, _PY_TYPES[field.type]) and (field.type == "boolean" or not is_bool)
        found[field.name] = value if ok else None
    return found


def run_extract(ctx: StepContext) -> StepResult:
    fields = [ExtractField.model_validate(f) for f in ctx.input["fields"]]
    text, result = call_model(
        ctx,
        str(ctx.input["model"]),
        _instructions(fields) + render(str(ctx.input["template"]), ctx),
        temperature=0,
        stream=False,
    )
    data = parse(text, fields)
    result.output = {
        "text": json.dumps(data, ensure_ascii=False, indent=2),
        "data": data,
        "raw": text[:20_000],
    }
    return result


def compile_extract(
    node_id: str, config: ExtractConfig, after: list[str], run: RunInfo
) -> list[dict[str, Any]]:
    return [step(node_id, "workflow.extract", {**config.model_dump(), "values": run.values}, after)]


register(NodeType("extract", ExtractConfig, compile_extract))
register_kind("workflow.extract", run_extract, models=lambda i: [str(i["model"])] if "model" in i else [])
