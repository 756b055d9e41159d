"""Catalogue of AI tools: searchable data, administrators' edits, favourites and reviews."""
