"""A small client of the emulator's control API and Bot API, for tests."""

from __future__ import annotations

import json
from typing import Any

import aiohttp

from playground.emulator import DEFAULT_TOKEN


class Control:
    def __init__(self, http: aiohttp.ClientSession, url: str) -> None:
        self.http = http
        self.url = url

    async def call(self, method: str, path: str, body: Any = None) -> tuple[int, Any]:
        data = body if isinstance(body, str | bytes) else json.dumps(body)
        headers = {"Content-Type": "application/json"}
        kwargs: dict[str, Any] = {} if body is None else {"data": data, "headers": headers}
        async with self.http.request(method, self.url + path, **kwargs) as response:
            return response.status, await response.json(content_type=None)

    async def post(self, path: str, body: Any) -> tuple[int, Any]:
        return await self.call("POST", path, body)

    async def get(self, path: str) -> tuple[int, Any]:
        return await self.call("GET", path)

    async def bot(self, method: str, **params: Any) -> Any:
        async with self.http.post(f"{self.url}/bot{DEFAULT_TOKEN}/{method}", json=params) as r:
            payload = await r.json()
        assert payload["ok"], payload
        return payload["result"]
