"""Who may use the akimat's console, and how they sign in.

A member of staff sends ``/console`` to the bot and gets a one-time link: a token signed with
HMAC-SHA256, bound to their Telegram id, valid for :data:`LINK_MINUTES` and usable once (its
nonce is a row of ``console_links``, marked used in the transaction that starts the session).
The session is a row of ``console_sessions``; the browser keeps only a random secret whose
SHA-256 the row holds. Every request checks the role again (``services.staff.role_in``).
"""

from __future__ import annotations

import base64
import dataclasses
import hashlib
import hmac
import secrets
from collections.abc import Collection
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum
from typing import TYPE_CHECKING, Any

from sqlalchemy import delete, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from models.base import utcnow
from models.console import ConsoleLink, ConsoleSession
from models.resident import Resident
from services import audit, pseudonym, staff
from services.staff import Role

if TYPE_CHECKING:  # imported where used: a console without Redis never loads it
    from redis.asyncio import Redis

LINK_MINUTES = 10
TOUCH = timedelta(minutes=1)  # how often a session's last request is written down


class Refusal(StrEnum):
    INVALID = "invalid"  # not a token we signed
    EXPIRED = "expired"
    USED = "used"
    NOT_STAFF = "not_staff"  # a resident, an unknown id, a removed moderator


@dataclass(frozen=True)
class Visitor:
    """A signed-in member of staff, as checked on this request."""

    session_key: str  # the SHA-256 of the cookie's secret: the session's key in either store
    telegram_id: int
    role: Role
    csrf: str
    language: str
    name: str


@dataclass(frozen=True)
class SignedIn:
    secret: str  # for the cookie, never stored
    visitor: Visitor


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def _sign(key: bytes, payload: str) -> str:
    return _b64(hmac.new(key, payload.encode(), hashlib.sha256).digest())


def _digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


async def issue_link(
    session: AsyncSession,
    key: bytes,
    telegram_id: int,
    *,
    name: str | None = None,
    at: datetime | None = None,
) -> str:
    """A new one-time sign-in token for ``telegram_id`` (the caller checked their role);
    ``name``: how the console and the cards name them (their name in Telegram)."""
    at = at or utcnow()
    nonce = secrets.token_urlsafe(24)
    expires = at + timedelta(minutes=LINK_MINUTES)
    async with session.begin():
        session.add(
            ConsoleLink(
                nonce=nonce,
                telegram_id=telegram_id,
                name=name,
                created_at=at,
                expires_at=expires,
            )
        )
    payload = f"{telegram_id}.{nonce}.{int(expires.timestamp())}"
    return f"{payload}.{_sign(key, payload)}"


def _parse(key: bytes, token: str) -> tuple[int, str] | None:
    payload, _, signature = token.rpartition(".")
    parts = payload.split(".")
    if len(parts) != 3 or not hmac.compare_digest(_sign(key, payload), signature):
        return None
    telegram_id, nonce, _expires = parts
    try:
        return int(telegram_id), nonce
    except ValueError:
        return None


async def sign_in(
    session: AsyncSession,
    key: bytes,
    token: str,
    *,
    admin_ids: Collection[int],
    default_language: str,
    store: RedisSessions | None = None,
    idle: timedelta = timedelta(hours=8),
    at: datetime | None = None,
) -> SignedIn | Refusal:
    """Use the link once and start a session (in ``store`` when given, else the database);
    or say why not (and log the refusal)."""
    at = at or utcnow()
    parsed = _parse(key, token)
    if parsed is None:
        return Refusal.INVALID
    telegram_id, nonce = parsed
    async with session.begin():
        link = await session.scalar(
            select(ConsoleLink).where(ConsoleLink.nonce == nonce).with_for_update()
        )
        if link is None or link.telegram_id != telegram_id:
            return Refusal.INVALID
        refusal: Refusal | None = None
        if link.used_at is not None:
            refusal = Refusal.USED
        elif link.expires_at <= at:
            refusal = Refusal.EXPIRED
        role = await staff.role_in(session, telegram_id, admin_ids)
        if refusal is None and (role is None or not role.includes(Role.MODERATOR)):
            refusal = Refusal.NOT_STAFF
        if refusal is not None:
            await _refused(session, telegram_id, role, refusal)
            return refusal
        used = await session.execute(
            update(ConsoleLink)
            .where(ConsoleLink.id == link.id, ConsoleLink.used_at.is_(None))
            .values(used_at=at)
            .execution_options(synchronize_session=False)
        )
        if not used.rowcount:  # type: ignore[attr-defined]
            return Refusal.USED  # the same link opened twice at once
        assert role is not None
        secret = secrets.token_urlsafe(32)
        digest = _digest(secret)
        language = await _language(session, telegram_id, default_language)
        name = link.name or str(telegram_id)
        visitor = Visitor(digest, telegram_id, role, secrets.token_urlsafe(32), language, name)
        if store is not None:
            await store.start(visitor, idle)
        else:
            session.add(
                ConsoleSession(
                    token_hash=digest,
                    telegram_id=telegram_id,
                    csrf=visitor.csrf,
                    language=language,
                    name=name,
                    created_at=at,
                    seen_at=at,
                )
            )
        await audit.record(
            session,
            actor_id=telegram_id,
            actor_role=role,
            action="console.sign_in",
            object_type="console",
            object_id=digest[:16],  # a prefix of the key: enough to tell sessions apart
        )
        return SignedIn(secret, visitor)


