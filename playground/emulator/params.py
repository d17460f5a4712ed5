"""Bot API request parameters, as aiogram and other clients send them: query string, form,
multipart (values as text, objects as JSON text, files as parts) or a JSON body."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from playground.emulator.errors import BadRequest


@dataclass
class Upload:
    data: bytes
    file_name: str | None
    content_type: str | None


@dataclass
class Params:
    values: dict[str, Any]
    uploads: dict[str, Upload] = field(default_factory=dict)

    def raw(self, name: str) -> Any:
        return self.values.get(name)

    def has(self, name: str) -> bool:
        return self.values.get(name) not in (None, "")

    def text(self, name: str, *, required: bool = False) -> str | None:
        value = self.values.get(name)
        if value is None:
            if required:
                raise BadRequest(f"Bad Request: {name} is empty")
            return None
        return value if isinstance(value, str) else json.dumps(value)

    def integer(self, name: str, *, required: bool = False) -> int | None:
        value = self.values.get(name)
        if value in (None, ""):
            if required:
                raise BadRequest(f"Bad Request: {name} is empty")
            return None
        try:
            return int(value)
        except (TypeError, ValueError):
            raise BadRequest(f"Bad Request: invalid {name} specified") from None

    def number(self, name: str) -> float | None:
        value = self.values.get(name)
        try:
            return None if value in (None, "") else float(value)
        except (TypeError, ValueError):
            raise BadRequest(f"Bad Request: invalid {name} specified") from None

    def flag(self, name: str) -> bool:
        value = self.values.get(name)
        if isinstance(value, str):
            return value.lower() in ("true", "1")
        return bool(value)

    def obj(self, name: str) -> Any:
        value = self.values.get(name)
        if isinstance(value, str):
            try:
                return json.loads(value)
            except json.JSONDecodeError:
                raise BadRequest(f"Bad Request: can't parse {name} JSON object") from None
        return value

    def chat_id(self) -> int:
        value = self.values.get("chat_id")
        if value in (None, ""):
            raise BadRequest("Bad Request: chat_id is empty")
        try:
            return int(value)
        except (TypeError, ValueError):
            raise BadRequest("Bad Request: chat not found") from None
