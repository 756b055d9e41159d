"""The synthesised WeBox stack: what the manifest and the models declare is what CloudFormation gets."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from typing import Any

import pytest
from webox import manifest
from webox.auth.viewer import ORIGIN_VERIFY_HEADER, VIEWER_ADDRESS_HEADER
from webox.config import resource_env

from infra import bundling
from infra.constructs.blog import PATTERNS as BLOG_PATTERNS
from infra.constructs.platform import PUBLIC_SITE_BUCKET
from infra.constructs.site import (
    API_DOCS_PATTERNS,
    DOCS_ROUTER,
    SPA_ROUTER,
    VIEWER_ADDRESS,
    http_path_patterns,
)
from infra.constructs.tables import table_specs
from infra.constructs.workflows import placeholders
from tests.infra.conftest import STAGE, Synthesized

PREFIX = f"webox-{STAGE}-"
CACHING_DISABLED = "4135ea2d-6df8-44a3-9df3-4b5a84be39ad"  # AWS managed cache policy
ALL_VIEWER_EXCEPT_HOST = "b689b0a8-53d0-40ab-baf2-68738e2966ac"  # AWS managed origin request policy


def _as_list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else [value]


def _refs(value: Any) -> set[str]:
    """Logical ids a CloudFormation value refers to (Ref and Fn::GetAtt, at any depth)."""
    found: set[str] = set()
    if isinstance(value, dict):
        if "Ref" in value:
            found.add(value["Ref"])
        if "Fn::GetAtt" in value:
            found.add(value["Fn::GetAtt"][0])
        for item in value.values():
            found |= _refs(item)
    elif isinstance(value, list):
        for item in value:
            found |= _refs(item)
    return found


def _keys(schema: list[dict[str, str]]) -> list[tuple[str, str]]:
    """A key schema as (type, attribute), HASH first: pynamodb may list RANGE first."""
    return sorted((k["KeyType"], k["AttributeName"]) for k in schema)


def _table_ids(synth: Synthesized) -> dict[str, str]:
    """Logical id → logical table name (`connections`)."""
    return {
        logical_id: r["Properties"]["TableName"].removeprefix(PREFIX)
        for logical_id, r in synth.of_type("AWS::DynamoDB::Table").items()
    }


class TestFunctions:
    @pytest.mark.parametrize("spec", manifest.FUNCTIONS, ids=lambda f: f.name)
    def test_runs_python311_on_arm64_with_its_layers(
        self, synth: Synthesized, spec: manifest.Function
    ) -> None:
        _, props = synth.function(spec.name)
        assert props["Runtime"] == "python3.11"
        assert props["Architectures"] == ["arm64"]
        assert props["Handler"] == f"{spec.module}.handler"
        assert props["MemorySize"] == spec.memory_mb
        assert props["Timeout"] == spec.timeout_s
        assert props["TracingConfig"] == {"Mode": "Active"}
        layers = synth.of_type("AWS::Lambda::LayerVersion")
        extras = bundling.extra_layers(spec.extras)
        wanted = [
            "RuntimeDeps",
            "RuntimeWebox",
            *("RuntimeDeps" + name.title().replace("+", "") for name in extras),
        ]
        attached = [ref["Ref"] for ref in props["Layers"]]
        assert len(attached) == len(wanted) <= 5  # Lambda's limit of layers per function
        for logical_id, prefix in zip(attached, wanted, strict=True):
            assert logical_id in layers and re.fullmatch(prefix + "[0-9A-F]{8}", logical_id), logical_id

    @pytest.mark.parametrize("spec", manifest.FUNCTIONS, ids=lambda f: f.name)
    def test_logs_json_to_its_own_group_kept_a_month(
        self, synth: Synthesized, spec: manifest.Function
    ) -> None:
        _, props = synth.function(spec.name)
        assert props["LoggingConfig"]["LogFormat"] == "JSON"
        group = synth.resources[props["LoggingConfig"]["LogGroup"]["Ref"]]["Properties"]
        assert group == {"LogGroupName": f"/aws/lambda/{PREFIX}{spec.name}", "RetentionInDays": 30}

    @pytest.mark.parametrize("spec", manifest.FUNCTIONS, ids=lambda f: f.name)
    def test_environment_is_what_webox_config_reads(
        self, synth: Synthesized, spec: manifest.Function
    ) -> None:
        env = synth.function(spec.name)[1]["Environment"]["Variables"]
        assert env["WEBOX_STAGE"] == STAGE
        assert env["WEBOX_RESOURCE_PREFIX"] == PREFIX
        assert env["POWERTOOLS_SERVICE_NAME"] == spec.name
        assert "SiteDistribution" in json.dumps(env["WEBOX_PUBLIC_URL"])
        ws_endpoint = json.dumps(env["WEBOX_WS_ENDPOINT"])
        assert ws_endpoint.startswith('{"Fn::Join": ["", ["https://"') and '"/ws"' in ws_endpoint
        expected = {resource_env("bucket", b) for b in spec.buckets} | {
            resource_env("secret", s) for s in spec.secrets
        }
        expected |= {
            resource_env("queue", q) for q in (*spec.sends_to, *([spec.queue] if spec.queue else []))
        }
        # A function scheduling resumes names its queue's ARN in each schedule's target.
        expected |= {resource_env("queue_arn", q) for q in spec.sends_to if spec.schedules_in}
        expected |= {
            resource_env("state_machine", m.name)
            for m in manifest.STATE_MACHINES
            if spec.name in m.started_by
        }
        resource_vars = {k for k in env if re.match(r"WEBOX_(BUCKET|QUEUE|SECRET|STATE_MACHINE)_", k)}
        assert resource_vars == expected
        assert ("WEBOX_MAIL_SENDER" in env) is spec.mail
        assert spec.environment.items() <= env.items()

    @pytest.mark.parametrize(
        ("spec", "subscription"),
        [(f, s) for f in manifest.FUNCTIONS for s in f.log_subscriptions],
        ids=lambda v: getattr(v, "name", None) or getattr(v, "key", ""),
    )
    def test_a_log_subscription_delivers_its_lines_and_keeps_what_fails(
        self, synth: Synthesized, spec: manifest.Function, subscription: manifest.LogSubscription
    ) -> None:
        subscriber_id, _ = synth.function(spec.name)
        source_id, source = synth.function(subscription.source)
        [found] = [
            r["Properties"]
            for r in synth.of_type("AWS::Logs::SubscriptionFilter").values()
            if r["Properties"]["LogGroupName"] == {"Ref": source["LoggingConfig"]["LogGroup"]["Ref"]}
        ]
        assert found["FilterPattern"] == "{ $.webox_usage = 1 }" == subscription.pattern
        assert _refs(found["DestinationArn"]) == {subscriber_id}
        permissions = [
            r["Properties"]
            for r in synth.of_type("AWS::Lambda::Permission").values()
            if _refs(r["Properties"]["FunctionName"]) == {subscriber_id}
            and r["Properties"]["Principal"] == "logs.amazonaws.com"
        ]
        assert permissions, "CloudWatch Logs may not invoke the subscriber"
        [invoke_config] = [
            r["Properties"]
            for r in synth.of_type("AWS::Lambda::EventInvokeConfig").values()
            if _refs(r["Properties"]["FunctionName"]) == {subscriber_id}
        ]
        assert invoke_config["MaximumRetryAttempts"] == 2
        failure = invoke_config["DestinationConfig"]["OnFailure"]["Destination"]
        [queue_id] = _refs(failure)
        queue = synth.resources[queue_id]["Properties"]
        assert queue["QueueName"] == f"{PREFIX}{spec.queue}"
        assert source_id != subscriber_id

    def test_every_manifest_function_and_no_other(self, synth: Synthesized) -> None:
        ours = {
            r["Properties"]["FunctionName"]
            for r in synth.of_type("AWS::Lambda::Function").values()
            if "FunctionName" in r["Properties"]
        }
        assert ours == {f"{PREFIX}{f.name}" for f in manifest.FUNCTIONS}


class TestTables:
    def test_one_table_per_model(self, synth: Synthesized) -> None:
        assert sorted(_table_ids(synth).values()) == sorted(spec.logical for spec in table_specs())

    @pytest.mark.parametrize("spec", table_specs(), ids=lambda s: s.logical)
    def test_keys_indexes_and_ttl_exactly_as_the_model(self, synth: Synthesized, spec: Any) -> None:
        [table] = [
            t
            for t in synth.of_type("AWS::DynamoDB::Table").values()
            if t["Properties"]["TableName"] == spec.name
        ]
        props = table["Properties"]
        assert table["DeletionPolicy"] == table["UpdateReplacePolicy"] == "Retain"
        assert _keys(props["KeySchema"]) == _keys(spec.key_schema)
        assert {(a["AttributeName"], a["AttributeType"]) for a in props["AttributeDefinitions"]} == set(
            spec.attribute_types.items()
        )
        built = {
            i["IndexName"]: (_keys(i["KeySchema"]), i["Projection"])
            for i in props.get("GlobalSecondaryIndexes", [])
        }
        assert built == {
            i["IndexName"]: (_keys(i["KeySchema"]), i["Projection"]) for i in spec.global_indexes
        }
        assert props["BillingMode"] == "PAY_PER_REQUEST"
        assert props["PointInTimeRecoverySpecification"] == {"PointInTimeRecoveryEnabled": True}
        assert props["SSESpecification"] == {"SSEEnabled": True}
        expected_ttl = {"AttributeName": spec.ttl_attribute, "Enabled": True} if spec.ttl_attribute else None
        assert props.get("TimeToLiveSpecification") == expected_ttl


class TestBuckets:
    def test_every_bucket_is_private_and_encrypted(self, synth: Synthesized) -> None:
        for logical_id, bucket in synth.of_type("AWS::S3::Bucket").items():
            props = bucket["Properties"]
            assert props["PublicAccessBlockConfiguration"] == {
                "BlockPublicAcls": True,
                "BlockPublicPolicy": True,
                "IgnorePublicAcls": True,
                "RestrictPublicBuckets": True,
            }, logical_id
            assert props["BucketEncryption"]["ServerSideEncryptionConfiguration"], logical_id

    def test_every_bucket_refuses_plain_http(self, synth: Synthesized) -> None:
        denied = set()
        for policy in synth.of_type("AWS::S3::BucketPolicy").values():
            for statement in policy["Properties"]["PolicyDocument"]["Statement"]:
                if statement["Effect"] == "Deny" and statement.get("Condition") == {
                    "Bool": {"aws:SecureTransport": "false"}
                }:
                    denied |= _refs(policy["Properties"]["Bucket"])
        assert denied == set(synth.of_type("AWS::S3::Bucket")), "a bucket accepts plain HTTP"

    # The blog's public bucket is read by CloudFront only (tests/infra/test_blog.py).
    @pytest.mark.parametrize("logical", [b for b in manifest.BUCKETS if b != PUBLIC_SITE_BUCKET])
    def test_the_spa_may_upload_to_data_buckets(self, synth: Synthesized, logical: str) -> None:
        [bucket] = [
            b["Properties"]
            for b in synth.of_type("AWS::S3::Bucket").values()
            if f"{PREFIX}{logical}-" in json.dumps(b["Properties"].get("BucketName"))
        ]
        [rule] = bucket["CorsConfiguration"]["CorsRules"]
        assert "SiteDistribution" in json.dumps(rule["AllowedOrigins"])
        assert set(rule["AllowedMethods"]) == {"GET", "PUT", "POST", "HEAD"}

    @pytest.mark.parametrize("logical", manifest.BUCKETS)
    def test_manifest_buckets_log_access_and_keep_versions(self, synth: Synthesized, logical: str) -> None:
        [bucket] = [
            b["Properties"]
            for b in synth.of_type("AWS::S3::Bucket").values()
            if f"{PREFIX}{logical}-" in json.dumps(b["Properties"].get("BucketName"))
        ]
        assert bucket["VersioningConfiguration"] == {"Status": "Enabled"}
        assert bucket["LoggingConfiguration"]["LogFilePrefix"] == f"s3/{logical}/"
        rules = bucket["LifecycleConfiguration"]["Rules"]
        assert {"Prefix": "uploads/", "ExpirationInDays": 2, "Status": "Enabled"} in [
            {k: r[k] for k in ("Prefix", "ExpirationInDays", "Status") if k in r} for r in rules
        ]
        # Exports (a conversation's, a whole account's) are gone a day later, old versions too.
        for prefix in ("exports/", "account-export/"):
            assert {
                "Prefix": prefix,
                "ExpirationInDays": 1,
                "NoncurrentVersionExpiration": {"NoncurrentDays": 1},
                "Status": "Enabled",
            } in [
                {
                    k: r[k]
                    for k in ("Prefix", "ExpirationInDays", "NoncurrentVersionExpiration", "Status")
                    if k in r
                }
                for r in rules
            ]


def _run_router(code: str, uris: list[str]) -> list[str]:
    """What a CloudFront Function's viewer-request handler makes of each URI (run by Node)."""
    script = code + f"for (const uri of {json.dumps(uris)}) console.log(handler({{request: {{uri}}}}).uri);"
    node = os.environ.get("JSII_NODE") or shutil.which("node") or "node"
    return subprocess.run([node, "-e", script], capture_output=True, text=True, check=True).stdout.split()


