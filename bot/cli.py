"""The ``kenes`` command (also ``python -m bot``)."""

from __future__ import annotations

import argparse
import asyncio
import errno
import sys
from collections.abc import Sequence

from bot.logs import setup_logging
from bot.settings import Settings, SettingsError, load_settings


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="kenes",
        description="Kenes: the Telegram bot through which residents talk to their akimat. "
        "Settings come from KENES_* environment variables and .env (see .env.example).",
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    run = commands.add_parser(
        "run",
        help="run the bot (long polling, or a webhook)",
        description="Run the bot against the Telegram Bot API at "
        "KENES_TELEGRAM_API_URL with KENES_BOT_TOKEN, migrating the "
        "database first. Webhook mode when --webhook is given or KENES_WEBHOOK_URL is set.",
    )
    run.add_argument(
        "--webhook",
        action="store_true",
        help="receive updates on a webhook (KENES_WEBHOOK_URL, KENES_WEBHOOK_SECRET) served "
        "at KENES_HTTP_HOST:KENES_HTTP_PORT, instead of long polling",
    )
    run.add_argument(
        "--playground-without-token",
        action="store_true",
        help="when KENES_BOT_TOKEN is not set, start the local playground instead "
        "of failing (this is what `make run` does)",
    )

    db = commands.add_parser(
        "db", help="database maintenance", description="Database maintenance."
    )
    db_commands = db.add_subparsers(dest="db_command", required=True, metavar="ACTION")
    db_commands.add_parser(
        "upgrade",
        help="apply all migrations to KENES_DATABASE_URL",
        description="Apply all Alembic migrations to KENES_DATABASE_URL.",
    )

    from bot import cli_export_args

    cli_export_args.add_commands(commands)

    playground = commands.add_parser(
        "playground",
        help="talk to Kenes locally, without Telegram",
        description="Start the local Bot API emulator and the bot together, and chat with it "
        "in a web page (residents, a moderator and the moderators' group), or in this "
        "terminal with --terminal.",
    )
    playground.add_argument("--host", help="address to listen on (KENES_PLAYGROUND_HOST)")
    playground.add_argument(
        "--port",
        type=int,
        default=None,
        help="port of the page and the emulator (default: KENES_PLAYGROUND_PORT, 8080)",
    )
    playground.add_argument(
        "--terminal", action="store_true", help="chat in this terminal instead of a browser"
    )
    playground.add_argument(
        "--user-id", type=int, default=1001, help="--terminal: your resident's id"
    )
    playground.add_argument(
        "--language",
        choices=("kk", "ru"),
        default="kk",
        help="--terminal: your Telegram app's language",
    )
    return parser


def _fail(message: str) -> int:
    print(f"kenes: {message}", file=sys.stderr)
    return 2


def _playground(settings: Settings, args: argparse.Namespace) -> int:
    host = args.host or settings.playground_host
    port = settings.playground_port if args.port is None else args.port
    if args.terminal:
        from playground.terminal import chat

        asyncio.run(
            chat(settings, host=host, port=port, user_id=args.user_id, language=args.language)
        )
        return 0
    from playground.web.serve import serve

    try:
        asyncio.run(serve(settings, host=host, port=port))
    except OSError as error:
        if error.errno != errno.EADDRINUSE:
            raise
        return _fail(f"port {port} is in use: pass --port or set KENES_PLAYGROUND_PORT")
    return 0


def _hash_key(settings: Settings) -> bytes:
    """Key for hashing Telegram ids in logs: secret (from the bot token) and stable, so one
    person's lines can be followed without their id being recoverable."""
    token = settings.bot_token.get_secret_value() if settings.bot_token else "kenes"
    return token.encode()


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        settings = load_settings()
    except SettingsError as error:
        return _fail(str(error))
    setup_logging(
        settings.log_level,
        as_json=settings.log_json,
        hash_key=_hash_key(settings),
        tz=settings.tz,
    )
    try:
        if args.command == "run":
            if settings.bot_token is None:
                if not args.playground_without_token:
                    return _fail(
                        "KENES_BOT_TOKEN: not set (to try Kenes without Telegram, "
                        "run `kenes playground`)"
                    )
                print("KENES_BOT_TOKEN is not set: starting the local playground.")
                args = _parser().parse_args(["playground"])
                return _playground(settings, args)
            if args.webhook and not settings.webhook_url:
                return _fail("KENES_WEBHOOK_URL: not set (needed by --webhook)")
            from bot.app import run

            asyncio.run(run(settings, webhook=bool(settings.webhook_url)))
        elif args.command == "db":
            from bot import migrate

            asyncio.run(migrate.upgrade(settings.database_url))
            print("database is up to date")
        elif args.command == "playground":
            return _playground(settings, args)
        elif args.command in ("export", "digest"):
            from bot import cli_export

            command = cli_export.export if args.command == "export" else cli_export.digest
            try:
                return asyncio.run(command(settings, args))
            except cli_export.CommandError as error:
                print(f"kenes: {error}", file=sys.stderr)
                return error.status
    except KeyboardInterrupt:
        return 130
    except OSError as error:
        return _fail(f"{error.strerror or error}")
    return 0
