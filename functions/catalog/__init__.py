"""Catalogue of AI tools: public search, favourites, reviews, administrators' edits."""