class TestCloudFront:
    @pytest.fixture
    def config(self, synth: Synthesized) -> dict[str, Any]:
        [distribution] = synth.of_type("AWS::CloudFront::Distribution").values()
        config: dict[str, Any] = distribution["Properties"]["DistributionConfig"]
        return config

    def test_spa_bucket_is_reached_through_origin_access_control(self, config: dict[str, Any]) -> None:
        default_origin = config["DefaultCacheBehavior"]["TargetOriginId"]
        [origin] = [o for o in config["Origins"] if o["Id"] == default_origin]
        assert _refs(origin["OriginAccessControlId"])
        assert origin["S3OriginConfig"] == {"OriginAccessIdentity": ""}

    def test_client_routes_get_the_app_shell_but_api_errors_stay_api_errors(
        self, synth: Synthesized, config: dict[str, Any]
    ) -> None:
        [association] = config["DefaultCacheBehavior"]["FunctionAssociations"]
        assert association["EventType"] == "viewer-request"
        [router] = [
            k
            for k, r in synth.of_type("AWS::CloudFront::Function").items()
            if r["Properties"]["FunctionCode"] == SPA_ROUTER
        ]
        assert _refs(association["FunctionARN"]) == {router}
        assert "CustomErrorResponses" not in config  # would turn the API's 403/404 into index.html
        # No other behaviour runs the SPA router (the API's run the viewer-address function, the
        # reference's its docs router).
        assert all(router not in _refs(b.get("FunctionAssociations")) for b in config["CacheBehaviors"])

    def test_spa_router_rewrites_only_paths_without_an_extension(self) -> None:
        uris = ["/", "/api/conversations/c-1", "/settings/", "/assets/index-x1.js", "/favicon.svg"]
        out = _run_router(SPA_ROUTER, uris)
        assert out == ["/index.html", "/index.html", "/index.html", "/assets/index-x1.js", "/favicon.svg"]

    def test_docs_router_gives_the_reference_page_its_index(self) -> None:
        uris = ["/api/docs", "/api/docs/", "/api/docs/swagger-ui.css", "/api/docsx"]
        out = _run_router(DOCS_ROUTER, uris)
        assert out == [
            "/api/docs/index.html",
            "/api/docs/index.html",
            "/api/docs/swagger-ui.css",
            "/api/docsx",
        ]

    def test_the_api_reference_is_served_from_the_spa_bucket_before_the_api(
        self, synth: Synthesized, config: dict[str, Any]
    ) -> None:
        patterns = [b["PathPattern"] for b in config["CacheBehaviors"]]
        # CloudFront takes the first pattern that matches: both come before `/api/*`.
        assert patterns.index("/api/openapi.json") < patterns.index("/api/*")
        assert patterns.index("/api/docs*") < patterns.index("/api/*")
        behaviours = {b["PathPattern"]: b for b in config["CacheBehaviors"]}
        spa_origin = config["DefaultCacheBehavior"]["TargetOriginId"]
        for pattern in API_DOCS_PATTERNS:
            assert behaviours[pattern]["TargetOriginId"] == spa_origin, pattern
            assert behaviours[pattern].get("AllowedMethods", ["GET", "HEAD"]) == ["GET", "HEAD"]
        [association] = behaviours["/api/docs*"]["FunctionAssociations"]
        functions = synth.of_type("AWS::CloudFront::Function")
        [docs_router] = [k for k, f in functions.items() if f["Properties"]["FunctionCode"] == DOCS_ROUTER]
        assert association["FunctionARN"] == {"Fn::GetAtt": [docs_router, "FunctionARN"]}
        assert "FunctionAssociations" not in behaviours["/api/openapi.json"]

    def test_every_http_prefix_and_the_websocket_reach_their_api(
        self, synth: Synthesized, config: dict[str, Any]
    ) -> None:
        behaviours = {
            b["PathPattern"]: b
            for b in config["CacheBehaviors"]
            if b["PathPattern"] not in (*API_DOCS_PATTERNS, *BLOG_PATTERNS)
        }
        # One behaviour per API root, however many features: adding one never adds a behaviour.
        assert set(behaviours) == {"/api/*", "/v1/*", "/ws"} == {*http_path_patterns(), "/ws"}
        origins = {o["Id"]: json.dumps(o["DomainName"]) for o in config["Origins"]}
        [http_api] = [
            k
            for k, r in synth.of_type("AWS::ApiGatewayV2::Api").items()
            if r["Properties"].get("ProtocolType") == "HTTP"
        ]
        [ws_api] = [
            k
            for k, r in synth.of_type("AWS::ApiGatewayV2::Api").items()
            if r["Properties"].get("ProtocolType") == "WEBSOCKET"
            and r["Properties"]["RouteSelectionExpression"] == "$request.body.action"
        ]  # voice's relay API is Twilio's, reached directly, not through CloudFront
        for pattern, behaviour in behaviours.items():
            api = ws_api if pattern == "/ws" else http_api
            assert api in origins[behaviour["TargetOriginId"]], pattern
            assert behaviour["CachePolicyId"] == CACHING_DISABLED
            assert behaviour["OriginRequestPolicyId"] == ALL_VIEWER_EXCEPT_HOST
            assert behaviour["ViewerProtocolPolicy"] == "https-only"

    def test_api_origins_carry_the_origin_proof_from_a_dynamic_reference(
        self, synth: Synthesized, config: dict[str, Any]
    ) -> None:
        [secret] = [
            k
            for k, r in synth.of_type("AWS::SecretsManager::Secret").items()
            if r["Properties"]["Name"] == f"{PREFIX}origin-verify"
        ]
        api_origins = [o for o in config["Origins"] if "execute-api" in json.dumps(o["DomainName"])]
        assert len(api_origins) == 2  # the HTTP API and the WebSocket API
        for origin in api_origins:
            [header] = origin["OriginCustomHeaders"]
            assert header["HeaderName"] == ORIGIN_VERIFY_HEADER
            # {{resolve:secretsmanager:<the secret's ARN>:SecretString:key::}}, resolved at deploy time.
            assert header["HeaderValue"] == {
                "Fn::Join": ["", ["{{resolve:secretsmanager:", {"Ref": secret}, ":SecretString:key::}}"]]
            }
        # The secret's value is generated by Secrets Manager, never written in the template.
        assert "SecretString" not in synth.resources[secret]["Properties"]

    def test_http_api_behaviours_hand_the_viewer_address_to_the_api(
        self, synth: Synthesized, config: dict[str, Any]
    ) -> None:
        [viewer] = [
            k
            for k, r in synth.of_type("AWS::CloudFront::Function").items()
            if r["Properties"]["FunctionCode"] == VIEWER_ADDRESS
        ]
        for behaviour in config["CacheBehaviors"]:
            associations = behaviour.get("FunctionAssociations", [])
            if behaviour["PathPattern"] in (*API_DOCS_PATTERNS, *BLOG_PATTERNS):
                continue  # static files from a bucket (their own tests: here and tests/infra/test_blog.py)
            if behaviour["PathPattern"] == "/ws":
                assert associations == []
                continue
            [association] = associations
            assert association["EventType"] == "viewer-request"
            assert _refs(association["FunctionARN"]) == {viewer}
            # Every viewer header but Host, so the header the function writes reaches the API too.
            assert behaviour["OriginRequestPolicyId"] == ALL_VIEWER_EXCEPT_HOST

    def test_viewer_address_function_overwrites_what_the_viewer_sent(self) -> None:
        event = {
            "viewer": {"ip": "2001:db8::7"},
            "request": {"headers": {VIEWER_ADDRESS_HEADER: {"value": "198.51.100.1"}}},
        }
        script = VIEWER_ADDRESS + f"console.log(JSON.stringify(handler({json.dumps(event)}).headers));"
        node = os.environ.get("JSII_NODE") or shutil.which("node") or "node"
        out = subprocess.run([node, "-e", script], capture_output=True, text=True, check=True).stdout
        assert json.loads(out) == {VIEWER_ADDRESS_HEADER: {"value": "2001:db8::7"}}

    def test_security_headers_on_every_response(self, synth: Synthesized, config: dict[str, Any]) -> None:
        [(policy_id, policy)] = synth.of_type("AWS::CloudFront::ResponseHeadersPolicy").items()
        for behaviour in [config["DefaultCacheBehavior"], *config["CacheBehaviors"]]:
            assert behaviour["ResponseHeadersPolicyId"] == {"Ref": policy_id}
        security = policy["Properties"]["ResponseHeadersPolicyConfig"]["SecurityHeadersConfig"]
        csp = json.dumps(security["ContentSecurityPolicy"]["ContentSecurityPolicy"])
        for directive in (
            "default-src 'self'",
            "script-src 'self';",
            "connect-src 'self'",
            "frame-ancestors 'none'",
            "object-src 'none'",
        ):
            assert directive in csp
        assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
        hsts = security["StrictTransportSecurity"]
        assert hsts["AccessControlMaxAgeSec"] >= 31_536_000 and hsts["IncludeSubdomains"] is True
        assert security["ContentTypeOptions"]["Override"] is True
        assert security["FrameOptions"]["FrameOption"] == "DENY"

    def test_access_logs_and_modern_protocols(self, config: dict[str, Any]) -> None:
        assert config["Logging"]["Prefix"] == "cloudfront/"
        assert config["HttpVersion"] == "http2and3"
        for origin in config["Origins"]:
            if "CustomOriginConfig" in origin:
                assert origin["CustomOriginConfig"]["OriginProtocolPolicy"] == "https-only"
                assert origin["CustomOriginConfig"]["OriginSSLProtocols"] == ["TLSv1.2"]

    def test_spa_upload_keeps_hashed_assets_immutable_and_the_shell_fresh(self, synth: Synthesized) -> None:
        deployments = [d["Properties"] for d in synth.of_type("Custom::CDKBucketDeployment").values()]
        spa = [d for d in deployments if "DestinationBucketKeyPrefix" not in d]
        by_prune = {d.get("Prune", True): d for d in spa}
        assert by_prune[False]["SystemMetadata"]["cache-control"] == "public, max-age=31536000, immutable"
        assert by_prune[False]["Include"] == ["assets/*"]
        assert by_prune[True]["SystemMetadata"]["cache-control"] == "no-cache"
        # The shell's prune spares the API reference (`api/`), which the next upload owns.
        assert by_prune[True]["Exclude"] == ["assets/*", "api/*"]

    def test_the_api_document_and_reference_are_published_under_api(self, synth: Synthesized) -> None:
        deployments = [d["Properties"] for d in synth.of_type("Custom::CDKBucketDeployment").values()]
        [docs] = [d for d in deployments if d.get("DestinationBucketKeyPrefix") == "api/"]
        assert docs["SystemMetadata"]["cache-control"] == "no-cache"
        assert docs.get("Prune", True) is True  # within `api/` only: a page removed from the build goes


