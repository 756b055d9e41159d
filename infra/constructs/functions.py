"""WeBox Lambdas, by convention: one helper builds any `manifest.Function` and grants it exactly what
the manifest says it may touch; `Feature` holds the functions of one feature.

A function is `functions/<feature>/<module>.py`'s `handler` on python3.11/arm64 with its layers,
JSON logs into its own log group (one month), X-Ray, and the environment `webox.config` reads.
Adding a function, a queue or a schedule to the manifest needs no change here.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from aws_cdk import Duration, Stack
from aws_cdk import aws_apigatewayv2 as apigwv2
from aws_cdk import aws_apigatewayv2_integrations as integrations
from aws_cdk import aws_dynamodb as dynamodb
from aws_cdk import aws_events as events
from aws_cdk import aws_events_targets as targets
from aws_cdk import aws_iam as iam
from aws_cdk import aws_lambda as lambda_
from aws_cdk import aws_lambda_event_sources as event_sources
from aws_cdk import aws_logs as logs
from aws_cdk import aws_s3 as s3
from aws_cdk import aws_secretsmanager as secretsmanager
from aws_cdk import aws_sqs as sqs
from constructs import Construct
from webox import manifest
from webox.auth.key_rotation import ROTATION_DAYS
from webox.db import TableSpec

from infra.constructs.nag import acknowledge, acknowledge_wildcard
from infra.constructs.names import camel, is_production, resource_env, resource_name, state_machine_arn
from infra.constructs.platform import LOG_RETENTION, Platform
from infra.constructs.runtime import ARCHITECTURE, RUNTIME, Runtime
from infra.constructs.schedule_groups import ScheduleGroup

# Item reads and writes, on request paths only: no Scan (every request path is GetItem/Query on keys).
_ITEM_ACTIONS = [
    "dynamodb:GetItem",
    "dynamodb:BatchGetItem",
    "dynamodb:Query",
    "dynamodb:PutItem",
    "dynamodb:UpdateItem",
    "dynamodb:DeleteItem",
    "dynamodb:BatchWriteItem",
    "dynamodb:ConditionCheckItem",
    "dynamodb:DescribeTable",
]
# A table the function only reads (`Function.read_only`, checked by `infra.grants`).
_READ_ACTIONS = ["dynamodb:GetItem", "dynamodb:BatchGetItem", "dynamodb:Query", "dynamodb:DescribeTable"]
_OBJECT_ACTIONS = ["s3:GetObject", "s3:PutObject", "s3:DeleteObject"]


@dataclass(frozen=True)
class Wiring:
    """Everything a function can be connected to."""

    stage: str
    public_url: str
    runtime: Runtime
    platform: Platform
    tables: dict[str, dynamodb.Table]
    table_specs: dict[str, TableSpec]
    queues: dict[str, sqs.Queue]
    schedule_groups: dict[str, ScheduleGroup] = field(default_factory=dict)
    event_bus: events.IEventBus | None = None


class WeboxFunction(Construct):
    """The one helper: a `manifest.Function` as a Lambda, with its triggers and its grants."""

    def __init__(self, scope: Construct, spec: manifest.Function, wiring: Wiring) -> None:
        super().__init__(scope, camel(spec.module))
        self.spec, self.wiring = spec, wiring
        function_name = resource_name(spec.name)
        self.role = iam.Role(
            self,
            "Role",
            assumed_by=iam.ServicePrincipal("lambda.amazonaws.com"),
            managed_policies=[wiring.runtime.tracing_policy],
            description=f"WeBox {spec.name}: exactly what the manifest grants it",
        )
        self.log_group = logs.LogGroup(
            self, "Logs", log_group_name=f"/aws/lambda/{function_name}", retention=LOG_RETENTION
        )
        self.log_group.grant_write(self.role)
        self.function = lambda_.Function(
            self,
            "Function",
            function_name=function_name,
            description=f"functions/{spec.feature}/{spec.module}.py",
            code=wiring.runtime.code(spec.feature, spec.module),
            handler=f"{spec.module}.handler",
            runtime=RUNTIME,
            architecture=ARCHITECTURE,
            layers=wiring.runtime.layers(spec.extras),
            memory_size=spec.memory_mb,
            timeout=Duration.seconds(spec.timeout_s),
            role=self.role,
            log_group=self.log_group,
            logging_format=lambda_.LoggingFormat.JSON,
            environment=self._environment(),
            # Only in production: a new account's whole pool may be as small as 10, which reserving
            # would exhaust (AWS keeps 100 unreserved).
            reserved_concurrent_executions=spec.max_concurrency if is_production(wiring.stage) else None,
        )
        # Tracing set on the resource: the L2 option would add X-Ray's `*` statement to this role's
        # own policy; the shared Tracing policy holds it instead (see runtime.py).
        cfn = self.function.node.default_child
        assert isinstance(cfn, lambda_.CfnFunction)
        cfn.tracing_config = lambda_.CfnFunction.TracingConfigProperty(mode="Active")
        acknowledge(
            self.function,
            "AwsSolutions-L1",
            "python3.11 on purpose: the layers ship .pyc compiled by this project's Python 3.11, which "
            "only the same runtime minor loads (cold start ~0.35 s instead of ~1.2 s).",
        )
        self._grant()
        self._connect()

    # ------------------------------------------------------------------------------------ environment

    def _environment(self) -> dict[str, str]:
        spec, wiring, platform = self.spec, self.wiring, self.wiring.platform
        env = {
            "WEBOX_STAGE": wiring.stage,
            "WEBOX_RESOURCE_PREFIX": f"webox-{wiring.stage}-",
            "WEBOX_PUBLIC_URL": wiring.public_url,
            "WEBOX_WS_ENDPOINT": platform.ws_stage.callback_url,
            "POWERTOOLS_SERVICE_NAME": spec.name,
        }
        for logical in spec.buckets:
            env[resource_env("bucket", logical)] = self._bucket(logical).bucket_name
        for logical in (*spec.sends_to, *([spec.queue] if spec.queue else [])):
            env[resource_env("queue", logical)] = self._queue(logical).queue_url
        for machine in self._started_machines():
            env[resource_env("state_machine", machine.name)] = state_machine_arn(self, machine.name)
        for logical in spec.secrets:
            env[resource_env("secret", logical)] = self._secret(logical).secret_arn
        for logical in spec.schedules_in:
            # A schedule's target names the queue by ARN and the role Scheduler sends with.
            env[resource_env("scheduler_role", logical)] = wiring.schedule_groups[logical].role.role_arn
            for queue in spec.sends_to:
                env[resource_env("queue_arn", queue)] = self._queue(queue).queue_arn
        if spec.mail:
            env["WEBOX_MAIL_SENDER"] = platform.mail_sender
        return {**env, **spec.environment}

    def _started_machines(self) -> list[manifest.StateMachine]:
        return [m for m in manifest.STATE_MACHINES if self.spec.name in m.started_by]

    # Names were checked against the manifest by infra.checks before anything was built.
    def _bucket(self, logical: str) -> s3.Bucket:
        return self.wiring.platform.buckets[logical]

    def _queue(self, logical: str) -> sqs.Queue:
        return self.wiring.queues[logical]

    def _secret(self, logical: str) -> secretsmanager.Secret:
        return self.wiring.platform.secrets[logical]

    # ----------------------------------------------------------------------------------------- grants

    def _grant(self) -> None:
        spec, platform = self.spec, self.wiring.platform
        for logical in spec.tables:
            self._grant_table(logical)
        for logical in spec.buckets:
            self._grant_bucket(logical)
        for logical in spec.sends_to:
            self._queue(logical).grant_send_messages(self.role)
        for logical in spec.secrets:
            self._secret(logical).grant_read(self.role)
        if spec.rotates:
            # Secrets Manager runs the four steps (the schedule grants the rotation's own actions on
            # the secret); the function also rewrites what it publishes (the public keys).
            self._secret(spec.rotates).add_rotation_schedule(
                "Rotation",
                rotation_lambda=self.function,
                automatically_after=Duration.days(ROTATION_DAYS),
            )
            for logical in set(spec.secrets) - {spec.rotates}:
                self._secret(logical).grant_write(self.role)
            acknowledge_wildcard(
                self.role,
                "*",
                "secretsmanager:GetRandomPassword, which CDK's rotation schedule grants: the action has "
                "no resource to scope it to (it reads no secret).",
            )
        if spec.kms:
            # Only what webox does with the key: Encrypt and Decrypt, always bound to an encryption
            # context (every ciphertext names its owner in it): a call without one is refused.
            self.role.add_to_principal_policy(
                iam.PolicyStatement(
                    actions=["kms:Encrypt", "kms:Decrypt"],
                    resources=[platform.key.key_arn],
                    conditions={"Null": {"kms:EncryptionContextKeys": "false"}},
                )
            )
        if spec.mail:
            platform.mail_identity.grant_send_email(self.role)
        if spec.push:
            self._grant_push()
        if spec.events:
            assert self.wiring.event_bus is not None, f"{spec.name} publishes events: the stack needs its bus"
            self.wiring.event_bus.grant_put_events_to(self.role)
        for logical in spec.schedules_in:
            self._grant_schedules(logical)
        for machine in self._started_machines():
            iam.Grant.add_to_principal(
                grantee=self.role,
                actions=["states:StartExecution"],
                resource_arns=[state_machine_arn(self, machine.name)],
            )

    def _grant_table(self, logical: str) -> None:
        table = self.wiring.tables[logical]
        spec = self.wiring.table_specs[logical]
        actions = _READ_ACTIONS if logical in self.spec.read_only else _ITEM_ACTIONS
        iam.Grant.add_to_principal(grantee=self.role, actions=actions, resource_arns=[table.table_arn])
        indexes = [i["IndexName"] for i in (*spec.global_indexes, *spec.local_indexes)]
        if indexes:
            # Each index by name, not `index/*`: nothing beyond what the model declares.
            iam.Grant.add_to_principal(
                grantee=self.role,
                actions=["dynamodb:Query"],
                resource_arns=[f"{table.table_arn}/index/{name}" for name in indexes],
            )

    def _grant_bucket(self, logical: str) -> None:
        bucket = self._bucket(logical)
        patterns = self.spec.bucket_keys.get(logical)
        if patterns:
            self._grant_bucket_keys(bucket, logical, patterns)
            return
        objects = bucket.arn_for_objects("*")
        iam.Grant.add_to_principal(grantee=self.role, actions=_OBJECT_ACTIONS, resource_arns=[objects])
        iam.Grant.add_to_principal(
            grantee=self.role, actions=["s3:ListBucket"], resource_arns=[bucket.bucket_arn]
        )
        acknowledge_wildcard(
            self.role,
            objects,
            f"Objects of the {logical!r} bucket are keyed by user id, which IAM cannot know; the service "
            "checks ownership on every access.",
        )

    def _grant_bucket_keys(self, bucket: s3.Bucket, logical: str, patterns: tuple[str, ...]) -> None:
        """Objects of those keys only, and listing only under them (`s3:prefix`)."""
        arns = [bucket.arn_for_objects(pattern) for pattern in patterns]
        iam.Grant.add_to_principal(grantee=self.role, actions=_OBJECT_ACTIONS, resource_arns=arns)
        self.role.add_to_principal_policy(
            iam.PolicyStatement(
                actions=["s3:ListBucket"],
                resources=[bucket.bucket_arn],
                conditions={"StringLike": {"s3:prefix": list(patterns)}},
            )
        )
        for pattern, arn in zip(patterns, arns, strict=True):
            if "*" in pattern:
                acknowledge_wildcard(
                    self.role,
                    arn,
                    f"Every key under one prefix of the {logical!r} bucket ({pattern}): the files are "
                    "named at run time (one per page); nothing else of the bucket.",
                )

    def _grant_schedules(self, logical: str) -> None:
        """Create and delete schedules of one group, passing that group's role only."""
        group = self.wiring.schedule_groups[logical]
        iam.Grant.add_to_principal(
            grantee=self.role,
            actions=["scheduler:CreateSchedule", "scheduler:DeleteSchedule", "scheduler:GetSchedule"],
            resource_arns=[group.schedules_arn],
        )
        acknowledge_wildcard(
            self.role,
            group.schedules_arn,
            "Schedule names are made at run time (one per resume); this is one schedule group only.",
        )
        group.role.grant_pass_role(self.role)

    def _grant_push(self) -> None:
        """ManageConnections on this API's stage: POST (push) and, for a function that closes
        sockets, DELETE."""
        platform = self.wiring.platform
        methods = ("POST", "DELETE") if self.spec.close_sockets else ("POST",)
        arns = [
            Stack.of(self).format_arn(
                service="execute-api",
                resource=platform.ws_api.api_id,
                resource_name=f"{platform.ws_stage.stage_name}/{method}/@connections/*",
            )
            for method in methods
        ]
        iam.Grant.add_to_principal(
            grantee=self.role, actions=["execute-api:ManageConnections"], resource_arns=arns
        )
        for arn in arns:
            acknowledge_wildcard(
                self.role,
                arn,
                "Connection ids are made by API Gateway at run time; this is POST (push) or DELETE "
                "(close a revoked credential's sockets) on this API's stage only.",
            )

    # --------------------------------------------------------------------------------------- triggers

    def _connect(self) -> None:
        spec, platform = self.spec, self.wiring.platform
        if spec.http_prefixes:
            integration = integrations.HttpLambdaIntegration(
                "Http", self.function, payload_format_version=apigwv2.PayloadFormatVersion.VERSION_2_0
            )
            for prefix in spec.http_prefixes:
                base = "/" + prefix.strip("/")
                for path in (base, f"{base}/{{proxy+}}"):
                    routes = platform.http_api.add_routes(
                        path=path, methods=[apigwv2.HttpMethod.ANY], integration=integration
                    )
                    platform.throttle_routes(base, f"ANY {path}", routes)
        # Another WebSocket API's routes (Twilio's relay) are wired by that feature's construct.
        if spec.ws_routes and spec.ws_api == "browser":
            ws_integration = integrations.WebSocketLambdaIntegration("WebSocket", self.function)
            for route in spec.ws_routes:
                platform.ws_api.add_route(route, integration=ws_integration)
        if spec.queue:
            self._consume(self._queue(spec.queue))
        for schedule in spec.schedules:
            events.Rule(
                self,
                f"Schedule{camel(schedule.name)}",
                rule_name=resource_name(schedule.name),
                schedule=events.Schedule.expression(schedule.expression),
                targets=[targets.LambdaFunction(self.function, retry_attempts=2)],
            )

    def _consume(self, queue: sqs.Queue) -> None:
        # infra.checks has made sure the visibility timeout leaves the function time to finish.
        self.function.add_event_source(
            event_sources.SqsEventSource(
                queue,
                batch_size=self.spec.batch_size,
                max_batching_window=(
                    Duration.seconds(self.spec.batch_window_s) if self.spec.batch_window_s else None
                ),
                report_batch_item_failures=True,
                max_concurrency=self.spec.max_concurrency,
            )
        )


class Feature(Construct):
    """The functions of one feature (`functions/<feature>/`), built by convention from the manifest.

    A feature with genuine specifics gets its own construct in `constructs/<feature>.py`, built on
    this one; none has any yet.
    """

    def __init__(self, scope: Construct, feature: str, wiring: Wiring) -> None:
        super().__init__(scope, camel(feature))
        self.functions = {
            spec.name: WeboxFunction(self, spec, wiring) for spec in manifest.functions_for(feature)
        }
