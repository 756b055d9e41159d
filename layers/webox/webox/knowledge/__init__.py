"""Knowledge bases: documents extracted, chunked, embedded and searched with citations."""
