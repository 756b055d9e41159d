"""The OpenAI-compatible gateway: any OpenAI client reaches every WeBox model with a WeBox API token."""
