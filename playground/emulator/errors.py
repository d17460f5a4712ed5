"""Bot API errors with Telegram's codes and descriptions."""

from __future__ import annotations

from typing import Any


class BotApiError(Exception):
    def __init__(
        self, code: int, description: str, parameters: dict[str, Any] | None = None
    ) -> None:
        super().__init__(description)
        self.code = code
        self.description = description
        self.parameters = parameters

    def payload(self) -> dict[str, Any]:
        body: dict[str, Any] = {
            "ok": False,
            "error_code": self.code,
            "description": self.description,
        }
        if self.parameters:
            body["parameters"] = self.parameters
        return body


class BadRequest(BotApiError):
    def __init__(self, description: str) -> None:
        super().__init__(400, description)


class Forbidden(BotApiError):
    def __init__(self, description: str) -> None:
        super().__init__(403, description)


class TooManyRequests(BotApiError):
    def __init__(self, retry_after: int) -> None:
        super().__init__(
            429, f"Too Many Requests: retry after {retry_after}", {"retry_after": retry_after}
        )


BOT_BLOCKED = "Forbidden: bot was blocked by the user"
CANT_INITIATE = "Forbidden: bot can't initiate conversation with a user"
