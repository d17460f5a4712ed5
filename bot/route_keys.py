"""The key of an update that narrows a routing plan (``bot.routing``), and what a filter
does with every event of a key.

The key is worked out once per update where the dispatcher enters (:meth:`Index.key`), from
a bounded set of values:

- a press: the prefix of its callback data (the text before the first ``:``, aiogram's
  ``CallbackData`` separator) if a ``CallbackData`` filter has it, else "other" (or "none"
  for a press without data);
- a message: the command its text or caption starts with, split as aiogram's ``Command``
  splits it (the name if a ``Command`` filter has it, else "other", or "none" if it is no
  ``/`` command), and its text if it is a ``MenuButton``'s in some language, else "none".

The handlers whose first filters cannot take that key are left out: a ``CallbackQueryFilter``
of another prefix (aiogram's ``unpack`` would fail on the prefix, before the filter's rule), a
``Command`` of other names (its prefix and name are checked before its mention, deep link and
magic), a ``MenuButton`` of other texts. A filter that may pass stays in the plan to be called
(it makes ``callback_data``, ``command``), except a ``MenuButton`` that passes for sure (it adds
nothing). Only the leading filters of these kinds are judged (state filters aside): the first
filter of another kind, and all after it, are left to be called. A ``Command`` that ignores
case, takes a pattern or another prefix, a ``CallbackData`` with another separator, a value
the index did not know (a router included after the first update) keep the handler. The one
thing not done for a handler left out: a ``Command`` given ``/name@bot`` awaits ``bot.me()``
(cached by aiogram, fetched at start) before the name is compared.
"""

from __future__ import annotations

import enum
from collections.abc import Hashable
from typing import Any

from aiogram import Router
from aiogram.dispatcher.event.handler import FilterObject
from aiogram.filters import Command, CommandStart
from aiogram.filters.callback_data import CallbackQueryFilter
from aiogram.types import CallbackQuery, Message, TelegramObject
from aiogram.utils.i18n import I18n

from bot.inline_filters import original_callback
from keyboards.menu import MenuButton

SEPARATOR = ":"  # CallbackData's default separator


class Mark(enum.Enum):
    """The values of a key other than a known prefix, command name or menu text."""

    OTHER = "other"  # a prefix or command no filter knows
    NONE = "none"  # no callback data, no command, not a menu text


class Verdict(enum.Enum):
    FAILS = "fails"  # the filter fails for every event of the key
    PASSES = "passes"  # it passes for every one, adding nothing
    MAY = "may"  # it has work to do: kept, and the filters after it may still be judged
    UNKNOWN = "unknown"  # not a filter judged here: it and all after it are kept