async def _refused(
    session: AsyncSession, telegram_id: int, role: Role | None, refusal: Refusal
) -> None:
    """Anyone but staff is logged under the keyed pseudonym of their Telegram id, never the
    id (as ``staff.record_refusal``)."""
    await audit.record(
        session,
        actor_id=None if role is None else telegram_id,
        actor_pseudonym=pseudonym.of(telegram_id) if role is None else None,
        actor_role=role,
        action="access.refused",
        object_type="action",
        object_id="console:sign_in",
        after={"required": Role.MODERATOR.value, "why": refusal.value},
    )


async def _language(session: AsyncSession, telegram_id: int, default: str) -> str:
    language = await session.scalar(
        select(Resident.language).where(Resident.telegram_id == telegram_id)
    )
    return language or default


async def visitor(
    session: AsyncSession,
    secret: str,
    *,
    admin_ids: Collection[int],
    idle: timedelta,
    store: RedisSessions | None = None,
    at: datetime | None = None,
) -> Visitor | None:
    """The member of staff this cookie signs in, checked now; ``None`` ends the session
    (idle too long, signed out, or no longer staff)."""
    at = at or utcnow()
    digest = _digest(secret)
    if store is not None:
        found = await store.load(digest)
        if found is None:
            return None
        async with session.begin():
            role = await staff.role_in(session, found.telegram_id, admin_ids)
        if role is None or not role.includes(Role.MODERATOR):
            await store.end(digest)
            return None
        await store.touch(digest, idle)
        return dataclasses.replace(found, role=role)
    async with session.begin():
        row = await session.scalar(
            select(ConsoleSession).where(
                ConsoleSession.token_hash == digest, ConsoleSession.ended_at.is_(None)
            )
        )
        if row is None:
            return None
        role = await staff.role_in(session, row.telegram_id, admin_ids)
        if row.seen_at + idle <= at or role is None or not role.includes(Role.MODERATOR):
            row.ended_at = at
            return None
        if at - row.seen_at >= TOUCH:  # not a write on every request
            row.seen_at = at
        return Visitor(digest, row.telegram_id, role, row.csrf, row.language, row.name)


async def sign_out(
    session: AsyncSession, session_key: str, *, store: RedisSessions | None = None
) -> None:
    if store is not None:
        await store.end(session_key)
        return
    async with session.begin():
        await session.execute(
            update(ConsoleSession)
            .where(ConsoleSession.token_hash == session_key, ConsoleSession.ended_at.is_(None))
            .values(ended_at=utcnow())
        )


async def set_language(
    session: AsyncSession,
    session_key: str,
    language: str,
    *,
    store: RedisSessions | None = None,
) -> None:
    if store is not None:
        await store.set_language(session_key, language)
        return
    async with session.begin():
        await session.execute(
            update(ConsoleSession)
            .where(ConsoleSession.token_hash == session_key)
            .values(language=language)
        )


def _text(value: str | bytes) -> str:
    return value.decode() if isinstance(value, bytes) else value


class RedisSessions:
    """Sessions in Redis (``KENES_REDIS_URL``): one hash per session under
    ``<prefix>:console:<key>``, expiring after the idle time, which each request renews."""

    def __init__(self, redis: Redis, prefix: str) -> None:
        self.redis = redis
        self.prefix = prefix

    def _key(self, session_key: str) -> str:
        return f"{self.prefix}:console:{session_key}"

    async def start(self, visitor: Visitor, idle: timedelta) -> None:
        fields: dict[Any, Any] = {  # as redis-py types its mappings
            "telegram_id": str(visitor.telegram_id),
            "role": visitor.role.value,
            "csrf": visitor.csrf,
            "language": visitor.language,
            "name": visitor.name,
        }
        key = self._key(visitor.session_key)
        async with self.redis.pipeline(transaction=True) as pipe:
            pipe.hset(key, mapping=fields)
            pipe.expire(key, idle)
            await pipe.execute()

    async def load(self, session_key: str) -> Visitor | None:
        raw = await self.redis.hgetall(self._key(session_key))
        if not raw:
            return None
        fields = {_text(name): _text(value) for name, value in raw.items()}
        return Visitor(
            session_key,
            int(fields["telegram_id"]),
            Role(fields["role"]),
            fields["csrf"],
            fields["language"],
            fields["name"],
        )

    async def touch(self, session_key: str, idle: timedelta) -> None:
        await self.redis.expire(self._key(session_key), idle)

    async def end(self, session_key: str) -> None:
        await self.redis.delete(self._key(session_key))

    async def set_language(self, session_key: str, language: str) -> None:
        await self.redis.hset(self._key(session_key), "language", language)


async def prune(session: AsyncSession, *, idle: timedelta, at: datetime | None = None) -> int:
    """Forget links past their time and sessions over for a day: how many rows went."""
    at = at or utcnow()
    day_ago = at - timedelta(days=1)
    async with session.begin():
        links = await session.execute(delete(ConsoleLink).where(ConsoleLink.expires_at < day_ago))
        over = (ConsoleSession.ended_at < day_ago) | (ConsoleSession.seen_at < day_ago - idle)
        sessions = await session.execute(delete(ConsoleSession).where(over))
    return int(links.rowcount or 0) + int(sessions.rowcount or 0)  # type: ignore[attr-defined]
