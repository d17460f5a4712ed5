"""The akimat's console: staff work the queue of needs in a browser, on the same services
as the bot (docs/console.md). Served by ``kenes run`` in the bot's process."""

from console.app import Console, create_console_app, mount

__all__ = ["Console", "create_console_app", "mount"]
