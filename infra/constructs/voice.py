"""The voice feature's specifics: Twilio ConversationRelay's WebSocket API (route selection on the
message's `type`), its routes to the relay function, the function's right to post on it, and the
relay's URLs in the voice functions' environment."""

from __future__ import annotations

import json

from aws_cdk import Stack
from aws_cdk import aws_apigateway as apigw
from aws_cdk import aws_apigatewayv2 as apigwv2
from aws_cdk import aws_apigatewayv2_integrations as integrations
from aws_cdk import aws_iam as iam
from aws_cdk import aws_lambda as lambda_
from aws_cdk import aws_logs as logs
from constructs import Construct
from webox import manifest

from infra.constructs.nag import acknowledge, acknowledge_wildcard
from infra.constructs.names import resource_name
from infra.constructs.platform import LOG_RETENTION, _AccessLogSettings

RELAY_STAGE = "relay"
_ACCESS_LOG = {
    "requestId": "$context.requestId",
    "time": "$context.requestTime",
    "eventType": "$context.eventType",
    "routeKey": "$context.routeKey",
    "connectionId": "$context.connectionId",
    "status": "$context.status",
    "integrationError": "$context.integrationErrorMessage",
}


class VoiceRelay(Construct):
    """`wss://<api>/relay`: Twilio opens it from `<ConversationRelay url>`; `$connect` checks the
    `X-Twilio-Signature` of the upgrade in the function."""

    def __init__(
        self, scope: Construct, construct_id: str, *, functions: dict[str, lambda_.Function]
    ) -> None:
        super().__init__(scope, construct_id)
        self.api = apigwv2.WebSocketApi(
            self,
            "Api",
            api_name=resource_name("voice-relay"),
            route_selection_expression="$request.body.type",
        )
        group = logs.LogGroup(self, "AccessLogs", retention=LOG_RETENTION)
        self.stage = apigwv2.WebSocketStage(
            self,
            "Stage",
            web_socket_api=self.api,
            stage_name=RELAY_STAGE,
            auto_deploy=True,
            access_log_settings=_AccessLogSettings(
                destination=apigwv2.LogGroupLogDestination(group),
                format=apigw.AccessLogFormat.custom(json.dumps(_ACCESS_LOG, separators=(",", ":"))),
            ),
        )
        acknowledge(
            self.api,
            "AwsSolutions-APIG4",
            "Twilio authenticates with X-Twilio-Signature, which the `$connect` function verifies "
            "(RequestValidator over the public URL); IAM or Cognito authorisers cannot check it.",
        )
        relay_spec = manifest.function("voice-relay")
        relay = functions[relay_spec.name]
        integration = integrations.WebSocketLambdaIntegration("Relay", relay)
        for route in relay_spec.ws_routes:
            self.api.add_route(route, integration=integration)
        connections = Stack.of(self).format_arn(
            service="execute-api",
            resource=self.api.api_id,
            resource_name=f"{RELAY_STAGE}/POST/@connections/*",
        )
        relay.add_to_role_policy(
            iam.PolicyStatement(actions=["execute-api:ManageConnections"], resources=[connections])
        )
        acknowledge_wildcard(
            relay.role,  # type: ignore[arg-type]
            connections,
            "Connection ids are made by API Gateway at run time; POST on the relay API's stage only.",
        )
        public_url = (
            f"wss://{self.api.api_id}.execute-api.{Stack.of(self).region}.amazonaws.com/{RELAY_STAGE}"
        )
        for function in functions.values():
            function.add_environment("WEBOX_VOICE_RELAY_URL", public_url)
            function.add_environment("WEBOX_VOICE_RELAY_ENDPOINT", self.stage.callback_url)
