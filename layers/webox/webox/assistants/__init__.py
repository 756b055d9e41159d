"""Assistants: the built-in ones (data) and each user's own, applied to chat turns."""
