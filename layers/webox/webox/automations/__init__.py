"""Automations: Pipedream Connect accounts, actions and triggers, outgoing webhooks, schedules."""
