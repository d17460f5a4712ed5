"""Deferred model building (bot/fastimport.py) leaves every aiogram type and method buildable."""

from __future__ import annotations

import pytest

from tests.unit.fresh_python import fresh_python

CHECK = """
import bot  # defers aiogram's models
import aiogram.methods as methods
from aiogram.methods.base import Response
import aiogram.types as types
from pydantic import BaseModel
assert not types.Update.__pydantic_complete__, "models were built at import"
assert not methods.SendMessage.__pydantic_complete__, "methods were built at import"
assert not methods.Close.__pydantic_complete__, "methods were built at import"
# First uses while everything is unbuilt: a generic response, and a method whose types
# name others only under TYPE_CHECKING.
polled = Response[list[types.Update]].model_validate({"ok": True, "result": [{
    "update_id": 1, "message": {"message_id": 1, "date": 0, "text": "x",
                                "chat": {"id": 1, "type": "private"}}}]})
assert polled.result[0].message.text == "x"
scope = types.BotCommandScopeChat(chat_id=1)
assert methods.SetMyCommands(commands=[], scope=scope).scope.chat_id == 1
broken = []
for module in (methods, types):  # methods first: their types are still unbuilt
    for name in module.__all__:
        model = getattr(module, name)
        if isinstance(model, type) and issubclass(model, BaseModel):
            try:
                model.model_rebuild(raise_errors=True)
            except Exception as error:
                broken.append(f"{name}: {error}")
commands = methods.SetMyCommands(commands=[types.BotCommand(command="start", description="x")])
assert commands.commands[0].command == "start"
update = types.Update.model_validate({
    "update_id": 1,
    "callback_query": {"id": "1", "chat_instance": "1", "data": "x",
                       "from": {"id": 1, "is_bot": False, "first_name": "A"}},
})
assert update.callback_query.from_user.first_name == "A"
print(len(broken), broken[:3])
"""


@pytest.mark.slow
def test_every_aiogram_type_builds_on_first_use() -> None:
    assert fresh_python(CHECK) == "0 []"


MIME_TYPES = """
import mimetypes
import bot
import aiohttp.web
from aiohttp.web_fileresponse import CONTENT_TYPES
served = [CONTENT_TYPES.guess_type("console" + ext)[0] for ext in (".css", ".js", ".html")]
print(mimetypes.knownfiles, served)
"""


def test_the_system_mime_types_are_not_read_and_the_consoles_files_have_their_types() -> None:
    assert fresh_python(MIME_TYPES) == ("[] ['text/css', 'application/javascript', 'text/html']")
