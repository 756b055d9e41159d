"""The dashboard: usage statistics from pre-aggregated counters, and one history timeline."""
