"""Accounts and security: sign-in, sessions, tokens, 2FA, OAuth, roles and the dependencies every API uses."""
