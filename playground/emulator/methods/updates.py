"""How updates reach the bot: long polling (getUpdates) or a webhook."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from playground.emulator.errors import BadRequest, BotApiError
from playground.emulator.methods.registry import method
from playground.emulator.params import Params

if TYPE_CHECKING:
    from playground.emulator.methods.emulator import Emulator

_SECRET = re.compile(r"^[A-Za-z0-9_-]{1,256}$")


@method("getUpdates")
async def get_updates(api: Emulator, params: Params) -> Any:
    if api.webhook is not None:
        raise BotApiError(
            409,
            "Conflict: can't use getUpdates method while webhook is active; "
            "use deleteWebhook to delete the webhook first",
        )
    allowed = params.obj("allowed_updates")
    if allowed is not None:
        api.allowed_updates = list(allowed)
    limit = max(1, min(100, params.integer("limit") or 100))
    return await api.poll(params.integer("offset"), limit, float(params.integer("timeout") or 0))


@method("setWebhook")
async def set_webhook(api: Emulator, params: Params) -> Any:
    url = params.text("url") or ""
    if not url:
        api.delete_webhook()
        return True
    if not re.match(r"^https?://", url):
        raise BadRequest("Bad Request: bad webhook: An HTTPS URL must be provided for webhook")
    secret = params.text("secret_token")
    if secret is not None and not _SECRET.match(secret):
        raise BadRequest("Bad Request: secret token contains unallowed characters")
    if params.flag("drop_pending_updates"):
        api.pending.clear()
    allowed = params.obj("allowed_updates")
    if allowed is not None:
        api.allowed_updates = list(allowed)
    api.set_webhook(url, secret, params.integer("max_connections") or 40)
    return True


@method("deleteWebhook")
async def delete_webhook(api: Emulator, params: Params) -> Any:
    api.delete_webhook()
    if params.flag("drop_pending_updates"):
        api.pending.clear()
    return True


@method("getWebhookInfo")
async def get_webhook_info(api: Emulator, params: Params) -> Any:
    return {
        "url": api.webhook["url"] if api.webhook else "",
        "has_custom_certificate": False,
        "pending_update_count": len(api.pending),
    }
