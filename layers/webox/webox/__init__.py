"""WeBox shared package: the platform pieces every Lambda uses, one sub-package per feature."""
