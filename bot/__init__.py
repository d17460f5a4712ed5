"""Kenes: the Telegram bot through which residents talk to their akimat."""

from bot.fastimport import defer_aiogram_models

__version__ = "0.1.0"

defer_aiogram_models()
