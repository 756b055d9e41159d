"""The chat fan-out as a Step Functions Express workflow (Amazon States Language).

Map over the turn's models (up to 12 at once) → the `branch` step per model → the `merge` step.
A branch whose Lambda fails is caught, so the other models and the merge always run.
"""

from __future__ import annotations

from typing import Any

_TURN = {
    "user_id.$": "$.user_id",
    "conversation_id.$": "$.conversation_id",
    "turn.$": "$.turn",
    "request_id.$": "$.request_id",
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
                "Payload": {"step": "merge", "models.$": "$.models", **_TURN},
            },
            "OutputPath": "$.Payload",
            "Retry": _LAMBDA_RETRY,
            "End": True,
        },
    },
}
