"""Prompt workflows: versioned graphs of typed nodes, run on the task engine."""
