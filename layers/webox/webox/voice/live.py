"""The live view of calls in progress: every state change of a call is pushed to its owner's open
tabs as a typed `voice.*` frame of the socket protocol (`webox.realtime.protocol`)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from webox.logging import get_logger
from webox.realtime import service as realtime_service
from webox.voice.models import VoiceCall

if TYPE_CHECKING:
    from webox.realtime.protocol import Frame

logger = get_logger()


def _push(user_id: str, frame: Frame) -> None:
    # The live view is a convenience: a failed push never fails the call (the history has it all).
    try:
        realtime_service.send_to_user(user_id, frame)
    except Exception:
        logger.warning("voice frame not pushed", extra={"type": frame.payload().get("type")})


def started(call: VoiceCall) -> None:
    """A call began."""
    # imported here (and below): the socket protocol's schemas are large, and most requests of the
    # voice API push no frame
    from webox.realtime.protocol import VoiceCallStarted

    _push(
        call.user_id,
        VoiceCallStarted(
            call_id=call.call_id,
            direction="outbound" if call.direction == "outbound" else "inbound",
            from_number=call.from_number,
            to_number=call.to_number,
            persona_id=call.persona_id,
            status=call.status,
            started_at=call.started_at,
        ),
    )


def turn(call: VoiceCall, n: int, role: str, text: str) -> None:
    """The caller spoke or pressed a key, or the assistant finished answering."""
    from webox.realtime.protocol import VoiceTurn

    kind = role if role in ("caller", "assistant", "dtmf") else "assistant"
    _push(call.user_id, VoiceTurn(call_id=call.call_id, n=n, role=kind, text=text))  # type: ignore[arg-type]


def interrupted(call: VoiceCall, n: int, heard: str) -> None:
    """The caller interrupted answer `n`."""
    from webox.realtime.protocol import VoiceInterrupted

    _push(call.user_id, VoiceInterrupted(call_id=call.call_id, n=n, heard=heard))


def ended(call: VoiceCall, status: str, end_reason: str | None) -> None:
    """The call is over."""
    from webox.realtime.protocol import VoiceCallEnded

    _push(call.user_id, VoiceCallEnded(call_id=call.call_id, status=status, end_reason=end_reason))
