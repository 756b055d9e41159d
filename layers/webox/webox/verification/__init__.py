"""Cross-verification: a judge model compares the answers of a turn."""
