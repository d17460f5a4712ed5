"""What a broadcast says, per ``kind``. A feature registers one renderer per kind:

    @renderer("hearing")
    async def announce(recipient: Recipient, subject_id: int | None,
                       session: AsyncSession) -> Rendered:
        hearing = await hearings.get(session, subject_id)   # the service opens its transaction
        return _("...").format(...), hearing_keyboard(hearing)

The runner calls it once per recipient inside the recipient's locale (so ``_()`` speaks
their language), with a fresh session whose transactions the renderer (or its services)
opens. The text is HTML, at most 4096 characters; a third item, a photo's file id, sends
the text as the photo's caption (at most 1024 characters).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol

from aiogram.types import InlineKeyboardMarkup
from sqlalchemy.ext.asyncio import AsyncSession

from models.broadcast import Recipient

Rendered = tuple[str, InlineKeyboardMarkup | None] | tuple[str, InlineKeyboardMarkup | None, str]
__all__ = ["RENDERERS", "Recipient", "Rendered", "Renderer", "register_renderer", "renderer"]


class Renderer(Protocol):
    async def __call__(
        self, recipient: Recipient, subject_id: int | None, session: AsyncSession
    ) -> Rendered: ...


RENDERERS: dict[str, Renderer] = {}


def register_renderer(kind: str, render: Renderer) -> None:
    if kind in RENDERERS and RENDERERS[kind] is not render:
        raise ValueError(f"a renderer for broadcast kind {kind!r} is registered already")
    RENDERERS[kind] = render


def unregister_renderer(kind: str) -> None:
    RENDERERS.pop(kind, None)


def renderer(kind: str) -> Callable[[Renderer], Renderer]:
    """Decorator form of :func:`register_renderer`."""

    def register(render: Renderer) -> Renderer:
        register_renderer(kind, render)
        return render

    return register