class TestApis:
    def test_http_routes_for_every_prefix_use_payload_2(self, synth: Synthesized) -> None:
        routes = {
            r["Properties"]["RouteKey"]: r["Properties"]
            for r in synth.of_type("AWS::ApiGatewayV2::Route").values()
        }
        integrations = synth.of_type("AWS::ApiGatewayV2::Integration")
        for spec in (f for f in manifest.FUNCTIONS if f.http_prefixes):
            function_id, _ = synth.function(spec.name)
            for prefix in spec.http_prefixes:
                for key in (f"ANY {prefix}", f"ANY {prefix}/{{proxy+}}"):
                    integration = integrations[routes[key]["Target"]["Fn::Join"][1][1]["Ref"]]["Properties"]
                    assert integration["PayloadFormatVersion"] == "2.0", key
                    assert integration["IntegrationType"] == "AWS_PROXY"
                    assert function_id in _refs(integration["IntegrationUri"]), key

    def test_websocket_routes_select_on_the_action_and_reach_their_function(self, synth: Synthesized) -> None:
        synth.template.has_resource_properties(
            "AWS::ApiGatewayV2::Api",
            {"ProtocolType": "WEBSOCKET", "RouteSelectionExpression": "$request.body.action"},
        )
        [browser_api] = [
            k
            for k, r in synth.of_type("AWS::ApiGatewayV2::Api").items()
            if r["Properties"].get("RouteSelectionExpression") == "$request.body.action"
        ]
        routes = {
            r["Properties"]["RouteKey"]: r["Properties"]
            for r in synth.of_type("AWS::ApiGatewayV2::Route").values()
            if r["Properties"]["ApiId"] == {"Ref": browser_api}
        }
        integrations = synth.of_type("AWS::ApiGatewayV2::Integration")
        for spec in (f for f in manifest.FUNCTIONS if f.ws_routes and f.ws_api == "browser"):
            function_id, _ = synth.function(spec.name)
            for route in spec.ws_routes:
                integration_id = routes[route]["Target"]["Fn::Join"][1][1]["Ref"]
                assert function_id in _refs(integrations[integration_id]["Properties"]["IntegrationUri"]), (
                    route
                )

    def test_both_stages_log_access(self, synth: Synthesized) -> None:
        stages = {
            s["Properties"]["StageName"]: s["Properties"]
            for s in synth.of_type("AWS::ApiGatewayV2::Stage").values()
        }
        assert set(stages) == {"$default", "ws", "relay"}
        for stage in stages.values():
            assert stage["AutoDeploy"] is True
            logged = json.loads(stage["AccessLogSettings"]["Format"])
            assert logged["requestId"] == "$context.requestId"
            # Tokens travel in some paths (share links, approvals): only the route key is logged.
            assert "$context.path" not in json.dumps(logged) and logged["routeKey"] == "$context.routeKey"


