"""Shared platform pieces: the KMS key, the buckets, the secrets, the mail identity and both APIs."""

from __future__ import annotations

import json

import jsii
from aws_cdk import Duration, RemovalPolicy, SecretValue
from aws_cdk import aws_apigateway as apigw
from aws_cdk import aws_apigatewayv2 as apigwv2
from aws_cdk import aws_iam as iam
from aws_cdk import aws_kms as kms
from aws_cdk import aws_logs as logs
from aws_cdk import aws_s3 as s3
from aws_cdk import aws_secretsmanager as secretsmanager
from aws_cdk import aws_ses as ses
from constructs import Construct
from webox import manifest
from webox.config import kms_alias
from webox.storage import EPHEMERAL_PREFIXES, UPLOADS_PREFIX

from infra.constructs.nag import acknowledge
from infra.constructs.names import bucket_name, camel, resource_name

LOG_RETENTION = logs.RetentionDays.ONE_MONTH
# The WebSocket stage is named after the path the SPA opens (`wss://<site>/ws`): CloudFront forwards
# `/ws` unchanged, so API Gateway reads it as the stage.
WS_STAGE = "ws"
# Requests per second (steady, burst) each stage accepts in all, before any function runs: what one
# deployment takes at most (AWS's account-wide default is 10,000/5,000). The functions' own limits
# (sign-in throttles, plan quotas) then count per viewer and per user.
HTTP_THROTTLE = (1000, 2000)
WS_THROTTLE = (500, 1000)  # messages (chat sends, pings) and connections
# Routes held to less than the stage: sign-in, registration and recovery (guessing, account
# farming), and the scripts' OpenAI-compatible entrance (platform-paid models).
ROUTE_THROTTLES = {"/api/auth": (50, 100), "/v1": (200, 400)}
# The blog's public files: read by CloudFront only (infra/constructs/blog.py).
PUBLIC_SITE_BUCKET = "site"

# The route key, never the raw path: share, prompt-share and approval tokens travel in paths, and
# an access log must not keep them.
_HTTP_ACCESS_LOG = {
    "requestId": "$context.requestId",
    "ip": "$context.identity.sourceIp",
    "time": "$context.requestTime",
    "method": "$context.httpMethod",
    "routeKey": "$context.routeKey",
    "status": "$context.status",
    "latencyMs": "$context.responseLatency",
    "integrationError": "$context.integrationErrorMessage",
}
_WS_ACCESS_LOG = {
    "requestId": "$context.requestId",
    "ip": "$context.identity.sourceIp",
    "time": "$context.requestTime",
    "eventType": "$context.eventType",
    "routeKey": "$context.routeKey",
    "connectionId": "$context.connectionId",
    "status": "$context.status",
    "integrationError": "$context.integrationErrorMessage",
}


