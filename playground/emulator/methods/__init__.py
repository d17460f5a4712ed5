"""The Bot API methods Kenes uses, answered the way Telegram answers them: the
:class:`Emulator` (``emulator.py``) and the methods it serves, one module per kind, each
registered by importing it here."""

from playground.emulator.methods import bot, editing, members, sending, updates
from playground.emulator.methods.emulator import Emulator
from playground.emulator.methods.registry import METHODS, method

__all__ = ["METHODS", "Emulator", "bot", "editing", "members", "method", "sending", "updates"]
