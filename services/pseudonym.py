"""Keyed pseudonyms of Telegram ids: HMAC-SHA256 with ``KENES_PSEUDONYM_KEY``.

Kenes keeps a pseudonym, never the id, of a resident who erased their data (the memory abuse
control needs, ``services.erasure``) and of anyone but staff in the audit log. Without the
key nobody can tell whose pseudonym it is: Telegram ids are few enough to try them all, so
the key never lives in the database. Webhook deployments must set it (start-up refuses
otherwise); the embedded default generates one into the data folder once and reuses it.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import os
import secrets
from pathlib import Path

from sqlalchemy.engine import make_url

from bot.settings import Settings

logger = logging.getLogger(__name__)
KEY_FILE = "pseudonym.key"


class _Key:
    value: bytes | None = None


_KEY = _Key()


def key_file(settings: Settings) -> Path:
    """Where the generated key is kept: next to the SQLite database, or in ``data/``."""
    url = make_url(settings.database_url)
    if url.get_backend_name() == "sqlite" and url.database and url.database != ":memory:":
        return Path(url.database).parent / KEY_FILE
    return Path("data") / KEY_FILE


def load_key(settings: Settings) -> bytes:
    """The configured key, or the generated one (made on first use, readable by Kenes only)."""
    if settings.pseudonym_key is not None:
        return settings.pseudonym_key.get_secret_value().encode()
    path = key_file(settings)
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        draft = path.with_name(f".{KEY_FILE}.{os.getpid()}")
        descriptor = os.open(draft, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(descriptor, "w") as file:
            file.write(secrets.token_hex(32))
        try:  # whole or not at all; another process that made it first wins
            os.link(draft, path)
            logger.info("generated the pseudonym key in %s", path)
        except FileExistsError:
            pass
        finally:
            draft.unlink()
    return path.read_text().strip().encode()


def configure(settings: Settings) -> None:
    """Load the key (``bot.app.build`` calls this before any update is handled)."""
    use_key(load_key(settings))


def use_key(key: bytes) -> None:
    _KEY.value = key


def of(telegram_id: int) -> str:
    """The pseudonym of a Telegram id: 64 hexadecimal characters."""
    if _KEY.value is None:
        raise RuntimeError("services.pseudonym.configure was not called")
    return hmac.new(_KEY.value, str(telegram_id).encode(), hashlib.sha256).hexdigest()
