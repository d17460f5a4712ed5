"""The metrics hooks features report through, and what counts as "a store is unavailable"."""

from __future__ import annotations

from aiogram.exceptions import TelegramNetworkError
from aiogram.methods import SendMessage
from redis.exceptions import ConnectionError as RedisConnectionError
from sqlalchemy.exc import IntegrityError, OperationalError

from bot.failures import is_storage_unavailable
from bot.metrics import Metrics, error_kind


def test_broadcast_and_export_hooks_appear_in_the_exposition() -> None:
    metrics = Metrics()

    metrics.broadcast_progress(sent=3, blocked=1, pending=5)
    metrics.broadcast_progress(sent=2, failed=1, pending=2)
    metrics.export_run(succeeded=True)
    metrics.export_run(succeeded=False)
    page = metrics.render().decode()

    assert 'kenes_broadcast_messages_total{result="sent"} 5.0' in page
    assert 'kenes_broadcast_messages_total{result="blocked"} 1.0' in page
    assert 'kenes_broadcast_messages_total{result="failed"} 1.0' in page
    assert "kenes_broadcast_pending 2.0" in page
    assert 'kenes_export_runs_total{result="done"} 1.0' in page
    assert 'kenes_export_runs_total{result="failed"} 1.0' in page
    assert "kenes_export_last_success_timestamp_seconds 0.0" not in page


def _raised(error: BaseException, cause: BaseException) -> BaseException:
    try:
        raise error from cause
    except BaseException as raised:
        return raised


def test_unreachable_stores_are_recognised_through_the_exception_chain() -> None:
    refused = _raised(OperationalError("SELECT 1", {}, Exception()), ConnectionRefusedError())
    wrapped = _raised(RuntimeError("handler failed"), RedisConnectionError("down"))
    telegram_timeout = _raised(
        TelegramNetworkError(SendMessage(chat_id=1, text="x"), "timeout"), TimeoutError()
    )
    duplicate = IntegrityError("INSERT", {}, Exception("unique"))

    assert [is_storage_unavailable(e) for e in (refused, wrapped)] == [True, True]
    assert is_storage_unavailable(telegram_timeout) is False
    assert is_storage_unavailable(duplicate) is False
    assert [error_kind(e) for e in (refused, telegram_timeout, duplicate)] == [
        "storage",
        "telegram",
        "other",
    ]