class Index:
    """The callback data prefixes, command names and menu texts the filters of a tree of
    routers know, gathered on the first update (routers included by then count), and the key
    of an update by them."""

    def __init__(self, root: Router) -> None:
        self.root = root
        self.ready = False
        self.prefixes: frozenset[str] = frozenset()
        self.commands: frozenset[str] = frozenset()
        self.buttons: tuple[MenuButton, ...] = ()
        self.i18n: I18n | None = None  # the one the menu texts are known by
        self.texts: frozenset[str] = frozenset()

    def _gather(self) -> None:
        prefixes: set[str] = set()
        commands: set[str] = set()
        buttons: list[MenuButton] = []
        for router in self.root.chain_tail:
            for observer in router.observers.values():
                for handler in [observer._handler, *observer.handlers]:
                    for event_filter in handler.filters or ():
                        callback = original_callback(event_filter.callback)
                        if isinstance(callback, CallbackQueryFilter):
                            prefixes.add(callback.callback_data.__prefix__)
                        elif isinstance(callback, Command):
                            commands.update(c for c in callback.commands if isinstance(c, str))
                        elif isinstance(callback, MenuButton):
                            buttons.append(callback)
        self.prefixes, self.commands, self.buttons = (
            frozenset(prefixes),
            frozenset(commands),
            tuple(buttons),
        )
        self.ready = True

    def key(self, update_type: str, event: TelegramObject, data: dict[str, Any]) -> Hashable:
        """The update's key (``None``: not narrowed)."""
        if not self.ready:
            self._gather()
        if update_type == "callback_query" and isinstance(event, CallbackQuery):
            if not event.data:
                return Mark.NONE
            prefix = event.data.partition(SEPARATOR)[0]
            return prefix if prefix in self.prefixes else Mark.OTHER
        if update_type == "message" and isinstance(event, Message):
            return self._command(event.text or event.caption), self._text(event.text, data)
        return None

    def _command(self, text: str | None) -> str | Mark:
        # as Command.extract_command splits it
        words = text.split(maxsplit=1) if text else None
        if not words or words[0][0] != "/":
            return Mark.NONE
        name = words[0][1:].partition("@")[0]
        return name if name in self.commands else Mark.OTHER

    def _text(self, text: str | None, data: dict[str, Any]) -> str | Mark | None:
        i18n = data.get("i18n")
        if self.i18n is None and isinstance(i18n, I18n):  # the first one given (the only one)
            self.i18n = i18n
            self.texts = frozenset(t for button in self.buttons for t in button.texts(i18n))
        if i18n is None or i18n is not self.i18n:
            return None  # menu texts not known by this i18n: buttons not judged
        return text if text in self.texts else Mark.NONE

    def verdict(self, callback: Any, update_type: str, key: Hashable) -> Verdict:
        """What a filter does with every event of ``key``."""
        kind = type(callback)
        if kind is CallbackQueryFilter and update_type == "callback_query":
            return self._press_verdict(callback, key)
        if isinstance(key, tuple) and update_type == "message":
            if kind is Command or kind is CommandStart:
                return self._command_verdict(callback, key[0])
            if kind is MenuButton:
                return self._button_verdict(callback, key[1])
        return Verdict.UNKNOWN

    def _press_verdict(self, callback: CallbackQueryFilter, key: Hashable) -> Verdict:
        prefix = callback.callback_data.__prefix__
        if callback.callback_data.__separator__ != SEPARATOR:
            return Verdict.MAY
        if key is Mark.NONE or (key is Mark.OTHER and prefix in self.prefixes):
            return Verdict.FAILS
        if isinstance(key, str) and key != prefix:
            return Verdict.FAILS
        return Verdict.MAY

    def _command_verdict(self, callback: Command, key: str | Mark) -> Verdict:
        names = callback.commands
        if (
            callback.prefix != "/"
            or callback.ignore_case
            or not all(isinstance(name, str) for name in names)
        ):
            return Verdict.MAY
        if key is Mark.NONE or (key is Mark.OTHER and self.commands.issuperset(names)):
            return Verdict.FAILS
        if isinstance(key, str) and key not in names:
            return Verdict.FAILS
        return Verdict.MAY

    def _button_verdict(self, callback: MenuButton, key: str | Mark | None) -> Verdict:
        if key is None or self.i18n is None:
            return Verdict.MAY
        texts = callback.texts(self.i18n)
        if isinstance(key, str):
            return Verdict.PASSES if key in texts else Verdict.FAILS
        return Verdict.FAILS if texts <= self.texts else Verdict.MAY

    def narrow(
        self, filters: tuple[FilterObject, ...], update_type: str, key: Hashable
    ) -> tuple[FilterObject, ...] | None:
        """``filters`` left to check for an event of ``key`` (``filters`` itself if all);
        ``None`` if one fails."""
        left: list[FilterObject] = []
        for position, event_filter in enumerate(filters):
            verdict = self.verdict(original_callback(event_filter.callback), update_type, key)
            if verdict is Verdict.FAILS:
                return None
            if verdict is Verdict.UNKNOWN:
                left.extend(filters[position:])
                break
            if verdict is Verdict.MAY:
                left.append(event_filter)
        return filters if len(left) == len(filters) else tuple(left)
