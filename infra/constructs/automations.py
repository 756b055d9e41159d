"""The platform's EventBridge bus (`<prefix>events`, where `webox.events.publish` puts WeBox events)
and the manifest's rules on it, each sending its events to a feature's queue (the automations worker
delivers them to users' outgoing webhooks). Functions that publish (`Function.events`) may
PutEvents on this bus only (see `WeboxFunction`)."""

from __future__ import annotations

import json

from aws_cdk import aws_events as events
from aws_cdk import aws_events_targets as targets
from aws_cdk import aws_sqs as sqs
from constructs import Construct
from webox import manifest
from webox.events import BUS

from infra.constructs.names import camel, resource_name


class EventBus(Construct):
    def __init__(self, scope: Construct, construct_id: str, queues: dict[str, sqs.Queue]) -> None:
        super().__init__(scope, construct_id)
        self.bus = events.EventBus(self, "Bus", event_bus_name=resource_name(BUS))
        self.rules = {rule.name: self._build_rule(rule, queues[rule.queue]) for rule in manifest.EVENT_RULES}

    def _build_rule(self, rule: manifest.EventRule, queue: sqs.Queue) -> events.Rule:
        built = events.Rule(
            self,
            camel(rule.name),
            rule_name=resource_name(rule.name),
            event_bus=self.bus,
            event_pattern=events.EventPattern(source=list(rule.sources)),
            description=f"WeBox events from {json.dumps(list(rule.sources))} to the {rule.queue} queue",
        )
        # The queue policy CDK adds lets events.amazonaws.com send for this rule only (aws:SourceArn).
        built.add_target(targets.SqsQueue(queue))
        return built
