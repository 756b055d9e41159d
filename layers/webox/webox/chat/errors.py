"""Chat errors (stable codes the SPA translates)."""

from __future__ import annotations

from webox.errors import Conflict, Invalid, NotFound


class ConversationNotFound(NotFound):
    code, title = "conversation_not_found", "Conversation not found"


class TurnNotFound(NotFound):
    code, title = "turn_not_found", "Turn not found"


class ModelsUnavailable(Conflict):
    code, title = "model_unavailable", "Model unavailable"


class InvalidPick(Invalid):
    code, title = "invalid_pick", "That answer cannot be picked"


class TurnConflict(Conflict):
    code, title = "turn_conflict", "Another turn is being stored"
