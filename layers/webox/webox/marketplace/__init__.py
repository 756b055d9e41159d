"""One marketplace mechanism for the features that publish items (prompts, workflows): listing and
unlisting, ratings, reports, the moderation queue and counters (uses, runs, forks)."""