class Platform(Construct):
    """What several features share; functions reach it only through grants (see `functions.py`)."""

    def __init__(
        self, scope: Construct, construct_id: str, *, mail_domain: str, manage_apigateway_account: bool
    ) -> None:
        super().__init__(scope, construct_id)
        self.key = kms.Key(
            self,
            "Key",
            alias=kms_alias(),
            enable_key_rotation=True,
            description="WeBox data key: users' provider keys and TOTP secrets (envelope encryption)",
            removal_policy=RemovalPolicy.RETAIN,
        )
        self.logs_bucket = self._build_logs_bucket()
        self.buckets = {logical: self._build_bucket(logical) for logical in manifest.BUCKETS}
        self.secrets = {secret.name: self._build_secret(secret) for secret in manifest.SECRETS}
        self.mail_domain = mail_domain
        self.mail_identity = ses.EmailIdentity(
            self, "MailIdentity", identity=ses.Identity.domain(mail_domain)
        )
        self.mail_sender = f"WeBox <no-reply@{mail_domain}>"
        account = self._build_apigateway_account() if manage_apigateway_account else None
        self.http_api, self.http_stage = self._build_http_api()
        self.ws_api, self.ws_stage = self._build_ws_api()
        if account is not None:
            self.ws_stage.node.add_dependency(account)

    def throttle_routes(self, prefix: str, route_key: str, routes: list[apigwv2.HttpRoute]) -> None:
        """Hold the HTTP routes (`route_key`) of `prefix` to `ROUTE_THROTTLES[prefix]`, if it has one."""
        if prefix not in ROUTE_THROTTLES:
            return
        rate, burst = ROUTE_THROTTLES[prefix]
        stage = self.http_stage.node.default_child
        assert isinstance(stage, apigwv2.CfnStage)
        for route in routes:
            stage.add_property_override(
                f"RouteSettings.{route_key}",
                {"ThrottlingRateLimit": rate, "ThrottlingBurstLimit": burst},
            )
            stage.node.add_dependency(route)  # a route's settings need the route to exist

    def allow_browser_uploads(self, origin: str) -> None:
        """CORS of the data buckets for the SPA's presigned POST/GET (as the local bootstrap sets it).
        Not the blog's `site` bucket: CloudFront serves it (same origin), and a rule naming the
        distribution's URL there would make the bucket and its own distribution depend on each other."""
        for logical, bucket in self.buckets.items():
            if logical == PUBLIC_SITE_BUCKET:
                continue
            bucket.add_cors_rule(
                allowed_origins=[origin],
                allowed_methods=[
                    s3.HttpMethods.GET,
                    s3.HttpMethods.PUT,
                    s3.HttpMethods.POST,
                    s3.HttpMethods.HEAD,
                ],
                allowed_headers=["*"],
                max_age=600,
            )

    def _build_logs_bucket(self) -> s3.Bucket:
        bucket = s3.Bucket(
            self,
            "AccessLogs",
            block_public_access=s3.BlockPublicAccess.BLOCK_ALL,
            encryption=s3.BucketEncryption.S3_MANAGED,  # CloudFront log delivery does not support SSE-KMS
            enforce_ssl=True,
            # CloudFront's standard logs are delivered with ACLs; S3 access logs use the bucket policy.
            object_ownership=s3.ObjectOwnership.BUCKET_OWNER_PREFERRED,
            lifecycle_rules=[s3.LifecycleRule(expiration=Duration.days(90))],
            removal_policy=RemovalPolicy.RETAIN,
        )
        acknowledge(
            bucket,
            "AwsSolutions-S1",
            "This is the access-log bucket itself: logging it into itself would loop.",
        )
        return bucket

    def _build_bucket(self, logical: str) -> s3.Bucket:
        """A data bucket: private, TLS only, versioned, logged, abandoned uploads expired."""
        return s3.Bucket(
            self,
            f"Bucket{camel(logical)}",
            bucket_name=bucket_name(logical),
            block_public_access=s3.BlockPublicAccess.BLOCK_ALL,
            encryption=s3.BucketEncryption.S3_MANAGED,
            enforce_ssl=True,
            versioned=True,  # an overwrite or delete by mistake stays recoverable for 30 days
            lifecycle_rules=[
                s3.LifecycleRule(
                    noncurrent_version_expiration=Duration.days(30),
                    abort_incomplete_multipart_upload_after=Duration.days(7),
                ),
                # Presigned uploads land under `uploads/` and are copied or read by a job within the
                # day their upload record lives; one abandoned there is deleted, not kept forever.
                s3.LifecycleRule(prefix=UPLOADS_PREFIX, expiration=Duration.days(2)),
                # Exports are downloaded once through a five-minute link: a day is plenty.
                *(
                    s3.LifecycleRule(
                        prefix=prefix,
                        expiration=Duration.days(1),
                        noncurrent_version_expiration=Duration.days(1),
                    )
                    for prefix in EPHEMERAL_PREFIXES
                ),
            ],
            server_access_logs_bucket=self.logs_bucket,
            server_access_logs_prefix=f"s3/{logical}/",
            removal_policy=RemovalPolicy.RETAIN,
        )

    def _build_secret(self, secret: manifest.Secret) -> secretsmanager.Secret:
        construct_id = f"Secret{camel(secret.name)}"
        if secret.generated:
            # The JSON `{"kid", "key"}` the local bootstrap's new_signing_secret() writes too.
            built = secretsmanager.Secret(
                self,
                construct_id,
                secret_name=resource_name(secret.name),
                generate_secret_string=secretsmanager.SecretStringGenerator(
                    secret_string_template=json.dumps({"kid": "k1"}),
                    generate_string_key="key",
                    password_length=64,
                    exclude_punctuation=True,
                ),
            )
            reason = (
                "A generated HMAC key (links' tokens, CloudFront's origin proof): rotating it needs a "
                "rotation function that keeps the previous `kid` valid while issued links live and "
                "CloudFront is redeployed; rotate by deploying a new version until then."
            )
        else:
            built = secretsmanager.Secret(
                self,
                construct_id,
                secret_name=resource_name(secret.name),
                secret_string_value=SecretValue.unsafe_plain_text("{}"),  # the operator fills it in
            )
            reason = "Vendor API keys set by the operator; the vendors offer no rotation API to call."
        rotated = {f.rotates for f in manifest.FUNCTIONS if f.rotates}
        published = {s for f in manifest.FUNCTIONS if f.rotates for s in f.secrets} - rotated
        if secret.name in published:
            reason = (
                "Public keys, rewritten by the rotation of the key they verify (webox.auth.key_rotation)."
            )
        if secret.name not in rotated:  # a rotated secret has its schedule (functions.py)
            acknowledge(built, "AwsSolutions-SMG4", reason)
        return built

    def _build_apigateway_account(self) -> apigw.CfnAccount:
        # WebSocket access logs need the region's API Gateway CloudWatch role (HTTP APIs do not).
        role = iam.Role(
            self,
            "ApiGatewayLogsRole",
            assumed_by=iam.ServicePrincipal("apigateway.amazonaws.com"),
            managed_policies=[
                iam.ManagedPolicy.from_aws_managed_policy_name(
                    "service-role/AmazonAPIGatewayPushToCloudWatchLogs"
                )
            ],
        )
        acknowledge(
            role,
            "AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AmazonAPIGatewayPushToCloudWatchLogs]",
            "The AWS-maintained policy documented for API Gateway's account-level logging role; it "
            "follows the log groups API Gateway creates per API and stage.",
        )
        account = apigw.CfnAccount(self, "ApiGatewayAccount", cloud_watch_role_arn=role.role_arn)
        account.apply_removal_policy(RemovalPolicy.RETAIN)  # a region-wide setting other APIs may rely on
        return account

    def _access_log(self, name: str, fields: dict[str, str]) -> apigwv2.IAccessLogSettings:
        group = logs.LogGroup(self, f"{name}AccessLogs", retention=LOG_RETENTION)
        return _AccessLogSettings(
            destination=apigwv2.LogGroupLogDestination(group),
            format=apigw.AccessLogFormat.custom(json.dumps(fields, separators=(",", ":"))),
        )

    def _build_http_api(self) -> tuple[apigwv2.HttpApi, apigwv2.HttpStage]:
        api = apigwv2.HttpApi(self, "HttpApi", api_name=resource_name("http"), create_default_stage=False)
        stage = apigwv2.HttpStage(
            self,
            "HttpStage",
            http_api=api,
            stage_name="$default",
            auto_deploy=True,
            access_log_settings=self._access_log("Http", _HTTP_ACCESS_LOG),
            throttle=apigwv2.ThrottleSettings(rate_limit=HTTP_THROTTLE[0], burst_limit=HTTP_THROTTLE[1]),
        )
        acknowledge(
            api,
            "AwsSolutions-APIG4",
            "WeBox authenticates in the function (webox.auth: JWT cookie + CSRF, or a Bearer API token) "
            "so the local host and the cloud share one code path; public routes (sign-in) are public.",
        )
        return api, stage

    def _build_ws_api(self) -> tuple[apigwv2.WebSocketApi, apigwv2.WebSocketStage]:
        api = apigwv2.WebSocketApi(
            self,
            "WebSocketApi",
            api_name=resource_name("ws"),
            route_selection_expression="$request.body.action",
        )
        stage = apigwv2.WebSocketStage(
            self,
            "WebSocketStage",
            web_socket_api=api,
            stage_name=WS_STAGE,
            auto_deploy=True,
            access_log_settings=self._access_log("WebSocket", _WS_ACCESS_LOG),
            throttle=apigwv2.ThrottleSettings(rate_limit=WS_THROTTLE[0], burst_limit=WS_THROTTLE[1]),
        )
        acknowledge(
            api,
            "AwsSolutions-APIG4",
            "`$connect` authenticates the session cookie or token and checks Origin in the function "
            "(webox.auth); a connection that fails is refused, so later routes only see signed-in users.",
        )
        return api, stage


@jsii.implements(apigwv2.IAccessLogSettings)
class _AccessLogSettings:
    """Access logs of an API stage (the CDK takes them as an interface, not a struct)."""

    def __init__(self, *, destination: apigwv2.IAccessLogDestination, format: apigw.AccessLogFormat) -> None:
        self._destination, self._format = destination, format

    @property
    def destination(self) -> apigwv2.IAccessLogDestination:
        return self._destination

    @property
    def format(self) -> apigw.AccessLogFormat:
        return self._format
