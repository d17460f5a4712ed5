"""States of the hearing flows. Creating (and editing) a hearing, for staff:

```mermaid
stateDiagram-v2
    [*] --> title_kk: ➕ New hearing
    [*] --> field: ✏️ Edit (a published hearing)
    title_kk --> title_ru: 3 to 255 characters
    title_ru --> description_kk
    description_kk --> description_ru: up to 2,000 characters
    description_ru --> starts_at
    starts_at --> starts_at: malformed, or in the past (the step is kept)
    starts_at --> address: DD.MM.YYYY HH:MM, Asia/Almaty, in the future
    address --> link: an address, or 🌐 Online only
    link --> link: not an http(s) link, or no address and no link
    link --> district: a link, or ⏭ No link
    district --> topic: a district, or 🏙 The whole city
    topic --> seats: a category of needs
    seats --> questions_until: a number, or ♾ No limit
    questions_until --> preview: before the start, or ⏭ Until the start
    preview --> field: ✏️ Change
    field --> title_kk: any field (then straight back to preview)
    preview --> [*]: ✅ Publish (to subscribers), or ✅ Save (to those registered)
    preview --> [*]: ❌ Cancel
```

Asking a question (residents): ``[*] --> text: ❓ Ask a question``, ``text --> [*]``: 1 to
1,000 characters, passed to moderation. The outcome (staff): ``outcome_kk --> outcome_ru
--> preview --> [*]: ✅ Publish`` (sent to those registered and those who asked).
/cancel leaves any of them; /start and unexpected input ask the current question again.
"""

from __future__ import annotations

from typing import TypedDict

from aiogram.fsm.state import State, StatesGroup


class HearingFlow(StatesGroup):
    title_kk = State()
    title_ru = State()
    description_kk = State()
    description_ru = State()
    starts_at = State()
    address = State()
    link = State()
    district = State()
    topic = State()
    seats = State()
    questions_until = State()
    preview = State()
    field = State()


FIELDS = (
    "title_kk",
    "title_ru",
    "description_kk",
    "description_ru",
    "starts_at",
    "address",
    "link",
    "district",
    "topic",
    "seats",
    "questions_until",
)
STEP = {name: number for number, name in enumerate(FIELDS, start=1)}


class HearingDraft(TypedDict, total=False):
    """The hearing being written (JSON in the FSM storage); times as ISO strings."""

    title_kk: str
    title_ru: str
    description_kk: str
    description_ru: str
    starts_at: str
    address: str | None
    link: str | None
    district: str | None
    topic: str
    seats: int | None
    questions_until: str | None
    editing_id: int  # a published hearing being edited
    seats_taken: int  # by those registered for it, shown in the preview
    back: bool  # changing one field from the preview


class AskFlow(StatesGroup):
    text = State()


class OutcomeFlow(StatesGroup):
    outcome_kk = State()
    outcome_ru = State()
    preview = State()
