"""The CloudFront web ACL, in a stack of its own: a web ACL for CloudFront must live in us-east-1,
while the application's stack lives in the users' region (eu-west-3).

`infra/app.py` adds it for production stages (or `-c waf=true`). Deploy it first, then pass its
`WebAclArn` output to the application's stack (`-c web_acl_arn=…`): CloudFront then filters every
request before it reaches the site, the API or the sockets.
"""

from __future__ import annotations

from typing import Any

from aws_cdk import CfnOutput, Stack
from aws_cdk import aws_wafv2 as wafv2
from constructs import Construct

# Requests per viewer address over WAF's 5-minute window: far above a person's use of the app (a
# 12-model turn is one request), far below a script that farms accounts or floods the gateway.
RATE_PER_IP = 3000
# Sign-in, registration and recovery per address: the functions throttle them per viewer too; this
# stops a flood before it costs an invocation.
AUTH_RATE_PER_IP = 300
# Messages of up to 32,000 characters (and uploads' metadata) are legitimate bodies: the managed
# rule that blocks bodies over 8 KB only counts.
_COUNT_ONLY = ("SizeRestrictions_BODY",)


def _visibility(name: str) -> wafv2.CfnWebACL.VisibilityConfigProperty:
    return wafv2.CfnWebACL.VisibilityConfigProperty(
        cloud_watch_metrics_enabled=True, metric_name=name, sampled_requests_enabled=True
    )


def _rate_rule(name: str, priority: int, limit: int, path_prefix: str | None = None) -> Any:
    scope_down = None
    if path_prefix:
        scope_down = wafv2.CfnWebACL.StatementProperty(
            byte_match_statement=wafv2.CfnWebACL.ByteMatchStatementProperty(
                field_to_match=wafv2.CfnWebACL.FieldToMatchProperty(uri_path={}),
                positional_constraint="STARTS_WITH",
                search_string=path_prefix,
                text_transformations=[wafv2.CfnWebACL.TextTransformationProperty(priority=0, type="NONE")],
            )
        )
    return wafv2.CfnWebACL.RuleProperty(
        name=name,
        priority=priority,
        action=wafv2.CfnWebACL.RuleActionProperty(block={}),
        statement=wafv2.CfnWebACL.StatementProperty(
            rate_based_statement=wafv2.CfnWebACL.RateBasedStatementProperty(
                limit=limit,
                aggregate_key_type="IP",
                evaluation_window_sec=300,
                scope_down_statement=scope_down,
            )
        ),
        visibility_config=_visibility(name),
    )


def _managed_rule(name: str, priority: int, count_only: tuple[str, ...] = ()) -> Any:
    return wafv2.CfnWebACL.RuleProperty(
        name=name,
        priority=priority,
        override_action=wafv2.CfnWebACL.OverrideActionProperty(none={}),
        statement=wafv2.CfnWebACL.StatementProperty(
            managed_rule_group_statement=wafv2.CfnWebACL.ManagedRuleGroupStatementProperty(
                vendor_name="AWS",
                name=name,
                rule_action_overrides=[
                    wafv2.CfnWebACL.RuleActionOverrideProperty(
                        name=rule, action_to_use=wafv2.CfnWebACL.RuleActionProperty(count={})
                    )
                    for rule in count_only
                ]
                or None,
            )
        ),
        visibility_config=_visibility(name),
    )


class EdgeStack(Stack):
    """The web ACL CloudFront applies: per-address rate limits, then AWS's managed rule groups."""

    def __init__(self, scope: Construct, construct_id: str, *, stage: str, **kwargs: Any) -> None:
        super().__init__(scope, construct_id, **kwargs)
        self.web_acl = wafv2.CfnWebACL(
            self,
            "WebAcl",
            name=f"webox-{stage}-edge",
            scope="CLOUDFRONT",
            default_action=wafv2.CfnWebACL.DefaultActionProperty(allow={}),
            visibility_config=_visibility(f"webox-{stage}-edge"),
            rules=[
                _rate_rule("RatePerAddress", 0, RATE_PER_IP),
                _rate_rule("AuthRatePerAddress", 1, AUTH_RATE_PER_IP, "/api/auth/"),
                _managed_rule("AWSManagedRulesKnownBadInputsRuleSet", 2),
                _managed_rule("AWSManagedRulesCommonRuleSet", 3, _COUNT_ONLY),
            ],
        )
        CfnOutput(
            self,
            "WebAclArn",
            value=self.web_acl.attr_arn,
            description="Pass to the application's stack: -c web_acl_arn=<this>",
        )
