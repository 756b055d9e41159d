"""AI agents: built-in specialists and one's own, their runs (alone or as a team) and their metrics."""
