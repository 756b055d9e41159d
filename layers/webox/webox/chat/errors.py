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


class InvalidEdit(Invalid):
    code, title = "invalid_edit", "Only a message of this conversation can be edited"


class InvalidSearch(Invalid):
    code, title = "invalid_search", "Search for at least one word"


class TooManyPins(Conflict):
    code, title = "too_many_pins", "Too many pinned conversations"


class AttachmentUnreadable(Invalid):
    code, title = "attachment_unreadable", "No text could be read from this attachment"


class ImageUnsupported(Invalid):
    code, title = "image_unsupported", "This model does not read images"
