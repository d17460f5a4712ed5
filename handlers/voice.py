"""A voice message in place of typed text (a need's description, a hearing question): which
is taken, and what a resident is told when it is too long or is not a voice message."""

from __future__ import annotations

from aiogram import F
from aiogram.types import Message
from aiogram.utils.i18n import gettext as _

from services.voice import MAX_VOICE_SECONDS, Voice, VoiceProblem, check_voice, minutes_seconds

# What a resident may send meaning "listen to me": each is answered, none is "unexpected".
SPOKEN = F.voice | F.video_note | F.audio


def taken_voice(message: Message) -> Voice | VoiceProblem:
    """The voice message to keep, or why it is not taken (only for :data:`SPOKEN`)."""
    if message.voice is not None:
        voice = message.voice
        problem = check_voice(voice.duration)
        if problem is not None:
            return problem
        return Voice(voice.file_id, voice.file_unique_id, voice.duration)
    if message.video_note is not None:
        return VoiceProblem.VIDEO_NOTE
    return VoiceProblem.AUDIO


def voice_problem(problem: VoiceProblem, message: Message) -> str:
    """What to say; the draft or the question being written stays as it was."""
    if problem == VoiceProblem.TOO_LONG:
        return _(
            "This voice message is too long. Its length: {duration}; at most {limit} are "
            "accepted. Please record a shorter one, or type your text. Nothing you entered "
            "before is lost."
        ).format(
            duration=minutes_seconds(message.voice.duration if message.voice else 0),
            limit=minutes_seconds(MAX_VOICE_SECONDS),
        )
    if problem == VoiceProblem.VIDEO_NOTE:
        return _(
            "Video messages are not accepted here, only voice messages. Please hold the "
            "microphone button to record a voice message of up to {limit}, or type your text. "
            "Nothing you entered before is lost."
        ).format(limit=minutes_seconds(MAX_VOICE_SECONDS))
    return _(
        "This is an audio file, not a voice message. Please hold the microphone button to "
        "record a voice message of up to {limit}, or type your text. Nothing you entered "
        "before is lost."
    ).format(limit=minutes_seconds(MAX_VOICE_SECONDS))