class TestLeastPrivilege:
    @pytest.mark.parametrize("spec", manifest.FUNCTIONS, ids=lambda f: f.name)
    def test_a_function_reaches_exactly_its_tables(self, synth: Synthesized, spec: manifest.Function) -> None:
        tables = _table_ids(synth)
        reached = {
            tables[ref]
            for s in synth.role_statements(spec.name)
            for ref in _refs(s["Resource"])
            if ref in tables
        }
        assert reached == set(spec.tables)

    def test_realtime_reaches_connections_but_not_conversations(self, synth: Synthesized) -> None:
        statements = json.dumps(synth.role_statements("realtime-ws"))
        tables = {name: logical_id for logical_id, name in _table_ids(synth).items()}
        assert tables["connections"] in statements
        assert tables["conversations"] not in statements
        assert "kms:" not in statements and "s3:" not in statements  # not granted in the manifest

    @pytest.mark.parametrize("spec", manifest.FUNCTIONS, ids=lambda f: f.name)
    def test_grants_follow_the_manifest_flags(self, synth: Synthesized, spec: manifest.Function) -> None:
        actions = {a for s in synth.role_statements(spec.name) for a in _as_list(s["Action"])}
        # voice's relay posts on its own API (granted by its construct), not on the browsers'
        assert ("execute-api:ManageConnections" in actions) is (spec.push or spec.ws_api != "browser")
        assert ("kms:Decrypt" in actions) is spec.kms
        assert ("ses:SendEmail" in actions) is spec.mail
        assert ("secretsmanager:GetSecretValue" in actions) is bool(spec.secrets)
        assert ("s3:PutObject" in actions) is bool(spec.buckets)
        assert ("dynamodb:Scan" not in actions) and not any(a.endswith(":*") for a in actions)

    @pytest.mark.parametrize("spec", [f for f in manifest.FUNCTIONS if f.read_only], ids=lambda f: f.name)
    def test_a_table_a_function_only_reads_is_granted_reads_only(
        self, synth: Synthesized, spec: manifest.Function
    ) -> None:
        tables = {name: logical_id for logical_id, name in _table_ids(synth).items()}
        for table in spec.read_only:
            actions = {
                a
                for s in synth.role_statements(spec.name)
                if tables[table] in json.dumps(s["Resource"])
                for a in _as_list(s["Action"])
            }
            assert actions and actions <= {
                "dynamodb:GetItem",
                "dynamodb:BatchGetItem",
                "dynamodb:Query",
                "dynamodb:DescribeTable",
            }, (table, actions)

    @pytest.mark.parametrize("spec", [f for f in manifest.FUNCTIONS if f.kms], ids=lambda f: f.name)
    def test_the_key_is_used_only_with_an_encryption_context(
        self, synth: Synthesized, spec: manifest.Function
    ) -> None:
        kms = [
            s
            for s in synth.role_statements(spec.name)
            if any(a.startswith("kms:") for a in _as_list(s["Action"]))
        ]
        assert kms and all(
            s.get("Condition") == {"Null": {"kms:EncryptionContextKeys": "false"}} for s in kms
        ), kms

    def test_only_xray_log_delivery_and_random_passwords_use_a_star_resource(
        self, synth: Synthesized
    ) -> None:
        # GetRandomPassword: CDK's rotation schedule grants it to the key rotation; it reads nothing.
        allowed = re.compile(
            r"^(xray:.*|logs:(Create|Get|Update|Delete)LogDelivery|logs:ListLogDeliveries"
            r"|logs:(PutResourcePolicy|DescribeResourcePolicies|DescribeLogGroups)"
            r"|secretsmanager:GetRandomPassword)$"
        )
        for kind in ("AWS::IAM::Policy", "AWS::IAM::ManagedPolicy"):
            for logical_id, policy in synth.of_type(kind).items():
                for statement in policy["Properties"]["PolicyDocument"]["Statement"]:
                    if "*" in _as_list(statement["Resource"]):
                        bad = [a for a in _as_list(statement["Action"]) if not allowed.match(a)]
                        assert not bad, f"{logical_id} grants {bad} on '*'"

    def test_only_auth_can_sign_access_tokens(self, synth: Synthesized) -> None:
        """The private key's secret is readable by the auth API and its rotation, nothing else;
        every other function that authenticates reads the public keys only."""
        secrets = synth.of_type("AWS::SecretsManager::Secret")
        [signing] = [k for k, r in secrets.items() if r["Properties"]["Name"] == f"{PREFIX}jwt-signing"]
        readers = {
            spec.name
            for spec in manifest.FUNCTIONS
            if any(signing in json.dumps(s["Resource"]) for s in synth.role_statements(spec.name))
        }
        assert readers == {"auth-api", "auth-rotation"}
        [schedule] = synth.of_type("AWS::SecretsManager::RotationSchedule").values()
        assert schedule["Properties"]["SecretId"] == {"Ref": signing}
        assert schedule["Properties"]["RotationRules"]["ScheduleExpression"] == "rate(90 days)"

    def test_push_is_post_on_this_stage_only(self, synth: Synthesized) -> None:
        [statement] = [
            s for s in synth.role_statements("realtime-ws") if s["Action"] == "execute-api:ManageConnections"
        ]
        assert json.dumps(statement["Resource"]).endswith('/ws/POST/@connections/*"]]}')


