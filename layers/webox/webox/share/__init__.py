"""Share links: read-only public or private links to a conversation (media later), with statistics."""
