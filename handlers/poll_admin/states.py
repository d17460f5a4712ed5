"""Creating a poll (``/newpoll``, moderators and administrators).

```mermaid
stateDiagram-v2
    [*] --> question_kk: /newpoll, or 🗳 Poll for this hearing (a hearing's staff card)
    question_kk --> question_ru: the question in Kazakh (≤ 300 characters)
    question_ru --> options_kk: the question in Russian
    options_kk --> options_ru: 2–10 options in Kazakh, one per line (each ≤ 100 characters)
    options_ru --> kind: as many options in Russian, in the same order
    kind --> audience: ☝️ one answer / ✅ several answers
    audience --> audience_code: 🏘 a district / 🏷 a topic
    audience --> opens: 🏙 everyone who allowed announcements
    audience_code --> opens: the district or topic
    opens --> closes: ▶️ Now, or a date and time (Asia/Almaty), not in the past
    closes --> visibility: a date and time after the opening
    visibility --> preview: results right after answering / only after closing
    preview --> [*]: ✅ Publish (opens at its time, by the scheduler) / ❌ Discard
```

Every step refuses bad input with the reason and asks again (too few or too many options,
an option over 100 characters, a closing time before the opening...); /cancel leaves from
any step; /start and unexpected input ask the current question again.
"""

from __future__ import annotations

from typing import TypedDict

from aiogram.fsm.state import State, StatesGroup


class PollDraftFlow(StatesGroup):
    question_kk = State()
    question_ru = State()
    options_kk = State()
    options_ru = State()
    kind = State()
    audience = State()
    audience_code = State()
    opens = State()
    closes = State()
    visibility = State()
    preview = State()


class PollDraft(TypedDict, total=False):
    question_kk: str
    question_ru: str
    options_kk: list[str]
    options_ru: list[str]
    multiple: bool
    audience: str
    audience_code: str | None
    opens_at: str | None  # ISO; None: as soon as it is published
    closes_at: str
    visibility: str
    hearing_id: int  # started from a hearing's staff card: the poll is about that hearing
