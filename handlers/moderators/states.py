"""The "add a moderator" flow.

```mermaid
stateDiagram-v2
    [*] --> waiting: ➕ Add a moderator
    waiting --> waiting: not an id, hidden forward, a chat's forward
    waiting --> [*]: an id or a person's forwarded message (added, or already staff)
    waiting --> [*]: /cancel
```
"""

from aiogram.fsm.state import State, StatesGroup


class AddingModerator(StatesGroup):
    waiting = State()  # for a user id or a forwarded message
