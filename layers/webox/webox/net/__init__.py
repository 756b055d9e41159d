"""Outbound HTTP on behalf of users (tools, workflow nodes, MCP servers, outgoing webhooks)."""
