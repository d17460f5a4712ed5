"""Administrators keep reply templates and departments (``/templates``, ``/departments``).

```mermaid
stateDiagram-v2
    [*] --> text: ➕ Add / ✏️ Edit
    text --> text: the text (or name) in the next language (⏭ Keep when editing)
    text --> [*]: a template: all languages given, saved
    text --> categories: a department: names given
    categories --> categories: a category toggled
    categories --> [*]: 💾 Save
```
"""

from typing import TypedDict

from aiogram.fsm.state import State, StatesGroup


class Editing(StatesGroup):
    text = State()  # a template's text, or a department's name, in data["language"]
    categories = State()


class Draft(TypedDict, total=False):
    kind: str  # "template" or "department"
    item: int  # the edited one; absent when adding
    language: str  # the language asked for now
    values: dict[str, str]  # language -> text or name
    categories: list[str]
