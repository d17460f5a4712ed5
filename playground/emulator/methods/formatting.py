"""How Telegram reads a message's text or caption: HTML parsed away, bot commands found,
then the visible text measured in UTF-16 code units against the limit."""

from __future__ import annotations

from typing import Any

from playground.emulator.errors import BadRequest
from playground.emulator.html import EntityParseError, parse_html, utf16_len, with_commands

MAX_TEXT = 4096
MAX_CAPTION = 1024


def format_text(
    text: str | None, parse_mode: str | None, limit: int, what: str
) -> tuple[str, list[dict[str, Any]]]:
    """The text a person sees and its entities, or Telegram's refusal."""
    if text is None or not text.strip():
        raise BadRequest(f"Bad Request: {what} is empty")
    if parse_mode is None or parse_mode == "":
        plain, entities = text, list[dict[str, Any]]()
    elif parse_mode.lower() == "html":
        try:
            plain, entities = parse_html(text)
        except EntityParseError as error:
            raise BadRequest(str(error)) from None
    else:
        raise BadRequest(f"Bad Request: unsupported parse_mode {parse_mode!r} in this emulator")
    if not plain.strip():
        raise BadRequest(f"Bad Request: {what} is empty")
    entities = with_commands(plain, entities)
    if utf16_len(plain) > limit:
        raise BadRequest(
            "Bad Request: message is too long"
            if what == "message text"
            else "Bad Request: message caption is too long"
        )
    return plain, entities
