"""The node types a workflow may use, and the engine step kinds they run as.

Each module below registers its node types and step kinds when imported; a new node type is one more
module named here (`blog` is no node type: the Output node's blog-draft destination).
"""

from __future__ import annotations

import importlib

from webox.workflows.nodes.base import KINDS, NODE_TYPES, NodeType

MODULES = (
    "basic",
    "prompt",
    "multi",
    "extract",
    "http",
    "condition",
    "foreach",
    "knowledge",
    "agent",
    "pipedream",
)

for _module in MODULES:
    importlib.import_module(f"webox.workflows.nodes.{_module}")

__all__ = ["KINDS", "NODE_TYPES", "NodeType"]
