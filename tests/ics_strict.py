"""A strict reader of iCalendar files, written for the tests from RFC 5545 itself and sharing
nothing with ``icalendar`` (which writes them): what this reads, a calendar that follows the
RFC to the letter reads the same way. It refuses what the RFC forbids instead of guessing."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta, timezone

NAME = r"[A-Za-z0-9-]+"  # iana-token / x-name (3.1)
PARAM = re.compile(rf';({NAME})=("[^"\x00-\x08\x0a-\x1f\x7f]*"|[^";:,\x00-\x08\x0a-\x1f\x7f]*)')
LINE = re.compile(rf"({NAME})((?:;{NAME}=(?:\"[^\"]*\"|[^\";:,]*))*):(.*)", re.DOTALL)
UTC_TIME = re.compile(r"(\d{8}T\d{6})Z")
LOCAL_TIME = re.compile(r"\d{8}T\d{6}")
OFFSET = re.compile(r"([+-])(\d\d)(\d\d)")
ESCAPES = {"\\\\": "\\", "\\;": ";", "\\,": ",", "\\n": "\n", "\\N": "\n"}


class Invalid(ValueError):
    """The file breaks RFC 5545; the message says how."""


@dataclass
class Property:
    name: str
    params: dict[str, str]
    value: str


@dataclass
class Component:
    name: str
    properties: list[Property] = field(default_factory=list)
    children: list[Component] = field(default_factory=list)

    def all(self, name: str) -> list[Property]:
        return [p for p in self.properties if p.name == name]

    def one(self, name: str) -> Property:
        found = self.all(name)
        if len(found) != 1:
            raise Invalid(f"{self.name}: {name} must occur once, found {len(found)}")
        return found[0]

    def walk(self, name: str) -> list[Component]:
        below = [c for child in self.children for c in child.walk(name)]
        return ([self] if self.name == name else []) + below


def unfold(data: bytes) -> list[str]:
    """Content lines: CRLF-ended, at most 75 octets each, continuations starting with one
    space or tab (3.1); a fold never splits a UTF-8 character (each line decodes alone)."""
    if not data.endswith(b"\r\n"):
        raise Invalid("the last line does not end with CRLF")
    logical: list[str] = []
    for number, raw in enumerate(data[:-2].split(b"\r\n"), 1):
        if b"\n" in raw or b"\r" in raw:
            raise Invalid(f"line {number}: a bare CR or LF")
        if len(raw) > 75:
            raise Invalid(f"line {number}: {len(raw)} octets, more than 75")
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError:
            raise Invalid(f"line {number}: folded inside a UTF-8 character") from None
        if text[:1] in (" ", "\t"):
            if not logical:
                raise Invalid("the file starts with a continuation line")
            logical[-1] += text[1:]
        else:
            logical.append(text)
    return logical


def parse(data: bytes) -> Component:
    stack: list[Component] = []
    root: Component | None = None
    for line in unfold(data):
        match = LINE.fullmatch(line)
        if match is None:
            raise Invalid(f"not a content line: {line!r}")
        name, raw_params, value = match[1].upper(), match[2], match[3]
        params = {key.upper(): val.strip('"') for key, val in PARAM.findall(raw_params)}
        if name == "BEGIN":
            component = Component(value.upper())
            if stack:
                stack[-1].children.append(component)
            elif root is not None:
                raise Invalid("a second top-level component")
            else:
                root = component
            stack.append(component)
        elif name == "END":
            if not stack or stack.pop().name != value.upper():
                raise Invalid(f"END:{value} does not close what is open")
        elif not stack:
            raise Invalid(f"{name} outside of any component")
        else:
            stack[-1].properties.append(Property(name, params, value))
    if root is None or stack:
        raise Invalid("the components are not closed")
    return root


def text(prop: Property) -> str:
    """A TEXT value (3.3.11): only \\\\ \\; \\, \\n are escapes; a bare ; or , is a list."""
    parts = re.split(r"(\\.)", prop.value)
    out = []
    for part in parts:
        if part.startswith("\\"):
            if part not in ESCAPES:
                raise Invalid(f"{prop.name}: unknown escape {part!r}")
            out.append(ESCAPES[part])
        elif ";" in part or "," in part:
            raise Invalid(f"{prop.name}: an unescaped ; or , in a single text value")
        else:
            out.append(part)
    return "".join(out)


def utc(prop: Property) -> datetime:
    match = UTC_TIME.fullmatch(prop.value)
    if match is None or prop.params:
        raise Invalid(f"{prop.name}: {prop.value!r} is not a UTC date-time")
    return datetime.strptime(match[1], "%Y%m%dT%H%M%S").replace(tzinfo=UTC)


def _offset(prop: Property) -> timedelta:
    match = OFFSET.fullmatch(prop.value)
    if match is None:
        raise Invalid(f"{prop.name}: {prop.value!r} is not an offset")
    sign = -1 if match[1] == "-" else 1
    return sign * timedelta(hours=int(match[2]), minutes=int(match[3]))


def instant(prop: Property, calendar: Component) -> datetime:
    """A DATE-TIME in UTC, or local with a TZID that a VTIMEZONE of the file defines (4.6.5):
    the offset is that of the last observance starting before it (no RRULE or RDATE read)."""
    if "TZID" not in prop.params:
        return utc(prop)
    if not LOCAL_TIME.fullmatch(prop.value):
        raise Invalid(f"{prop.name}: {prop.value!r} is not a local date-time")
    local = datetime.strptime(prop.value, "%Y%m%dT%H%M%S")
    zones = [z for z in calendar.walk("VTIMEZONE") if z.one("TZID").value == prop.params["TZID"]]
    if len(zones) != 1:
        raise Invalid(f"{prop.name}: TZID {prop.params['TZID']} has no VTIMEZONE of its own")
    starts = []
    for observance in zones[0].children:
        if observance.all("RRULE") or observance.all("RDATE"):
            raise Invalid("recurring observances: beyond this reader")
        begins = datetime.strptime(observance.one("DTSTART").value, "%Y%m%dT%H%M%S")
        starts.append((begins, _offset(observance.one("TZOFFSETTO"))))
    before = [s for s in sorted(starts) if s[0] <= local]
    if not before:
        raise Invalid(f"{prop.name}: {local} is before every observance of its VTIMEZONE")
    return local.replace(tzinfo=timezone(before[-1][1])).astimezone(UTC)


def event(data: bytes) -> tuple[Component, Component]:
    """The calendar and its one VEVENT, with the properties RFC 5545 requires checked."""
    calendar = parse(data)
    if calendar.name != "VCALENDAR" or calendar.one("VERSION").value != "2.0":
        raise Invalid("not an iCalendar 2.0 object")
    calendar.one("PRODID")
    [vevent] = calendar.walk("VEVENT")
    vevent.one("UID")
    utc(vevent.one("DTSTAMP"))  # 3.8.7.2: always in UTC
    return calendar, vevent
