"""The WeBox stack's constructs: shared platform pieces and what the manifest's features need."""
