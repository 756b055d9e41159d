"""Conversation exports: JSON, Markdown, HTML, text and PDF renderings of one document."""
