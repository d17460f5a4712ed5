"""Rate a city service: from the menu's “⭐ Rate a service” to the current average.

```mermaid
stateDiagram-v2
    [*] --> service: ⭐ Rate a service
    service --> district: service button
    district --> score: district button
    score --> comment: 1..5
    comment --> [*]: a comment (up to 1,000 characters) or ⏭ No comment: thanks and the average
```

One rating per resident, service and district counts per 30 days: a new one replaces the
older, and the resident is told so. /cancel leaves from any step; /start and unexpected input
ask the current question again.
"""

from __future__ import annotations

from aiogram import Router

from handlers.gates import require_resident
from handlers.ratings import prompts, steps

router = require_resident(Router(name="ratings"))
router.include_router(steps.router)

__all__ = ["prompts", "router"]
