"""Limits at the edge: the web ACL of production stages, the API stages' throttles, the workers'
concurrency caps."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from aws_cdk import App, Environment
from aws_cdk.assertions import Match, Template

from infra.constructs.platform import HTTP_THROTTLE, ROUTE_THROTTLES, WS_THROTTLE
from infra.edge import AUTH_RATE_PER_IP, RATE_PER_IP, EdgeStack
from tests.infra.conftest import Synthesized


def _edge(outdir: Path) -> tuple[dict[str, Any], list[str]]:
    from cdk_nag import AwsSolutionsChecks

    app = App(outdir=str(outdir))
    stack = EdgeStack(app, "Edge", stage="prod", env=Environment(region="us-east-1"))
    app.synth()
    template = json.loads((outdir / "Edge.template.json").read_text())
    return template, [v.rule_name for v in AwsSolutionsChecks().validate_scope(stack).violations]


class TestWebAcl:
    def test_rate_limits_per_address_then_managed_rules(self, tmp_path: Path) -> None:
        template, findings = _edge(tmp_path)
        (acl,) = Template.from_json(template).find_resources("AWS::WAFv2::WebACL").values()
        rules = {rule["Name"]: rule for rule in acl["Properties"]["Rules"]}
        assert acl["Properties"]["Scope"] == "CLOUDFRONT"
        everyone = rules["RatePerAddress"]["Statement"]["RateBasedStatement"]
        assert (everyone["Limit"], everyone["AggregateKeyType"]) == (RATE_PER_IP, "IP")
        auth = rules["AuthRatePerAddress"]["Statement"]["RateBasedStatement"]
        assert auth["Limit"] == AUTH_RATE_PER_IP
        assert auth["ScopeDownStatement"]["ByteMatchStatement"]["SearchString"] == "/api/auth/"
        assert all("Block" in rules[name]["Action"] for name in ("RatePerAddress", "AuthRatePerAddress"))
        common = rules["AWSManagedRulesCommonRuleSet"]["Statement"]["ManagedRuleGroupStatement"]
        # Long chat messages are legitimate bodies: the 8 KB body rule only counts.
        assert common["RuleActionOverrides"] == [
            {"Name": "SizeRestrictions_BODY", "ActionToUse": {"Count": {}}}
        ]
        assert "WebAclArn" in template["Outputs"]
        assert findings == []


class TestThrottles:
    def test_each_stage_and_the_sensitive_routes_are_throttled(self, synth: Synthesized) -> None:
        http = synth.template.find_resources(
            "AWS::ApiGatewayV2::Stage", {"Properties": {"StageName": "$default"}}
        )
        (stage,) = http.values()
        defaults = stage["Properties"]["DefaultRouteSettings"]
        assert (defaults["ThrottlingRateLimit"], defaults["ThrottlingBurstLimit"]) == HTTP_THROTTLE
        routes = stage["Properties"]["RouteSettings"]
        for prefix, (rate, burst) in ROUTE_THROTTLES.items():
            for key in (f"ANY {prefix}", f"ANY {prefix}/{{proxy+}}"):
                assert routes[key] == {"ThrottlingRateLimit": rate, "ThrottlingBurstLimit": burst}
        synth.template.has_resource_properties(
            "AWS::ApiGatewayV2::Stage",
            {
                "StageName": "ws",
                "DefaultRouteSettings": Match.object_like(
                    {"ThrottlingRateLimit": WS_THROTTLE[0], "ThrottlingBurstLimit": WS_THROTTLE[1]}
                ),
            },
        )

    def test_workers_scale_to_their_cap_and_reserve_nothing_outside_production(
        self, synth: Synthesized
    ) -> None:
        from webox import manifest

        capped = [f for f in manifest.FUNCTIONS if f.queue and f.max_concurrency]
        assert capped, "no worker declares a concurrency cap"
        for spec in capped:
            name, _ = synth.function(spec.name)
            synth.template.has_resource_properties(
                "AWS::Lambda::EventSourceMapping",
                {
                    "FunctionName": {"Ref": name},
                    "ScalingConfig": {"MaximumConcurrency": spec.max_concurrency},
                },
            )
        reserved = [
            r
            for r in synth.template.find_resources("AWS::Lambda::Function").values()
            if "ReservedConcurrentExecutions" in r["Properties"]
        ]
        assert reserved == []  # the test stage is not a production stage
