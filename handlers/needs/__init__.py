"""Report a need: a guided flow from the menu's “📝 Report a need” to a reference number.

```mermaid
stateDiagram-v2
    [*] --> category: 📝 Report a need (if under the daily limit)
    category --> district: category button
    district --> place: district button
    place --> description: typed address, or a location inside the city
    description --> photos: 10 to 2,000 characters, in words
    description --> voice_added: a voice message of at most 2 minutes
    voice_added --> photos: ➡️ Next, or 10 to 2,000 characters in words
    voice_added --> voice_added: another voice message (replaces the first)
    photos --> photos: a photo (at most 3, each at most 5 MB)
    photos --> photos: a voice message (attached; replaces an earlier one)
    photos --> duplicate: Done / Skip, and a similar need is open
    photos --> confirm: Done / Skip
    duplicate --> [*]: 👍 Support (+1)
    duplicate --> confirm: 📝 Send mine anyway
    confirm --> confirm: a voice message (attached; the card again)
    confirm --> edit: ✏️ Edit
    edit --> category: Category
    edit --> district: District
    edit --> place: Place
    edit --> description: Description
    edit --> photos: Photos
    edit --> confirm: Back to the card
    confirm --> [*]: ✅ Send (committed, then the number is shown)
    confirm --> [*]: ❌ Cancel
```

After a change made from ``edit``, the flow goes straight back to ``confirm``. /cancel (or the
“❌ Cancel” button) leaves from any state; /start and unexpected input ask the current
question again (``bot.flows.prompt_for``). The draft lives in the FSM storage with a random
key; the need's unique ``draft_key`` makes a second or an old Send file nothing new.
"""

from __future__ import annotations

from aiogram import Router

from handlers.gates import require_resident
from handlers.needs import confirm, photos, steps, voice

router = require_resident(Router(name="needs"))
router.include_routers(steps.router, voice.router, photos.router, confirm.router)
