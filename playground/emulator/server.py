"""The emulator over HTTP: the Bot API (``/bot<token>/<method>``, ``/file/bot<token>/<path>``)
and a control API (``/_emulator/...``) through which tests and the playground act as people."""

from __future__ import annotations

import json
import logging
from typing import Any

from aiohttp import BodyPartReader, web

from playground.emulator import control, observe
from playground.emulator.errors import BotApiError
from playground.emulator.methods import Emulator
from playground.emulator.params import Params, Upload

logger = logging.getLogger(__name__)
EMULATOR_KEY = web.AppKey("emulator", Emulator)


async def _read_params(request: web.Request) -> Params:
    values: dict[str, Any] = dict(request.query)
    uploads: dict[str, Upload] = {}
    if request.content_type == "multipart/form-data":
        reader = await request.multipart()
        async for part in reader:
            if not isinstance(part, BodyPartReader) or part.name is None:
                continue
            if part.filename is not None:
                uploads[part.name] = Upload(
                    await part.read(), part.filename, part.headers.get("Content-Type")
                )
            else:
                values[part.name] = await part.text()
    elif request.content_type == "application/json":
        body = await request.read()
        if body:
            try:
                values.update(json.loads(body))
            except json.JSONDecodeError:
                raise BotApiError(400, "Bad Request: can't parse JSON body") from None
    elif request.can_read_body:
        values.update(await request.post())
    return Params(values, uploads)


def _reply(payload: dict[str, Any], status: int = 200) -> web.Response:
    return web.json_response(
        payload, status=status, dumps=lambda o: json.dumps(o, ensure_ascii=False)
    )


async def bot_api(request: web.Request) -> web.Response:
    emulator = request.app[EMULATOR_KEY]
    if request.match_info["token"] != emulator.token:
        return _reply({"ok": False, "error_code": 401, "description": "Unauthorized"}, 401)
    try:
        params = await _read_params(request)
        result = await emulator.call(request.match_info["method"], params)
    except BotApiError as error:
        return _reply(error.payload(), error.code)
    return _reply({"ok": True, "result": result})


async def download(request: web.Request) -> web.StreamResponse:
    emulator = request.app[EMULATOR_KEY]
    if request.match_info["token"] != emulator.token:
        return _reply({"ok": False, "error_code": 401, "description": "Unauthorized"}, 401)
    stored = emulator.file_by_path(request.match_info["path"])
    if stored is None:
        return _reply({"ok": False, "error_code": 404, "description": "Not Found"}, 404)
    return web.Response(
        body=stored.data, content_type=stored.mime_type or "application/octet-stream"
    )


def create_app(emulator: Emulator) -> web.Application:
    app = web.Application(client_max_size=64 * 1024 * 1024)
    app[EMULATOR_KEY] = emulator
    app.router.add_route("*", "/bot{token}/{method}", bot_api)
    app.router.add_get("/file/bot{token}/{path:.+}", download)
    app.add_routes(control.routes)
    app.add_routes(observe.routes)
    return app


class EmulatorServer:
    """Runs the emulator's HTTP app on a port of this machine (0: any free port); ``app``,
    when given, is that app with more routes (the web playground's)."""

    def __init__(
        self,
        emulator: Emulator,
        host: str = "127.0.0.1",
        port: int = 0,
        *,
        app: web.Application | None = None,
    ) -> None:
        self.emulator = emulator
        self.host = host
        self.port = port
        self.app = app if app is not None else create_app(emulator)
        self._runner: web.AppRunner | None = None

    @property
    def url(self) -> str:
        return f"http://{self.host}:{self.port}"

    async def start(self) -> str:
        self.emulator.reopen()  # a server started again on the same emulator
        self._runner = web.AppRunner(self.app, access_log=None, shutdown_timeout=2.0)
        await self._runner.setup()
        await web.TCPSite(self._runner, self.host, self.port).start()
        self.port = self._runner.addresses[0][1]
        return self.url

    async def stop(self) -> None:
        self.emulator.delete_webhook()
        self.emulator.wake_pollers()
        self.emulator.emit("closing")  # ends the live event streams
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None
