"""Usage: one record per model call and daily counters kept as they happen (no Scan to report)."""
