"""Kenes: the Telegram bot through which residents talk to their akimat."""

from bot.bytecode import compile_without_docstrings

compile_without_docstrings()  # first: before the libraries are imported

from bot.fastimport import (  # noqa: E402
    defer_aiogram_models,
    defer_aiohttp_certificates,
    skip_system_mime_types,
)

__version__ = "0.1.0"

skip_system_mime_types()
defer_aiohttp_certificates()
defer_aiogram_models()
