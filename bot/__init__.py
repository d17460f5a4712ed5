"""Kenes: the Telegram bot through which residents talk to their akimat."""

from bot.fastimport import defer_aiogram_models, defer_aiohttp_certificates

__version__ = "0.1.0"

defer_aiohttp_certificates()
defer_aiogram_models()
