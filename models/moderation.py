"""What moderators work with besides needs: departments, reply templates, and the cards
Kenes posted about each need (so that every copy can be edited when the need changes)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, BigInteger, ForeignKey, Integer, String, UniqueConstraint, false
from sqlalchemy.orm import Mapped, mapped_column

from bot.latin import for_reader, written_in
from models.base import Base, TimestampMixin, utcnow


class Department(TimestampMixin, Base):
    """A department of the akimat that needs are routed to, named in every language, with
    the categories of needs it handles (codes of the city's catalog)."""

    __tablename__ = "departments"

    id: Mapped[int] = mapped_column(primary_key=True)
    names: Mapped[dict[str, str]] = mapped_column(JSON)  # language -> name
    categories: Mapped[list[str]] = mapped_column(JSON, default=list)

    def name(self, language: str) -> str:
        return self.names.get(language) or next(iter(self.names.values()), "")


class ReplyTemplate(TimestampMixin, Base):
    """A ready answer, in every language; the resident receives the one in theirs."""

    __tablename__ = "reply_templates"

    id: Mapped[int] = mapped_column(primary_key=True)
    texts: Mapped[dict[str, str]] = mapped_column(JSON)  # language -> text

    def text(self, language: str) -> str:
        text = self.texts.get(written_in(language)) or next(iter(self.texts.values()), "")
        return for_reader(text, language)


class ModerationCard(Base):
    """One message about a need in a moderators' chat (the group, or a moderator's private
    chat), in the language it was written in."""

    __tablename__ = "moderation_cards"
    __table_args__ = (UniqueConstraint("chat_id", "message_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    need_id: Mapped[int] = mapped_column(ForeignKey("needs.id", ondelete="CASCADE"), index=True)
    chat_id: Mapped[int] = mapped_column(BigInteger)
    message_id: Mapped[int] = mapped_column(Integer)
    language: Mapped[str] = mapped_column(String(8))
    shows_overdue: Mapped[bool] = mapped_column(default=False, server_default=false())
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class CardMedia(Base):
    """A photo or voice message of a need's author that Kenes posted with a card (their
    album, photo or voice): deleted from the chat when the author erases their data."""

    __tablename__ = "card_media"

    id: Mapped[int] = mapped_column(primary_key=True)
    need_id: Mapped[int] = mapped_column(ForeignKey("needs.id", ondelete="CASCADE"), index=True)
    chat_id: Mapped[int] = mapped_column(BigInteger)
    message_id: Mapped[int] = mapped_column(Integer)


class ModeratorPrompt(Base):
    """The question Kenes last asked a staff member in a chat and awaits an answer to (a
    ForceReply prompt, or a preview to confirm), until it expires; the leader's sweep says
    so in the chat when nobody answered (``bot.desk.prompts``)."""

    __tablename__ = "moderator_prompts"

    chat_id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    user_id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    message_id: Mapped[int] = mapped_column(Integer)
    need_number: Mapped[str | None] = mapped_column(String(32))  # the need it is about
    name: Mapped[str] = mapped_column(String(255))  # how Kenes named them in the question
    language: Mapped[str] = mapped_column(String(8))
    expires_at: Mapped[datetime] = mapped_column(index=True)


class GroupMember(Base):
    """Someone in the moderators' group as Kenes last heard (``chat_member`` updates, and
    its checks at start-up): who reads the cards there (``/staff`` lists them)."""

    __tablename__ = "group_members"

    chat_id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    user_id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    status: Mapped[str] = mapped_column(String(16))  # creator, administrator, member, left...
    name: Mapped[str] = mapped_column(String(255))
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
