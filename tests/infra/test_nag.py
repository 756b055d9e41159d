"""cdk-nag's AwsSolutions pack, wired as infra/app.py wires it, finds nothing left unacknowledged;
and the same wiring does catch a non-compliant resource."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from aws_cdk import App, Stack
from aws_cdk import aws_sqs as sqs
from aws_cdk.assertions import Annotations, Match
from cdk_nag import AwsSolutionsChecks

from infra.app import add_nag
from tests.infra.conftest import TEST_CONTEXT, Synthesized, ensure_built, synthesize


def _acknowledgments(scope: Any) -> list[tuple[str, str, str]]:
    found = []
    for node in scope.node.find_all():
        for entry in node.node.metadata:
            if entry.type == "aws:cdk:acknowledged-rules":
                found.extend((node.node.path, rule, reason) for rule, reason in dict(entry.data).items())
    return found


class TestRealStack:
    def test_no_unacknowledged_finding_in_the_validation_report(self, synth: Synthesized) -> None:
        assert synth.nag_violations() == []

    def test_the_pack_run_directly_agrees(self, synth: Synthesized) -> None:
        report = AwsSolutionsChecks().validate_scope(synth.stack)
        assert [v.rule_name for v in report.violations] == []
        assert report.success

    def test_no_warning_or_error_annotations(self, synth: Synthesized) -> None:
        annotations = Annotations.from_stack(synth.stack)
        assert annotations.find_error("*", Match.any_value()) == []
        assert annotations.find_warning("*", Match.any_value()) == []

    def test_every_acknowledgment_names_its_rule_and_says_why(self, synth: Synthesized) -> None:
        acknowledged = [a for a in _acknowledgments(synth.stack) if "AwsSolutions-" in a[1]]
        assert acknowledged
        for path, rule, reason in acknowledged:
            assert len(reason) >= 40, f"{rule} on {path}: the reason is too thin"
            assert "AwsSolutions-IAM5]" not in rule and not rule.endswith("AwsSolutions-IAM5"), (
                f"{rule} on {path}: acknowledge each wildcard finding, not the whole rule"
            )


class TestTheGateWorks:
    """Proof that a new finding fails: a resource cdk-nag objects to, checked by the same wiring."""

    @staticmethod
    def _app_with_a_bare_queue(outdir: Path, fail_synth: bool) -> App:
        context = {**TEST_CONTEXT, "@aws-cdk/core:failSynthOnValidationErrors": fail_synth}
        app = App(context=context, outdir=str(outdir))
        sqs.Queue(Stack(app, "Probe"), "NoDlqNoTls")
        add_nag(app)
        return app

    def test_a_new_resource_in_the_real_stack_is_reported(self, tmp_path: Path, spa_dist: Path) -> None:
        ensure_built()
        probed = synthesize(tmp_path, spa_dist, extra=lambda stack: sqs.Queue(stack, "NotCompliant"))
        assert sorted(probed.nag_violations()) == [
            "AwsSolutions-SQS3 at Webox-test/NotCompliant/Resource",
            "AwsSolutions-SQS4 at Webox-test/NotCompliant/Resource",
        ]

    def test_the_report_lists_the_findings(self, tmp_path: Path) -> None:
        self._app_with_a_bare_queue(tmp_path, fail_synth=False).synth()
        report = json.loads((tmp_path / "validation-report.json").read_text())
        probe = Synthesized(app=None, stack=None, template=None, resources={}, report=report)
        assert {
            "AwsSolutions-SQS3 at Probe/NoDlqNoTls/Resource",
            "AwsSolutions-SQS4 at Probe/NoDlqNoTls/Resource",
        } <= set(probe.nag_violations())

    def test_synth_fails_as_make_synth_runs_it(self, tmp_path: Path) -> None:
        with pytest.raises(RuntimeError, match=r"ValidationFailed(.|\n)*AwsSolutions-SQS3"):
            self._app_with_a_bare_queue(tmp_path, fail_synth=True).synth()


class TestProductionOptions:
    def test_custom_domain_and_waf_remove_the_need_for_their_acknowledgments(
        self, spa_dist: Path, tmp_path: Path
    ) -> None:
        from infra.app import build_app

        context = {
            **TEST_CONTEXT,
            "spa_dist": str(spa_dist),
            "domain_name": "app.webox.example",
            "certificate_arn": "arn:aws:acm:us-east-1:111111111111:certificate/abc",
            "web_acl_arn": "arn:aws:wafv2:us-east-1:111111111111:global/webacl/webox/abc",
        }
        app = build_app(context, outdir=str(tmp_path), bundle=False)
        stack = app.node.find_child("Webox-test")
        rules = {rule for _, rule, _ in _acknowledgments(stack.site.distribution)}
        assert not {r for r in rules if "CFR2" in r or "CFR4" in r}
        app.synth()
        report = json.loads((tmp_path / "validation-report.json").read_text())
        assert Synthesized(app, stack, None, {}, report).nag_violations() == []
        template = json.loads((tmp_path / "Webox-test.template.json").read_text())
        [config] = [
            r["Properties"]["DistributionConfig"]
            for r in template["Resources"].values()
            if r["Type"] == "AWS::CloudFront::Distribution"
        ]
        assert config["ViewerCertificate"]["MinimumProtocolVersion"] == "TLSv1.2_2021"
        assert config["Aliases"] == ["app.webox.example"]
        assert config["WebACLId"] == context["web_acl_arn"]
