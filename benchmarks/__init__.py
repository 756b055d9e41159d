"""Performance measurements (`make bench`): each prints its reference, measured in the same run."""
