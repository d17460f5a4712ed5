"""Kenes: the Telegram bot through which residents talk to their akimat."""

from bot.bytecode import compile_without_docstrings

compile_without_docstrings()  # first: before the libraries are imported

from bot.fastimport import defer_aiogram_models, defer_aiohttp_certificates  # noqa: E402

__version__ = "0.1.0"

defer_aiohttp_certificates()
defer_aiogram_models()
