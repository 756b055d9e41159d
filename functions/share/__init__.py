"""Share links and conversation exports."""
