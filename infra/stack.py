"""The WeBox stack: composes the platform, the site, the data and one construct per feature."""

from __future__ import annotations

from pathlib import Path

from aws_cdk import CfnOutput, Stack
from constructs import Construct
from webox import manifest
from webox.config import get_settings

from infra import checks
from infra.constructs import blog
from infra.constructs.agents import AgentVectors
from infra.constructs.automations import EventBus
from infra.constructs.functions import Feature, Wiring
from infra.constructs.log_subscriptions import LogSubscriptions
from infra.constructs.platform import Platform
from infra.constructs.queues import Queues
from infra.constructs.runtime import Runtime
from infra.constructs.schedule_groups import ScheduleGroups
from infra.constructs.site import Site
from infra.constructs.tables import Tables, table_specs
from infra.constructs.voice import VoiceRelay
from infra.constructs.workflows import Workflows


class WeboxStack(Stack):
    """Everything of one stage (`webox-<stage>-*`), derived from `webox.manifest` and the models."""

    def __init__(
        self,
        scope: Construct,
        construct_id: str,
        *,
        stage: str,
        mail_domain: str,
        spa_dist: Path,
        api_docs: Path | None = None,
        domain_name: str | None = None,
        certificate_arn: str | None = None,
        web_acl_arn: str | None = None,
        manage_apigateway_account: bool = True,
        **kwargs: object,
    ) -> None:
        super().__init__(scope, construct_id, **kwargs)  # type: ignore[arg-type]
        prefix = get_settings().resource_prefix
        if prefix != f"webox-{stage}-":
            raise RuntimeError(
                f"webox was imported with WEBOX_RESOURCE_PREFIX={prefix!r}, not 'webox-{stage}-': "
                "set it before importing webox (infra/app.py does)"
            )
        self.stage = stage
        specs = table_specs()
        checks.check(spec.logical for spec in specs)
        self.platform = Platform(
            self, "Platform", mail_domain=mail_domain, manage_apigateway_account=manage_apigateway_account
        )
        self.site = Site(
            self,
            "Site",
            platform=self.platform,
            spa_dist=spa_dist,
            api_docs=api_docs,
            domain_name=domain_name,
            certificate_arn=certificate_arn,
            web_acl_arn=web_acl_arn,
        )
        self.platform.allow_browser_uploads(self.site.url)
        self.tables = Tables(self, "Tables", specs)
        self.queues = Queues(self, "Queues")
        self.schedule_groups = ScheduleGroups(self, "ScheduleGroups", self.queues.queues)
        self.event_bus = EventBus(self, "Events", self.queues.queues)
        wiring = Wiring(
            stage=stage,
            public_url=self.site.url,
            runtime=Runtime(self, "Runtime"),
            platform=self.platform,
            tables=self.tables.tables,
            table_specs=self.tables.specs,
            queues=self.queues.queues,
            schedule_groups=self.schedule_groups.groups,
            event_bus=self.event_bus.bus,
        )
        features = sorted({f.feature for f in manifest.FUNCTIONS})
        self.features = {feature: Feature(self, feature, wiring) for feature in features}
        self.functions = {
            name: built for feature in self.features.values() for name, built in feature.functions.items()
        }
        LogSubscriptions(self, "LogSubscriptions", functions=self.functions, queues=self.queues.queues)
        if blog.RENDERER in self.functions:
            renderer = self.functions[blog.RENDERER]
            blog.BlogRenderer(
                self,
                "BlogRenderer",
                renderer=renderer.role,
                function=renderer.function,
                distribution=self.site.distribution,
            )
        # "StateMachines", not "Workflows": that id is the `workflows` feature's (its functions).
        if "voice" in self.features:
            self.voice_relay = VoiceRelay(
                self,
                "VoiceRelay",
                functions={name: f.function for name, f in self.features["voice"].functions.items()},
            )
        self.agent_vectors = AgentVectors(self, "AgentVectors", functions=self.functions)
        self.workflows = Workflows(
            self, "StateMachines", functions={name: f.function for name, f in self.functions.items()}
        )
        CfnOutput(self, "SpaUrl", value=self.site.url, description="The web app (and the API, same origin)")
        CfnOutput(
            self, "HttpApiUrl", value=self.platform.http_api.api_endpoint, description="HTTP API origin"
        )
        CfnOutput(self, "WebSocketUrl", value=self.site.ws_url, description="What the SPA opens")
        CfnOutput(
            self,
            "WebSocketApiUrl",
            value=self.platform.ws_stage.url,
            description="WebSocket API stage origin",
        )
