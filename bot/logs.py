"""Logging set-up: plain lines for people, JSON lines for log collectors; never personal data.

Every record passes :class:`PersonalDataFilter` before it is written, whichever library wrote
it: Telegram ids (any number of 6 digits or more, which also covers update ids) become a keyed
hash (``tg_…``, the same for the same id, so one person's lines can be followed without the
id being recoverable), phone numbers become ``[phone]``, and quoted values in exception texts
(where drivers and validators put the data they choked on: names, messages, addresses)
become ``'…'``. Kenes' own code logs ids and outcomes only, never texts or names;
SQLAlchemy engines hide statement parameters (``bot.database``).
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import re
from datetime import UTC, datetime, tzinfo
from typing import TextIO

# +7 701 123 45 67, 8 (701) 123-45-67, 87011234567, and other international +NNN... numbers
_PHONE = re.compile(
    r"(?<![\w+])(?:\+?[78][\s(-]*\d{3}[\s)-]*\d{3}[\s-]*\d{2}[\s-]*\d{2}|\+\d[\d\s()-]{7,}\d)"
    r"(?!\w)"
)
_NUMBER = re.compile(r"(?<![\w.])-?\d{6,}(?![\w.])")
_QUOTED = re.compile(r"'[^'\n]*'|\"[^\"\n]*\"")


def hide_phones(text: str) -> str:
    """``text`` with every phone number replaced by ``[phone]`` (logs, open-data files)."""
    return _PHONE.sub("[phone]", text)


class PersonalDataFilter(logging.Filter):
    def __init__(self, key: bytes) -> None:
        super().__init__()
        self.key = key
        self._formatter = logging.Formatter()

    def pseudonym(self, number: str) -> str:
        digest = hmac.new(self.key, number.lstrip("-").encode(), hashlib.sha256).hexdigest()
        return "tg_" + digest[:10]

    def scrub(self, text: str, *, quoted: bool = False) -> str:
        text = hide_phones(text)
        text = _NUMBER.sub(lambda match: self.pseudonym(match.group()), text)
        if quoted:
            text = _QUOTED.sub("'…'", text)
        return text

    def filter(self, record: logging.LogRecord) -> bool:
        if getattr(record, "_kenes_scrubbed", False):
            return True
        record.msg = self.scrub(record.getMessage())
        record.args = None
        if record.exc_info and not record.exc_text:
            record.exc_text = self._formatter.formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = self.scrub(record.exc_text, quoted=True)
        if record.stack_info:
            record.stack_info = self.scrub(record.stack_info, quoted=True)
        record._kenes_scrubbed = True  # the same record may reach several handlers
        return True


class LocalTimeFormatter(logging.Formatter):
    """Plain lines whose time is the city's (``KENES_TIMEZONE``, with its offset), as the
    times the jobs and the bot speak of, whatever the machine's own zone."""

    def __init__(self, fmt: str | None = None, *, tz: tzinfo = UTC) -> None:
        super().__init__(fmt)
        self.tz = tz

    def formatTime(self, record: logging.LogRecord, datefmt: str | None = None) -> str:
        moment = datetime.fromtimestamp(record.created, self.tz)
        return moment.strftime(datefmt) if datefmt else moment.isoformat(" ", "seconds")


class JsonFormatter(LocalTimeFormatter):
    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "time": datetime.fromtimestamp(record.created, self.tz).isoformat(),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        if record.exc_info and not record.exc_text:
            record.exc_text = self.formatException(record.exc_info)
        if record.exc_text:
            entry["exception"] = record.exc_text
        return json.dumps(entry, ensure_ascii=False)


_STILL_RUNNING = "skipped: maximum number of running instances reached"


class SchedulerRoutine(logging.Filter):
    """APScheduler's routine (a job added, started, run, done: ten lines a minute) is logged
    at DEBUG; its warnings (a run missed) and errors (a job failed) stay as they are.

    A run skipped because the job's previous run is still going is routine too: it happens
    to the queue's one-second tick whenever the machine is busy, the next run follows, and a
    job that runs long is logged with its duration (``scheduler.timing``)."""

    def __init__(self, level: int) -> None:
        super().__init__()
        self.level = level

    def filter(self, record: logging.LogRecord) -> bool:
        if record.name.startswith("apscheduler") and (
            record.levelno == logging.INFO or _STILL_RUNNING in str(record.msg)
        ):
            record.levelno, record.levelname = logging.DEBUG, "DEBUG"
            return self.level <= logging.DEBUG
        return True


def setup_logging(
    level: str = "INFO",
    *,
    as_json: bool = False,
    hash_key: bytes = b"kenes",
    tz: tzinfo = UTC,
    stream: TextIO | None = None,
) -> None:
    handler = logging.StreamHandler(stream)
    if as_json:
        handler.setFormatter(JsonFormatter(tz=tz))
    else:
        handler.setFormatter(
            LocalTimeFormatter("%(asctime)s %(levelname)s %(name)s: %(message)s", tz=tz)
        )
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)
    handler.addFilter(SchedulerRoutine(root.level))
    handler.addFilter(PersonalDataFilter(hash_key))
    quiet = max(logging.WARNING, root.level)
    logging.getLogger("aiogram.event").setLevel(quiet)  # a line per update
    # "Answer to callback query id=…": a line per button pressed (each a scrub, an HMAC and
    # a JSON line: about 2 % of an instance's CPU in a poll's burst, issue 19)
    logging.getLogger("aiogram.middlewares").setLevel(quiet)
    logging.getLogger("alembic").setLevel(quiet)  # a line per migration at every start
    # The pool logs under its class' module (bot.fair_pool): its INFO lines ("Pool disposed",
    # "Pool recreating") stay as quiet as under SQLAlchemy's own logger, which keeps WARNING
    logging.getLogger("bot.fair_pool").setLevel(quiet)
