"""The dashboard: usage statistics, history timeline, account settings, own keys, export and deletion."""
