"""Validation of reply markup the way Telegram refuses it (button data, URLs, sizes)."""

from __future__ import annotations

import re
from typing import Any

from playground.emulator.errors import BadRequest

MAX_BUTTONS = 100
MAX_ROW = 8
_ACTIONS = {
    "callback_data",
    "url",
    "switch_inline_query",
    "switch_inline_query_current_chat",
    "switch_inline_query_chosen_chat",
    "web_app",
    "login_url",
    "pay",
    "callback_game",
    "copy_text",
}
_URL = re.compile(r"^(https?|tg)://[^\s]+$")


def _rows(markup: dict[str, Any], key: str) -> list[list[Any]]:
    rows = markup.get(key)
    if not isinstance(rows, list) or not all(isinstance(row, list) for row in rows):
        raise BadRequest(f'Bad Request: field "{key}" must be an Array of Array')
    buttons = sum(len(row) for row in rows)
    if buttons > MAX_BUTTONS:
        raise BadRequest("Bad Request: reply markup is too long")
    return rows


def _inline_button(button: Any) -> None:
    if not isinstance(button, dict) or not isinstance(button.get("text"), str):
        raise BadRequest(
            'Bad Request: can\'t parse inline keyboard button: Field "text" must be of type String'
        )
    if not button["text"].strip():
        raise BadRequest("Bad Request: BUTTON_TEXT_EMPTY")
    actions = _ACTIONS & button.keys()
    if len(actions) != 1:
        raise BadRequest(
            "Bad Request: can't parse inline keyboard button: Text buttons are "
            "unallowed in the inline keyboard"
        )
    if "callback_data" in button:
        data = button["callback_data"]
        if not isinstance(data, str) or not 1 <= len(data.encode()) <= 64:
            raise BadRequest("Bad Request: BUTTON_DATA_INVALID")
    if "url" in button and not _URL.match(str(button["url"])):
        raise BadRequest(f"Bad Request: inline keyboard button URL '{button['url']}' is invalid")


def _reply_button(button: Any, private: bool) -> None:
    if isinstance(button, str):
        button = {"text": button}
    if not isinstance(button, dict) or not str(button.get("text", "")).strip():
        raise BadRequest("Bad Request: BUTTON_TEXT_EMPTY")
    if not private and (button.get("request_location") or button.get("request_contact")):
        raise BadRequest(
            "Bad Request: location and contact request buttons work in private chats only"
        )


def validate_markup(markup: Any, *, private: bool, edit: bool = False) -> dict[str, Any] | None:
    """Check ``reply_markup`` as Telegram would; return it parsed, or ``None``."""
    if markup is None:
        return None
    if not isinstance(markup, dict):
        raise BadRequest("Bad Request: can't parse reply keyboard markup JSON object")
    if "inline_keyboard" in markup:
        for row in _rows(markup, "inline_keyboard"):
            if len(row) > MAX_ROW:
                raise BadRequest("Bad Request: too many buttons in a row")
            for button in row:
                _inline_button(button)
        return markup
    if edit:
        raise BadRequest("Bad Request: only inline keyboards can be used when editing")
    if "keyboard" in markup:
        for row in _rows(markup, "keyboard"):
            for button in row:
                _reply_button(button, private)
        return markup
    if markup.get("force_reply") is True:
        placeholder = markup.get("input_field_placeholder")
        if placeholder is not None and not 1 <= len(str(placeholder)) <= 64:
            raise BadRequest("Bad Request: input field placeholder must be 1-64 characters")
        return markup
    if markup.get("remove_keyboard") is True:
        return markup
    raise BadRequest("Bad Request: can't parse reply keyboard markup JSON object")
