"""Kenes: the Telegram bot through which residents talk to their akimat."""

__version__ = "0.1.0"
