"""EventBridge Scheduler groups from the manifest, each with the role its schedules send with.

A group's role may send messages to the queues of the functions that schedule in it and nothing else
(Scheduler assumes it only for schedules of this account). Functions that create schedules in a group
(`Function.schedules_in`) get CreateSchedule/DeleteSchedule on that group's schedules and PassRole on
that role only (see `WeboxFunction`).
"""

from __future__ import annotations

from dataclasses import dataclass

from aws_cdk import Aws, Stack
from aws_cdk import aws_iam as iam
from aws_cdk import aws_scheduler as scheduler
from aws_cdk import aws_sqs as sqs
from constructs import Construct
from webox import manifest

from infra.constructs.names import camel, resource_name


@dataclass(frozen=True)
class ScheduleGroup:
    name: str  # physical
    role: iam.Role
    schedules_arn: str  # every schedule of the group


class ScheduleGroups(Construct):
    def __init__(self, scope: Construct, construct_id: str, queues: dict[str, sqs.Queue]) -> None:
        super().__init__(scope, construct_id)
        self.groups: dict[str, ScheduleGroup] = {}
        for group in manifest.SCHEDULE_GROUPS:
            # Its schedules target the queues of the feature declaring the group (other features'
            # functions may create schedules in it, through that feature's code).
            targets = sorted(
                {
                    q.name
                    for d in manifest.DECLARATIONS
                    if group in d.schedule_groups
                    for q in d.queues
                    if q.name in queues
                }
            )
            self._build_group(group, [queues[q] for q in targets])

    def _build_group(self, logical: str, targets: list[sqs.Queue]) -> None:
        name = resource_name(logical)
        scheduler.CfnScheduleGroup(self, camel(logical), name=name)
        role = iam.Role(
            self,
            f"{camel(logical)}Role",
            assumed_by=iam.ServicePrincipal(
                "scheduler.amazonaws.com", conditions={"StringEquals": {"aws:SourceAccount": Aws.ACCOUNT_ID}}
            ),
            description=f"EventBridge Scheduler, group {name}: sends to its feature's queues only",
        )
        for queue in targets:
            queue.grant_send_messages(role)
        schedules_arn = Stack.of(self).format_arn(
            service="scheduler", resource="schedule", resource_name=f"{name}/*"
        )
        self.groups[logical] = ScheduleGroup(name=name, role=role, schedules_arn=schedules_arn)
