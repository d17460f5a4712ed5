"""Outer middlewares, in the order an update meets them:
tracker → (FSM: the resident's lock and state) → state writes → database session → resident
→ locale → flood control; callback answers on callback queries."""

from bot.middlewares.callbacks import CallbackAnswerer
from bot.middlewares.database import DatabaseSession
from bot.middlewares.locale import LanguageMemory, ResidentLocale
from bot.middlewares.resident import ResidentLoader
from bot.middlewares.state_writes import StateWrites
from bot.middlewares.throttling import Throttle
from bot.middlewares.tracker import UpdateTracker

__all__ = [
    "CallbackAnswerer",
    "DatabaseSession",
    "LanguageMemory",
    "ResidentLoader",
    "ResidentLocale",
    "StateWrites",
    "Throttle",
    "UpdateTracker",
]
