"""Telegram's HTML parse mode, as strictly as the real Bot API applies it.

Only the tags Telegram supports are accepted, tags must be properly nested and closed, and
every ``<``, ``>`` and ``&`` outside a tag must be an entity (``&lt;`` ``&gt;`` ``&amp;``
``&quot;`` or numeric). Anything else fails the whole message with
"Bad Request: can't parse entities: ...", as Telegram does.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

_TAG = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9-]*)((?:\s+[^<>]*?)?)\s*(/?)>")
_ATTR = re.compile(r"""([a-zA-Z-]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+)))?""")
_ENTITY = re.compile(r"&(lt|gt|amp|quot|#[0-9]{1,7}|#x[0-9a-fA-F]{1,6});")
_NAMED = {"lt": "<", "gt": ">", "amp": "&", "quot": '"'}

_ENTITY_TYPES = {
    "b": "bold",
    "strong": "bold",
    "i": "italic",
    "em": "italic",
    "u": "underline",
    "ins": "underline",
    "s": "strikethrough",
    "strike": "strikethrough",
    "del": "strikethrough",
    "tg-spoiler": "spoiler",
    "a": "text_link",
    "code": "code",
    "pre": "pre",
    "blockquote": "blockquote",
    "tg-emoji": "custom_emoji",
    "span": "spoiler",
}


_MENTION = re.compile(r"^tg://user\?id=(\d+)$")


class EntityParseError(ValueError):
    """The text is not valid Telegram HTML; the message is Telegram's description."""

    def __init__(self, reason: str) -> None:
        super().__init__(f"Bad Request: can't parse entities: {reason}")


@dataclass
class _Open:
    tag: str
    offset: int
    byte_offset: int
    attrs: dict[str, str] = field(default_factory=dict)


def utf16_len(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def _attributes(raw: str) -> dict[str, str]:
    return {
        match.group(1).lower(): next((g for g in match.group(2, 3, 4) if g is not None), "")
        for match in _ATTR.finditer(raw)
    }


def _check_start(tag: str, attrs: dict[str, str], stack: list[_Open], at: int) -> None:
    if tag not in _ENTITY_TYPES:
        raise EntityParseError(f'Unsupported start tag "{tag}" at byte offset {at}')
    if tag == "span" and attrs.get("class") != "tg-spoiler":
        raise EntityParseError(f'Tag "span" must have class "tg-spoiler" at byte offset {at}')
    if tag == "a" and "href" not in attrs:
        raise EntityParseError(f"Can't find href attribute of tag a at byte offset {at}")
    if tag == "tg-emoji" and "emoji-id" not in attrs:
        raise EntityParseError(f"Custom emoji entity must have emoji-id at byte offset {at}")
    if (
        stack
        and stack[-1].tag in ("code", "pre")
        and not (tag == "code" and stack[-1].tag == "pre")
    ):
        raise EntityParseError(
            f'Can\'t use tag "{tag}" inside "{stack[-1].tag}" at byte offset {at}'
        )


def _decode_entity(match: re.Match[str]) -> str:
    name = match.group(1)
    if name in _NAMED:
        return _NAMED[name]
    code = int(name[2:], 16) if name.startswith("#x") else int(name[1:])
    if code == 0 or code > 0x10FFFF or 0xD800 <= code <= 0xDFFF:
        raise EntityParseError(f"Invalid character entity &{name};")
    return chr(code)


def parse_html(source: str) -> tuple[str, list[dict[str, object]]]:
    """Return the plain text a person sees and its entities (UTF-16 offsets)."""
    out: list[str] = []
    length = 0  # UTF-16 length of the text produced so far
    stack: list[_Open] = []
    entities: list[dict[str, object]] = []
    position = 0
    byte_offset = 0  # of source[position], as Telegram reports positions
    while position < len(source):
        char = source[position]
        start = position
        if char == "<":
            match = _TAG.match(source, position)
            if match is None:
                raise EntityParseError(f"Unclosed start tag at byte offset {byte_offset}")
            closing, tag, raw_attrs = match.group(1) == "/", match.group(2).lower(), match.group(3)
            if closing:
                if not stack:
                    raise EntityParseError(f"Unexpected end tag at byte offset {byte_offset}")
                opened = stack.pop()
                if opened.tag != tag:
                    raise EntityParseError(
                        f'Can\'t find end tag corresponding to start tag "{opened.tag}"'
                    )
                if length > opened.offset:
                    entity: dict[str, object] = {
                        "type": _ENTITY_TYPES[opened.tag],
                        "offset": opened.offset,
                        "length": length - opened.offset,
                    }
                    mentioned = _MENTION.match(opened.attrs.get("href", ""))
                    if opened.tag == "a" and mentioned:  # Telegram makes it a mention
                        entity["type"] = "text_mention"
                        entity["user"] = {"id": int(mentioned.group(1))}
                    elif opened.tag == "a":
                        entity["url"] = opened.attrs["href"]
                    if opened.tag == "pre" and opened.attrs.get("language"):
                        entity["language"] = opened.attrs["language"]
                    if opened.tag == "tg-emoji":
                        entity["custom_emoji_id"] = opened.attrs["emoji-id"]
                    if opened.tag == "blockquote" and "expandable" in opened.attrs:
                        entity["type"] = "expandable_blockquote"
                    entities.append(entity)
            else:
                attrs = _attributes(raw_attrs)
                _check_start(tag, attrs, stack, byte_offset)
                stack.append(_Open(tag, length, byte_offset, attrs))
            position = match.end()
            byte_offset += len(source[start:position].encode())
            continue
        if char == ">":
            raise EntityParseError(f'Unexpected character ">" at byte offset {byte_offset}')
        if char == "&":
            entity_match = _ENTITY.match(source, position)
            if entity_match is None:
                raise EntityParseError(
                    f'Character entity expected at byte offset {byte_offset}: "&" must be '
                    "written as &amp;"
                )
            piece = _decode_entity(entity_match)
            position = entity_match.end()
        else:
            piece = char
            position += 1
        out.append(piece)
        length += utf16_len(piece)
        byte_offset += len(source[start:position].encode())
    if stack:
        raise EntityParseError(f'Can\'t find end tag corresponding to start tag "{stack[-1].tag}"')
    entities.sort(key=lambda item: (item["offset"], -int(item["length"])))  # type: ignore[call-overload]
    return "".join(out), entities


_COMMAND = re.compile(r"(?<![\w/])/[A-Za-z0-9_]{1,32}(?:@[A-Za-z0-9_]{5,32})?(?![\w/])")
_NO_AUTO = {"code", "pre", "text_link", "bot_command"}


def with_commands(text: str, entities: list[dict[str, object]]) -> list[dict[str, object]]:
    """Add the ``bot_command`` entities Telegram finds by itself in a text (``/help``), outside
    code and links, so that a client can make them clickable."""
    taken = [
        (int(e["offset"]), int(e["offset"]) + int(e["length"]))  # type: ignore[call-overload]
        for e in entities
        if e["type"] in _NO_AUTO
    ]
    found: list[dict[str, object]] = []
    for match in _COMMAND.finditer(text):
        offset = utf16_len(text[: match.start()])
        end = offset + utf16_len(match.group())
        if not any(start < end and offset < stop for start, stop in taken):
            found.append({"type": "bot_command", "offset": offset, "length": end - offset})
    if not found:
        return entities
    merged = entities + found
    merged.sort(key=lambda item: (item["offset"], -int(item["length"])))  # type: ignore[call-overload]
    return merged
