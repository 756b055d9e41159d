"""The blog: editors write posts (with writing help from several models), publishing renders static
pages into the `site` bucket, signed-in users comment under moderation."""
