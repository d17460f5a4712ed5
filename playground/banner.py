"""What ``make run`` (the playground) prints once everything has started: where to open it,
how to be the moderator, how to stop. Framed, and printed after the start-up log lines, so
it is the last thing on the screen until someone acts."""

from __future__ import annotations

from playground.cast import Cast


def banner(url: str, cast: Cast, *, console: str | None = None) -> str:
    rows = [
        "Kenes playground is running",
        "",
        f"Open in a browser:   {url}",
        f"Be the moderator:    {url}/#{cast.moderator_id}",
        f"                     (or pick «{cast.moderator_name}» under People; the moderators'",
        "                     group is the Moderators tab)",
        f"Bot API emulator:    {url}/bot<token>/<method>",
        *(
            [f"Akimat's console:    {console}/", "                     (send /console to the bot)"]
            if console
            else []
        ),
        "Stop:                Ctrl+C",
    ]
    width = max(len(row) for row in rows)
    return "\n".join(
        [
            "",
            "╔" + "═" * (width + 4) + "╗",
            *(f"║  {row.ljust(width)}  ║" for row in rows),
            "╚" + "═" * (width + 4) + "╝",
            "",
        ]
    )
