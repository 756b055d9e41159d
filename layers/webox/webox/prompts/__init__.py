"""Prompt library: built-in prompts (data), users' own with versions, share links and the marketplace."""
