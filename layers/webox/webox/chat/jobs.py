"""The chat fan-out as a Step Functions Express workflow (Amazon States Language), and its input.

Map over the turn's models (up to 12 at once) → the `branch` step per model → the `merge` step.
A branch whose Lambda fails is caught, so the other models and the merge always run.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Any

from webox.chat.schemas import TurnStarted


@dataclass(frozen=True)
class Opening:
    """A conversation's first message (or a new version of it) as its branches need it, so none
    reads it back on the way to the first token."""

    content: str
    params: dict[str, Any]  # the turn's `ChatParams`, without unset fields


@dataclass(frozen=True)
class Fanout:
    """The input of one turn's fan-out: the execution input on Step Functions, the same object
    when a turn runs in-process (REST). Internal: never sent to clients."""

    user_id: str
    conversation_id: str
    turn: int
    request_id: str
    models: list[str]
    # Whose key answers each model ("platform", "user", "simulated"): what a branch calls with and
    # what the merge bills to the plan.
    key_sources: dict[str, str]
    opening: Opening | None = None
    connections: list[str] | None = None  # the user's connections when the turn was announced

    def started(self) -> TurnStarted:
        """What the client is told (`chat.started`, the retry route's answer)."""
        return TurnStarted(
            request_id=self.request_id,
            conversation_id=self.conversation_id,
            turn=self.turn,
            models=self.models,
        )

    def payload(self) -> dict[str, Any]:
        """The JSON execution input (every key the definition reads is present, null or not)."""
        return dataclasses.asdict(self)

    @classmethod
    def from_payload(cls, event: dict[str, Any]) -> Fanout:
        """A step's view of the input (a merge step gets no opening nor connections)."""
        opening = event.get("opening")
        return cls(
            user_id=event["user_id"],
            conversation_id=event["conversation_id"],
            turn=int(event["turn"]),
            request_id=event["request_id"],
            models=list(event["models"]),
            key_sources=dict(event["key_sources"]),
            opening=Opening(content=opening["content"], params=dict(opening["params"])) if opening else None,
            connections=event.get("connections"),
        )


_TURN = {
    "user_id.$": "$.user_id",
    "conversation_id.$": "$.conversation_id",
    "turn.$": "$.turn",
    "request_id.$": "$.request_id",
    "models.$": "$.models",
    "key_sources.$": "$.key_sources",
}

_LAMBDA_RETRY = [
    {
        "ErrorEquals": [
            "Lambda.ServiceException",
            "Lambda.TooManyRequestsException",
            "Lambda.SdkClientException",
        ],
        "IntervalSeconds": 1,
        "MaxAttempts": 2,
        "BackoffRate": 2,
    }
]

FANOUT_DEFINITION: dict[str, Any] = {
    "Comment": "WeBox chat turn: every selected model answers concurrently, then the answers are cross-verified.",
    "StartAt": "Answer",
    "States": {
        "Answer": {
            "Type": "Map",
            "ItemsPath": "$.models",
            "MaxConcurrency": 12,
            "ItemSelector": {
                "step": "branch",
                "model.$": "$$.Map.Item.Value",
                "opening.$": "$.opening",
                "connections.$": "$.connections",
                **_TURN,
            },
            "ItemProcessor": {
                "ProcessorConfig": {"Mode": "INLINE"},
                "StartAt": "Branch",
                "States": {
                    "Branch": {
                        "Type": "Task",
                        "Resource": "arn:aws:states:::lambda:invoke",
                        "Parameters": {"FunctionName": "${chat-steps}", "Payload.$": "$"},
                        "OutputPath": "$.Payload",
                        "Retry": _LAMBDA_RETRY,
                        "Catch": [
                            {"ErrorEquals": ["States.ALL"], "ResultPath": "$.error", "Next": "BranchFailed"}
                        ],
                        "End": True,
                    },
                    "BranchFailed": {
                        "Type": "Pass",
                        "Parameters": {"model.$": "$.model", "status": "error"},
                        "End": True,
                    },
                },
            },
            "ResultPath": "$.answers",
            "Next": "Merge",
        },
        "Merge": {
            "Type": "Task",
            "Resource": "arn:aws:states:::lambda:invoke",
            "Parameters": {
                "FunctionName": "${chat-steps}",
                "Payload": {"step": "merge", **_TURN},
            },
            "OutputPath": "$.Payload",
            "Retry": _LAMBDA_RETRY,
            "End": True,
        },
    },
}
