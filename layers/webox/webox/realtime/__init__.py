"""Realtime: the WebSocket connections of signed-in users and pushing events to them."""