class TestWorkflows:
    @pytest.mark.parametrize("machine", manifest.STATE_MACHINES, ids=lambda m: m.name)
    def test_express_with_function_arns_substituted(
        self, synth: Synthesized, machine: manifest.StateMachine
    ) -> None:
        [props] = [
            r["Properties"]
            for r in synth.of_type("AWS::StepFunctions::StateMachine").values()
            if r["Properties"]["StateMachineName"] == f"{PREFIX}{machine.name}"
        ]
        assert props["StateMachineType"] == "EXPRESS"
        assert json.loads(props["DefinitionString"]) == machine.definition
        assert props["DefinitionSubstitutions"] == {
            name: {"Fn::GetAtt": [synth.function(name)[0], "Arn"]}
            for name in placeholders(machine.definition)
        }
        assert props["LoggingConfiguration"]["Level"] == "ERROR"
        assert props["LoggingConfiguration"]["IncludeExecutionData"] is False
        assert props["TracingConfiguration"] == {"Enabled": True}

    @pytest.mark.parametrize("machine", manifest.STATE_MACHINES, ids=lambda m: m.name)
    def test_starters_may_start_it(self, synth: Synthesized, machine: manifest.StateMachine) -> None:
        for name in machine.started_by:
            [statement] = [s for s in synth.role_statements(name) if s["Action"] == "states:StartExecution"]
            assert f"stateMachine:{PREFIX}{machine.name}" in json.dumps(statement["Resource"])


