"""Moderators' multi-step actions on a need's card. The state is kept per chat and person,
so two moderators can each be in the middle of an action in the same group.

```mermaid
stateDiagram-v2
    [*] --> choosing: ✅ Accept / ⛔ Reject / ↪️ Not our competence / 🏢 Route / 💬 Reply
    [*] --> choosing: ✅ Resolve
    choosing --> [*]: a listed place or department (done)
    choosing --> [*]: accept: a template or the category name only (done)
    choosing --> summary: ✍️ own public text (accept)
    choosing --> confirm: a listed reason (reject)
    choosing --> reason: ✍️ own reason (reject)
    choosing --> where: ✍️ own place (not our competence)
    choosing --> text: a template (shown in the author's language) or ✍️ own text
    [*] --> original: 🔁 Duplicate
    [*] --> block_reason: 🚫 Block the author
    reason --> confirm: 3 to 500 characters
    where --> confirm: 3 to 500 characters
    original --> original: unknown number, the need itself
    original --> confirm: the number of another need
    text --> confirm: reply: the template as it is, or the edited / own text
    text --> photo: resolve: the same
    photo --> confirm: a photo, or ⏭ Without a photo
    block_reason --> confirm: 3 to 500 characters
    summary --> [*]: 3 to 500 characters, a reply to the prompt
    confirm --> [*]: ✅ Confirm (done) or ✖️ Cancel (nothing sent)
```
Every question (and preview) expires after ``KENES_MODERATOR_PROMPT_SECONDS``.
In the moderators' group a typed step takes only a reply to its own question (a ForceReply
addressed to the moderator, or the preview with its buttons), from that moderator: anything
else said in the group is conversation, not input. Every step goes through the staff gate
again; the action itself is refused if the need changed since the moderator saw it
(another moderator was first).
"""

from typing import Any, TypedDict

from aiogram.fsm.state import State, StatesGroup


class Moderating(StatesGroup):
    reason = State()
    where = State()
    original = State()
    text = State()
    photo = State()
    block_reason = State()
    confirm = State()  # the preview of what the resident will read, to confirm or cancel
    summary = State()  # the public summary typed when accepting


class Step(TypedDict, total=False):
    need_id: int
    seen: str  # the status the moderator saw
    action: str  # the card action under way ("rej", "rpl", "res", ...)
    template_id: int  # the template picked, if any
    texts: dict[str, str]  # the answer per language (a template), or the same text for all
    prompt_id: int  # the question awaiting the answer (its message in the chat)
    expires_at: float  # when that question expires (Unix time)
    pending: dict[str, Any]  # what Confirm does (handlers.moderation.confirm.Pending)
