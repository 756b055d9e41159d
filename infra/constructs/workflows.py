"""Step Functions Express workflows from the manifest; `${<function name>}` placeholders become ARNs."""

from __future__ import annotations

import json
import re

from aws_cdk import aws_iam as iam
from aws_cdk import aws_lambda as lambda_
from aws_cdk import aws_logs as logs
from aws_cdk import aws_stepfunctions as sfn
from constructs import Construct
from webox import manifest

from infra.constructs.nag import acknowledge
from infra.constructs.names import camel, resource_name
from infra.constructs.platform import LOG_RETENTION

_PLACEHOLDER = re.compile(r"\$\{([^}]+)\}")


def placeholders(definition: dict[str, object]) -> list[str]:
    """Function names a definition refers to as `${name}`."""
    return sorted(set(_PLACEHOLDER.findall(json.dumps(definition))))


class Workflows(Construct):
    """One Express state machine per manifest entry, logging errors and traced; it may invoke only
    the functions its definition names."""

    def __init__(
        self, scope: Construct, construct_id: str, *, functions: dict[str, lambda_.Function]
    ) -> None:
        super().__init__(scope, construct_id)
        self.state_machines = {
            machine.name: self._build_state_machine(machine, functions) for machine in manifest.STATE_MACHINES
        }

    def _build_state_machine(
        self, machine: manifest.StateMachine, functions: dict[str, lambda_.Function]
    ) -> sfn.StateMachine:
        names = placeholders(machine.definition)
        unknown = [name for name in [*names, *machine.started_by] if name not in functions]
        if unknown:
            raise KeyError(f"state machine {machine.name!r} names unknown functions: {', '.join(unknown)}")
        scope = Construct(self, camel(machine.name))
        role = iam.Role(scope, "Role", assumed_by=iam.ServicePrincipal("states.amazonaws.com"))
        for name in names:
            # The unqualified ARN the definition invokes, not `<arn>:*` as grant_invoke would add.
            iam.Grant.add_to_principal(
                grantee=role, actions=["lambda:InvokeFunction"], resource_arns=[functions[name].function_arn]
            )
        log_group = logs.LogGroup(
            scope,
            "Logs",
            log_group_name=f"/aws/vendedlogs/states/{resource_name(machine.name)}",
            retention=LOG_RETENTION,
        )
        state_machine = sfn.StateMachine(
            scope,
            "StateMachine",
            state_machine_name=resource_name(machine.name),
            state_machine_type=sfn.StateMachineType.EXPRESS,
            definition_body=sfn.DefinitionBody.from_string(json.dumps(machine.definition)),
            definition_substitutions={name: functions[name].function_arn for name in names},
            role=role,
            logs=sfn.LogOptions(
                destination=log_group, level=sfn.LogLevel.ERROR, include_execution_data=False
            ),
            tracing_enabled=True,
        )
        acknowledge(
            role,
            "AwsSolutions-IAM5[Resource::*]",
            "CloudWatch Logs delivery (logs:*LogDelivery, DescribeLogGroups, resource policies) and X-Ray "
            "segments, added by the CDK for logging and tracing, support no resource-level permissions.",
        )
        acknowledge(
            state_machine,
            "AwsSolutions-SF1",
            "Express executions log at ERROR without execution data: ALL would log every state of every "
            "chat turn (cost, and users' prompts in logs); failures are what needs a record.",
        )
        return state_machine
