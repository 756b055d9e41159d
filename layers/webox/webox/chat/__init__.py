"""Chat Multi-IA: conversations whose turns go to up to 12 models at once, streamed and cross-verified."""