class TestSecretsAndMail:
    def test_secrets_are_named_by_the_prefix_and_generated_as_bootstrap_does(
        self, synth: Synthesized
    ) -> None:
        secrets = {
            r["Properties"]["Name"]: r["Properties"]
            for r in synth.of_type("AWS::SecretsManager::Secret").values()
        }
        assert set(secrets) == {f"{PREFIX}{s.name}" for s in manifest.SECRETS}
        for secret in manifest.SECRETS:
            props = secrets[f"{PREFIX}{secret.name}"]
            if secret.generated:
                generated = props["GenerateSecretString"]
                assert json.loads(generated["SecretStringTemplate"]) == {"kid": "k1"}
                assert generated["GenerateStringKey"] == "key" and generated["PasswordLength"] == 64
            else:
                assert props["SecretString"] == "{}"

    def test_mail_domain_identity_and_sender(self, synth: Synthesized) -> None:
        synth.template.has_resource_properties("AWS::SES::EmailIdentity", {"EmailIdentity": "webox.example"})

    def test_kms_key_rotates_under_the_alias_webox_reads(self, synth: Synthesized) -> None:
        synth.template.has_resource_properties("AWS::KMS::Key", {"EnableKeyRotation": True})
        synth.template.has_resource_properties("AWS::KMS::Alias", {"AliasName": f"alias/{PREFIX}main"})


class TestOutputs:
    def test_spa_http_api_and_websocket_urls(self, synth: Synthesized) -> None:
        outputs = synth.template.to_json()["Outputs"]
        assert {"SpaUrl", "HttpApiUrl", "WebSocketUrl", "WebSocketApiUrl"} <= set(outputs)
