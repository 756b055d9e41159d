"""AI providers: the model registry, credentials (users' own keys, platform keys, simulated vendors),
and one streaming interface over every vendor's official SDK."""
