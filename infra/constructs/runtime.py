"""What every WeBox Lambda runs on: python3.11 on arm64, the base dependency layer, the webox layer,
the extra dependency layers it names (`manifest.Function.extras`), the code built by `infra.bundling`
(never bundled here: no Docker), and the tracing permission they all share."""

from __future__ import annotations

from pathlib import Path

from aws_cdk import AssetHashType
from aws_cdk import aws_iam as iam
from aws_cdk import aws_lambda as lambda_
from constructs import Construct

from infra import bundling
from infra.constructs.nag import acknowledge

# The .pyc in the layers are compiled by Python 3.11: the runtime's minor must match.
RUNTIME = lambda_.Runtime.PYTHON_3_11
ARCHITECTURE = lambda_.Architecture.ARM_64


class Runtime(Construct):
    """Layers, code assets and the shared X-Ray policy."""

    def __init__(self, scope: Construct, construct_id: str) -> None:
        super().__init__(scope, construct_id)
        self._built = bundling.read_manifest()
        self.base_layers = [
            self._layer(
                "Deps",
                "layers/deps",
                "WeBox runtime dependencies (pyproject [project].dependencies, boto3 from the runtime)",
            ),
            self._layer("Webox", "layers/webox", "The webox package (without webox.local and webox.testing)"),
        ]
        self._extras: dict[str, lambda_.LayerVersion] = {}
        self.tracing_policy = iam.ManagedPolicy(
            self,
            "Tracing",
            description="X-Ray segments of WeBox functions",
            statements=[
                iam.PolicyStatement(
                    actions=["xray:PutTraceSegments", "xray:PutTelemetryRecords"], resources=["*"]
                )
            ],
        )
        acknowledge(
            self.tracing_policy,
            "AwsSolutions-IAM5[Resource::*]",
            "X-Ray PutTraceSegments/PutTelemetryRecords support no resource-level permissions; this "
            "policy holds nothing else, which is why tracing is not granted in each function's own policy.",
        )

    def _layer(self, construct_id: str, key: str, description: str) -> lambda_.LayerVersion:
        return lambda_.LayerVersion(
            self,
            construct_id,
            code=self._asset(key),
            compatible_runtimes=[RUNTIME],
            compatible_architectures=[ARCHITECTURE],
            description=description,
        )

    def layers(self, extras: tuple[str, ...]) -> list[lambda_.ILayerVersion]:
        """The layers of a function: the base two, then its extra layers (`bundling.extra_layers`),
        each made once and shared by the functions that use it."""
        names = bundling.extra_layers(extras)
        for name in names:
            if name not in self._extras:
                self._extras[name] = self._layer(
                    "Deps" + "".join(part.title() for part in name.split("+")),
                    f"layers/deps-{name}",
                    f"WeBox [{name.replace('+', ', ')}] dependencies (pyproject extras)",
                )
        return [*self.base_layers, *(self._extras[name] for name in names)]

    def _asset(self, key: str) -> lambda_.Code:
        record, folder = self._built.get(key), bundling.BUILD / key
        if record is None or not folder.is_dir():
            raise RuntimeError(f"{folder} is not built: run `make layers` (python -m infra.bundling)")
        # The bundler's content hash: CDK need not fingerprint 100+ MB again on every synth.
        return lambda_.Code.from_asset(
            str(folder), asset_hash=str(record["asset_hash"]), asset_hash_type=AssetHashType.CUSTOM
        )

    def code(self, feature: str, module: str) -> lambda_.Code:
        """The code asset of `functions/<feature>/`, checked to hold `<module>.py`."""
        folder: Path = bundling.FUNCTIONS / feature
        if not (folder / f"{module}.py").is_file():
            raise RuntimeError(
                f"functions/{feature}/{module}.py is declared in the manifest but not in {folder}: "
                "write it, then run `make layers`"
            )
        return self._asset(f"functions/{feature}")
