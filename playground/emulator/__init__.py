"""A local Telegram Bot API for tests, the terminal chat and the web playground."""

from playground.emulator.core import DEFAULT_TOKEN
from playground.emulator.errors import BotApiError
from playground.emulator.limits import Fault, Limits
from playground.emulator.methods import Emulator
from playground.emulator.server import EmulatorServer, create_app
from playground.emulator.state import Chat, Message, User

__all__ = [
    "DEFAULT_TOKEN",
    "BotApiError",
    "Chat",
    "Emulator",
    "EmulatorServer",
    "Fault",
    "Limits",
    "Message",
    "User",
    "create_app",
]
