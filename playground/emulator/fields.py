"""Strict reading of control API requests: a JSON object with typed fields, or a 400 that
says which field is wrong (never a 500 from a missing key)."""

from __future__ import annotations

import base64
import binascii
import json
from typing import Any

from aiohttp import web

MAX_PHOTO_BYTES = 10 * 1024 * 1024  # Telegram's limit for a photo
_IMAGE_SIGNATURES = {
    b"\xff\xd8\xff": "image/jpeg",
    b"\x89PNG\r\n\x1a\n": "image/png",
    b"GIF87a": "image/gif",
    b"GIF89a": "image/gif",
}


class ControlError(web.HTTPException):
    """A refused control request: ``{"error": reason}`` with the given status."""

    def __init__(self, reason: str, status: int = 400) -> None:
        self.status_code = status
        super().__init__(
            text=json.dumps({"error": reason}, ensure_ascii=False),
            content_type="application/json",
        )


def dumps(payload: Any) -> str:
    return json.dumps(payload, ensure_ascii=False)


async def json_body(request: web.Request) -> dict[str, Any]:
    try:
        body = await request.json()
    except (json.JSONDecodeError, UnicodeDecodeError):
        raise ControlError("the body must be a JSON object") from None
    if not isinstance(body, dict):
        raise ControlError("the body must be a JSON object")
    return body


def integer(body: dict[str, Any], name: str, default: int | None = None) -> int:
    value = body.get(name)
    if value is None:
        if default is None:
            raise ControlError(f"{name} is required")
        return default
    if isinstance(value, bool) or not isinstance(value, int | str):
        raise ControlError(f"{name} must be an integer")
    try:
        return int(value)
    except ValueError:
        raise ControlError(f"{name} must be an integer") from None


def integer_list(body: dict[str, Any], name: str) -> list[int]:
    values = body.get(name, [])
    if not isinstance(values, list):
        raise ControlError(f"{name} must be a list of integers")
    return [integer({name: value}, name) for value in values]


def optional_integer(body: dict[str, Any], name: str) -> int | None:
    return None if body.get(name) is None else integer(body, name)


def number(body: dict[str, Any], name: str, limit: float) -> float:
    value = body.get(name)
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        raise ControlError(f"{name} must be a number")
    try:
        result = float(value)
    except ValueError:
        raise ControlError(f"{name} must be a number") from None
    if not -limit <= result <= limit:
        raise ControlError(f"{name} must be between {-limit:g} and {limit:g}")
    return result


def text(
    body: dict[str, Any], name: str, *, required: bool = False, limit: int = 4096
) -> str | None:
    value = body.get(name)
    if value is None:
        if required:
            raise ControlError(f"{name} is required")
        return None
    if not isinstance(value, str):
        raise ControlError(f"{name} must be a string")
    if required and not value.strip():
        raise ControlError(f"{name} must not be empty")
    if len(value) > limit:
        raise ControlError(f"{name} is longer than {limit} characters")
    return value


def choice(body: dict[str, Any], name: str, allowed: tuple[str, ...], default: str) -> str:
    value = body.get(name, default)
    if value not in allowed:
        raise ControlError(f"{name} must be one of: {', '.join(allowed)}")
    return str(value)


def image_type(data: bytes) -> str | None:
    for signature, mime_type in _IMAGE_SIGNATURES.items():
        if data.startswith(signature):
            return mime_type
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "image/webp"
    return None


def photo(body: dict[str, Any]) -> tuple[bytes, str] | None:
    """The photo in ``data`` (base64 of a JPEG, PNG, GIF or WebP file), or ``None``."""
    encoded = text(body, "data", limit=MAX_PHOTO_BYTES * 4 // 3 + 4)
    if encoded is None:
        return None
    try:
        data = base64.b64decode(encoded, validate=True)
    except (binascii.Error, ValueError):
        raise ControlError("data must be base64") from None
    if not data:
        raise ControlError("data must not be empty")
    if len(data) > MAX_PHOTO_BYTES:
        raise ControlError("the photo is larger than 10 MB")
    mime_type = image_type(data)
    if mime_type is None:
        raise ControlError("data is not a JPEG, PNG, GIF or WebP image")
    return data, mime_type
