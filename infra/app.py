"""The CDK app: `python infra/app.py` (what `cdk.json` runs) synthesises WeboxStack into cdk.out,
with cdk-nag's AwsSolutions checks as a validation plugin: any unacknowledged finding fails synth.

Context: `stage` (default dev), `mail_domain` (default webox.example), optional `domain_name` +
`certificate_arn` (an ACM certificate in us-east-1) and `web_acl_arn` (a CloudFront WAF web ACL),
`waf` (default true for production stages: adds `Webox-<stage>-edge`, the web ACL in us-east-1),
`spa_dist` (default frontend/dist), `api_docs` (default build/api-docs), `manage_apigateway_account` (default true).
"""

from __future__ import annotations

import os
import re
import sys
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
# Run as a script, Python puts infra/ first on sys.path, where infra/constructs would shadow the
# `constructs` library: the repository root goes there instead.
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != HERE]
for _path in (ROOT / "layers" / "webox", ROOT):
    if str(_path) not in sys.path:
        sys.path.insert(0, str(_path))

from aws_cdk import Annotations, App, Environment, Validations  # noqa: E402
from cdk_nag import AwsSolutionsChecks  # noqa: E402

DEFAULT_STAGE = "dev"
DEFAULT_MAIL_DOMAIN = "webox.example"
# Feature flags for a new app (the CLI's cdk.json context overrides them; `python infra/app.py`
# alone does not read cdk.json).
DEFAULT_CONTEXT: dict[str, Any] = {
    "@aws-cdk/aws-iam:minimizePolicies": True,
    "@aws-cdk/aws-s3:serverAccessLogsUseBucketPolicy": True,
}
_STAGE = re.compile(r"^[a-z][a-z0-9-]{0,15}$")  # it ends up in bucket and function names


def add_nag(app: App) -> None:
    """cdk-nag 3: the AwsSolutions pack as a policy-validation plugin; a finding fails synth."""
    Validations.of(app).add_plugins(AwsSolutionsChecks(app))


def _to_stderr(line: str) -> None:
    sys.stderr.write(line + "\n")


def _flag(value: Any, default: bool) -> bool:
    if value is None:
        return default
    return value if isinstance(value, bool) else str(value).lower() in {"1", "true", "yes"}


def build_app(
    context: dict[str, Any] | None = None, *, outdir: str | None = None, bundle: bool = True
) -> App:
    """The app with its one stack and the cdk-nag plugin (tests build it the same way)."""
    app = App(
        context={**DEFAULT_CONTEXT, **(context or {})},
        outdir=outdir or os.environ.get("CDK_OUTDIR") or str(ROOT / "cdk.out"),
    )
    stage = str(app.node.try_get_context("stage") or DEFAULT_STAGE)
    if not _STAGE.match(stage):
        raise ValueError(f"stage {stage!r}: lowercase letters, digits and '-', at most 16 characters")
    # Before webox is imported: the models name their tables from the prefix.
    os.environ["WEBOX_STAGE"] = stage
    os.environ["WEBOX_RESOURCE_PREFIX"] = f"webox-{stage}-"
    if bundle:
        from infra import bundling

        # Fast when nothing changed, and `cdk deploy` can never ship stale code.
        bundling.bundle(log=_to_stderr)
    from infra.constructs.names import is_production
    from infra.stack import WeboxStack

    web_acl_arn = app.node.try_get_context("web_acl_arn")
    if _flag(app.node.try_get_context("waf"), is_production(stage)):
        from infra.edge import EdgeStack

        EdgeStack(
            app,
            f"Webox-{stage}-edge",
            stage=stage,
            env=Environment(account=os.environ.get("CDK_DEFAULT_ACCOUNT"), region="us-east-1"),
            description=f"WeBox Multi-IA ({stage}): CloudFront's web ACL",
        )
    stack = WeboxStack(
        app,
        f"Webox-{stage}",
        stage=stage,
        mail_domain=str(app.node.try_get_context("mail_domain") or DEFAULT_MAIL_DOMAIN),
        spa_dist=Path(app.node.try_get_context("spa_dist") or ROOT / "frontend" / "dist"),
        api_docs=Path(app.node.try_get_context("api_docs") or ROOT / "build" / "api-docs"),
        domain_name=app.node.try_get_context("domain_name"),
        certificate_arn=app.node.try_get_context("certificate_arn"),
        web_acl_arn=web_acl_arn,
        manage_apigateway_account=_flag(app.node.try_get_context("manage_apigateway_account"), True),
        env=Environment(
            account=os.environ.get("CDK_DEFAULT_ACCOUNT"), region=os.environ.get("CDK_DEFAULT_REGION")
        ),
        description=f"WeBox Multi-IA ({stage})",
    )
    if is_production(stage) and not web_acl_arn:
        Annotations.of(stack).add_warning_v2(
            "webox:waf-not-attached",
            f"No web ACL on the distribution: deploy Webox-{stage}-edge, then pass its WebAclArn "
            "output with -c web_acl_arn=… (-c waf=false builds no edge stack).",
        )
    add_nag(app)
    return app


def main() -> None:
    os.chdir(ROOT)
    build_app().synth()


if __name__ == "__main__":
    main()
