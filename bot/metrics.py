"""Prometheus metrics of one Kenes process, served at ``/metrics``.

``prometheus_client`` renders the text format (histogram buckets, escaping, ``_created``
series) the way Prometheus expects it, which is easy to get subtly wrong by hand. Each
:class:`Metrics` has its own registry, so several Kenes built in one process (tests, the
playground) never collide. Features report through the hooks here: ``broadcast_progress`` for
the broadcaster, ``export_run`` for the exporter; the dispatcher middleware
:class:`UpdateMetrics` counts updates, their latency and their errors.
"""

from __future__ import annotations

import time
from collections.abc import Awaitable, Callable
from typing import Any

from aiogram import BaseMiddleware
from aiogram.exceptions import TelegramAPIError
from aiogram.types import TelegramObject, Update
from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram, generate_latest
from prometheus_client.exposition import CONTENT_TYPE_LATEST

from bot.failures import is_storage_unavailable

CONTENT_TYPE = CONTENT_TYPE_LATEST
LATENCY_BUCKETS = (0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0, 60.0)


class Metrics:
    def __init__(self) -> None:
        self.registry = CollectorRegistry(auto_describe=True)
        r = self.registry
        self.updates = Counter("kenes_updates", "Updates received, by type", ["type"], registry=r)
        self.in_flight = Gauge("kenes_updates_in_flight", "Updates being handled", registry=r)
        self.latency = Histogram(
            "kenes_update_handling_seconds",
            "Time from receiving an update to finishing with it, by type",
            ["type"],
            buckets=LATENCY_BUCKETS,
            registry=r,
        )
        self.errors = Counter(
            "kenes_update_errors",
            "Updates whose handling raised, by kind (storage, telegram, other)",
            ["kind"],
            registry=r,
        )
        self.webhook = Counter(
            "kenes_webhook_requests",
            "Webhook requests by outcome (handled, duplicate, busy, unauthorized, "
            "bad_request, unchecked, draining)",
            ["outcome"],
            registry=r,
        )
        self.telegram_retries = Counter(
            "kenes_telegram_retries",
            "Bot API calls retried, by reason (flood, server, network)",
            ["reason"],
            registry=r,
        )
        self.leader = Gauge(
            "kenes_leader", "1 while this instance runs the scheduled jobs", registry=r
        )
        self.broadcast_messages = Counter(
            "kenes_broadcast_messages",
            "Broadcast deliveries by result (sent, failed, blocked)",
            ["result"],
            registry=r,
        )
        self.broadcast_pending = Gauge(
            "kenes_broadcast_pending", "Broadcast deliveries still to send", registry=r
        )
        self.export_runs = Counter(
            "kenes_export_runs", "Export runs by result (done, failed)", ["result"], registry=r
        )
        self.export_last_success = Gauge(
            "kenes_export_last_success_timestamp_seconds",
            "When an export last finished successfully (Unix time)",
            registry=r,
        )

    # -- hooks for features ----------------------------------------------------------------
    def broadcast_progress(
        self, *, sent: int = 0, failed: int = 0, blocked: int = 0, pending: int | None = None
    ) -> None:
        """The broadcaster reports each batch: deliveries done since the last call, and
        (when known) how many are left."""
        for result, count in (("sent", sent), ("failed", failed), ("blocked", blocked)):
            if count:
                self.broadcast_messages.labels(result).inc(count)
        if pending is not None:
            self.broadcast_pending.set(pending)

    def export_run(self, *, succeeded: bool) -> None:
        self.export_runs.labels("done" if succeeded else "failed").inc()
        if succeeded:
            self.export_last_success.set_to_current_time()

    def render(self) -> bytes:
        return generate_latest(self.registry)


def error_kind(error: BaseException) -> str:
    if is_storage_unavailable(error):
        return "storage"
    if isinstance(error, TelegramAPIError):
        return "telegram"
    return "other"


class UpdateMetrics(BaseMiddleware):
    """Counts each update when it arrives and times it until it is done (errors included)."""

    def __init__(self, metrics: Metrics) -> None:
        self.metrics = metrics

    async def __call__(
        self,
        handler: Callable[[TelegramObject, dict[str, Any]], Awaitable[Any]],
        event: TelegramObject,
        data: dict[str, Any],
    ) -> Any:
        kind = event.event_type if isinstance(event, Update) else type(event).__name__
        self.metrics.updates.labels(kind).inc()
        self.metrics.in_flight.inc()
        started = time.perf_counter()
        try:
            return await handler(event, data)
        except Exception as error:
            self.metrics.errors.labels(error_kind(error)).inc()
            raise
        finally:
            self.metrics.in_flight.dec()
            self.metrics.latency.labels(kind).observe(time.perf_counter() - started)
