"""Kenes: the Telegram bot through which residents talk to their akimat."""

from bot.fastimport import (
    compile_without_docstrings,
    defer_aiogram_models,
    defer_aiohttp_certificates,
)

__version__ = "0.1.0"

compile_without_docstrings()  # first: before the libraries are imported
defer_aiohttp_certificates()
defer_aiogram_models()
