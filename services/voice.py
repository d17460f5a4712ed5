"""Voice messages residents send instead of typing: which are taken (a voice message of at
most two minutes), and what Kenes keeps of one (Telegram's references and its length; the
audio itself stays in Telegram)."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Any

MAX_VOICE_SECONDS = 120


class VoiceProblem(StrEnum):
    TOO_LONG = "too_long"
    VIDEO_NOTE = "video_note"  # a round video message
    AUDIO = "audio"  # an audio file (music, a recording shared as a file)


@dataclass(frozen=True)
class Voice:
    file_id: str
    file_unique_id: str
    duration: int  # whole seconds

    def to_draft(self) -> dict[str, Any]:
        """As kept in a draft (FSM storage is JSON)."""
        return {
            "file_id": self.file_id,
            "file_unique_id": self.file_unique_id,
            "duration": self.duration,
        }

    @classmethod
    def from_draft(cls, data: dict[str, Any] | None) -> Voice | None:
        if not data:
            return None
        return cls(str(data["file_id"]), str(data["file_unique_id"]), int(data["duration"]))


def check_voice(duration: int) -> VoiceProblem | None:
    return VoiceProblem.TOO_LONG if duration > MAX_VOICE_SECONDS else None


def minutes_seconds(seconds: int) -> str:
    """A duration as people read it on a voice message: ``0:42``, ``2:05``, ``12:00``."""
    minutes, rest = divmod(max(0, seconds), 60)
    return f"{minutes}:{rest:02d}"
