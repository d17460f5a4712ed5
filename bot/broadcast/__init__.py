"""The broadcaster: one message to many residents, each in their language, within
Telegram's rate limits, resumable after a restart without doubles or gaps.

- :mod:`~bot.broadcast.renderers`: features register what a broadcast of their kind says;
- :mod:`~bot.broadcast.broadcaster`: starts, resumes and stops runs (``broadcaster`` in
  handler data);
- :mod:`~bot.broadcast.run`, :mod:`~bot.broadcast.delivery`: sending and recording;
- :mod:`~bot.broadcast.limiter`, :mod:`~bot.broadcast.redis_limiter`: the rate limits;
- :mod:`~bot.broadcast.progress`: the progress message for moderators.
"""

from bot.broadcast.broadcaster import Broadcaster, create_broadcaster
from bot.broadcast.renderers import Recipient, Rendered, Renderer, register_renderer, renderer

__all__ = [
    "Broadcaster",
    "Recipient",
    "Rendered",
    "Renderer",
    "create_broadcaster",
    "register_renderer",
    "renderer",
]
