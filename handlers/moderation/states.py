"""Moderators' multi-step actions on a need's card. The state is kept per chat and person,
so two moderators can each be in the middle of an action in the same group.

```mermaid
stateDiagram-v2
    [*] --> choosing: ✅ Accept / ⛔ Reject / ↪️ Not our competence / 🏢 Route / 💬 Reply
    [*] --> choosing: ✅ Resolve
    choosing --> [*]: a listed reason, place or department (done)
    choosing --> [*]: accept: a template or the category name only (done)
    choosing --> summary: ✍️ own public text (accept)
    choosing --> reason: ✍️ own reason (reject)
    choosing --> where: ✍️ own place (not our competence)
    choosing --> text: a template (shown in the author's language) or ✍️ own text
    [*] --> original: 🔁 Duplicate
    [*] --> block_reason: 🚫 Block the author
    reason --> [*]: 3 to 500 characters
    where --> [*]: 3 to 500 characters
    original --> original: unknown number, the need itself
    original --> [*]: the number of another need
    text --> [*]: reply: the template as it is, or the edited / own text
    text --> photo: resolve: the same
    photo --> [*]: a photo, or ⏭ Without a photo
    block_reason --> [*]: 3 to 500 characters
    summary --> [*]: 3 to 500 characters, a reply to the prompt
```
Every step goes through the staff gate again; the action itself is refused if the need
changed since the moderator saw it (another moderator was first).
"""

from typing import TypedDict

from aiogram.fsm.state import State, StatesGroup


class Moderating(StatesGroup):
    reason = State()
    where = State()
    original = State()
    text = State()
    photo = State()
    block_reason = State()
    summary = State()


class Step(TypedDict, total=False):
    need_id: int
    seen: str  # the status the moderator saw
    action: str  # the card action under way ("rej", "rpl", "res", ...)
    template_id: int  # the template picked, if any
    texts: dict[str, str]  # the answer per language (a template), or the same text for all
