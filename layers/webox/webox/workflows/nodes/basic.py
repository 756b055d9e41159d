"""Structural nodes: Input (the run form's values), Merge (joins parallel branches), Output (the
result, from a template) and Human approval (the run stops until its owner approves)."""

from __future__ import annotations

import hashlib
from typing import Annotated, Any, Literal

from pydantic import StringConstraints, model_validator

from webox.tasks.kinds import StepContext, StepResult
from webox.workflows.nodes.base import NodeConfig, NodeType, RunInfo, register, register_kind, step
from webox.workflows.nodes.runtime import render, text_of

Template = Annotated[str, StringConstraints(max_length=20_000)]


class InputConfig(NodeConfig):
    pass


class MergeConfig(NodeConfig):
    separator: Annotated[str, StringConstraints(max_length=20)] = "\n\n"


class OutputConfig(NodeConfig):
    """`destination`: the run's result only, or also a document of the owner's library or a blog
    draft, titled from `title`."""

    template: Template = ""
    format: Annotated[str, StringConstraints(pattern=r"^(text|markdown)$")] = "markdown"
    destination: Literal["result", "library", "blog_draft"] = "result"
    title: Annotated[str, StringConstraints(max_length=500)] = ""

    @model_validator(mode="after")
    def _titled(self) -> OutputConfig:
        if self.destination == "blog_draft" and not self.title.strip():
            raise ValueError("a blog draft needs a title")
        if self.destination == "library" and not self.title.strip():
            raise ValueError("a library document needs a title")
        return self

    def templates(self) -> list[str]:
        return [self.template, self.title]

    def owner_problems(self, user_id: str) -> list[tuple[str, str]]:
        from webox.workflows.nodes import blog

        if self.destination == "blog_draft" and not blog.may_write(user_id):
            return [(blog.NOT_EDITOR, "only blog editors may send a result to a blog draft")]
        return []


class ApprovalConfig(NodeConfig):
    instructions: Annotated[str, StringConstraints(max_length=2_000)] = ""


def _upstream_text(ctx: StepContext, separator: str = "\n\n") -> str:
    return separator.join(text_of(output) for output in ctx.upstream.values() if output is not None)


def run_input(ctx: StepContext) -> StepResult:
    values = ctx.input.get("values") or {}
    return StepResult(output={"values": values, "text": "\n".join(f"{k}: {v}" for k, v in values.items())})


def run_merge(ctx: StepContext) -> StepResult:
    return StepResult(output={"text": _upstream_text(ctx, str(ctx.input.get("separator", "\n\n")))})


def run_output(ctx: StepContext) -> StepResult:
    template = str(ctx.input.get("template") or "")
    text = render(template, ctx) if template.strip() else _upstream_text(ctx)
    if ctx.input.get("destination") == "blog_draft":
        from webox.workflows.nodes import blog

        return blog.save_draft(ctx, render(str(ctx.input["title"]), ctx), text, str(ctx.input.get("lang")))
    if ctx.input.get("destination") == "library":
        return _save_document(ctx, render(str(ctx.input["title"]), ctx), text)
    return StepResult(output={"text": text, "format": ctx.input.get("format", "markdown")})


def _save_document(ctx: StepContext, title: str, text: str) -> StepResult:
    """The result as a Markdown document of the owner's library (`/documents`), written once for
    each title and text: a replay after a crash finds it, a re-run with another result adds one."""
    from webox.media.documents import create_document

    title = " ".join(title.split())[:300] or "Workflow"
    digest = hashlib.sha256(f"{title}\n{text}".encode()).hexdigest()[:16]
    media_id = str(
        ctx.once(
            f"library-document-{digest}",
            lambda: create_document(ctx.user_id, title, text, author="Workflow").media_id,
        )
    )
    return StepResult(output={"text": text, "format": "markdown", "media_id": media_id, "link": "/documents"})


def run_approval(ctx: StepContext) -> StepResult:
    return StepResult(output={"text": _upstream_text(ctx), "approved": True})


def _compile(kind: str, **extra: Any) -> Any:
    def compile_node(
        node_id: str, config: NodeConfig, after: list[str], run: RunInfo
    ) -> list[dict[str, Any]]:
        step_input = {**config.model_dump(), "values": run.values}
        if isinstance(config, OutputConfig) and config.destination == "blog_draft":
            step_input["lang"] = run.lang
        return [step(node_id, kind, step_input, after, **extra)]

    return compile_node


register(NodeType("input", InputConfig, _compile("workflow.input"), max_inputs=0))
register(NodeType("merge", MergeConfig, _compile("workflow.merge"), min_inputs=2))
register(NodeType("output", OutputConfig, _compile("workflow.output"), min_inputs=1))
register(
    NodeType("approval", ApprovalConfig, _compile("workflow.approval", needs_approval=True), min_inputs=1)
)
register_kind("workflow.input", run_input)
register_kind("workflow.merge", run_merge)
register_kind("workflow.output", run_output)
register_kind("workflow.approval", run_approval)
