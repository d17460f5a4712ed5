"""The web playground: a Telegram-like chat page served by the emulator's app."""
