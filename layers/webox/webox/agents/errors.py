"""Agent errors (stable codes the SPA translates)."""

from __future__ import annotations

from webox.errors import Conflict, Invalid, NotFound, UpstreamError, WeboxError


class AgentNotFound(NotFound):
    code, title = "agent_not_found", "Agent not found"


class RunNotFound(NotFound):
    code, title = "agent_run_not_found", "Run not found"


class BuiltinReadOnly(Conflict):
    code, title = "agent_builtin_read_only", "A built-in agent cannot be changed: duplicate it"


class AgentLimitReached(Conflict):
    code, title = "agent_limit", "You have reached the number of agents you may have"


class UnknownModel(Invalid):
    code, title = "agent_unknown_model", "This model is not in the registry"


class UnknownTool(Invalid):
    code, title = "agent_unknown_tool", "Unknown tool"


class InvalidPlan(Invalid):
    code, title = "agent_invalid_plan", "This plan cannot run"


class RunNotDraft(Conflict):
    code, title = "agent_run_not_draft", "This run's plan was already approved"


class UnknownPeriod(Invalid):
    code, title = "agent_metrics_period", "Metrics cover 7, 30 or 90 days"


class McpServerNotFound(NotFound):
    code, title = "agent_mcp_server_not_found", "MCP server not found"


class McpServerLimit(Conflict):
    code, title = "agent_mcp_server_limit", "This agent has as many MCP servers as it may have"


class McpServerUnreachable(WeboxError):
    status, code, title = 502, "mcp_server_unreachable", "The MCP server could not be reached"


class McpToolNotListed(Invalid):
    code, title = "agent_mcp_tool_not_listed", "The MCP server lists no such tool"


class NotAToolCall(NotFound):
    code, title = "agent_tool_call_not_found", "No tool call of this run waits for a decision"


class InvalidToolArguments(Invalid):
    code, title = "agent_invalid_tool_arguments", "Invalid arguments for this tool"


class ModelAnswerFailed(UpstreamError):
    code, title = "agent_model_failed", "The model did not answer"
