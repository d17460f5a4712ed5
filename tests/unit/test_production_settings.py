"""Production settings fail early with one line naming the variable: a webhook needs a valid
secret; the webhook path and the HTTP port follow from the settings."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.cli import main
from bot.settings import Settings, SettingsError, load_settings
from services import pseudonym

URL = "https://bot.akimat.example.kz/telegram/webhook"


@pytest.fixture(autouse=True)
def clean_environment(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    for name in (
        "KENES_WEBHOOK_URL",
        "KENES_WEBHOOK_SECRET",
        "KENES_HTTP_PORT",
        "KENES_BOT_TOKEN",
        "KENES_PSEUDONYM_KEY",
    ):
        monkeypatch.delenv(name, raising=False)
    root = logging.getLogger()
    handlers, level = root.handlers[:], root.level
    yield
    root.handlers[:], root.level = handlers, level  # `main` sets up logging


@pytest.mark.parametrize(
    ("secret", "message"),
    [
        (None, "KENES_WEBHOOK_SECRET: must be set when KENES_WEBHOOK_URL is set"),
        ("has space", "KENES_WEBHOOK_SECRET: must be 1-256 characters of A-Z, a-z, 0-9, _ and -"),
        ("x" * 257, "KENES_WEBHOOK_SECRET: must be 1-256 characters of A-Z, a-z, 0-9, _ and -"),
        ("ключ", "KENES_WEBHOOK_SECRET: must be 1-256 characters of A-Z, a-z, 0-9, _ and -"),
        (
            "kenes-Test_secret-1",
            "KENES_WEBHOOK_SECRET: must be at least 32 characters "
            "(openssl rand -hex 32 gives 64), not 19",
        ),
        (
            "a" * 31,
            "KENES_WEBHOOK_SECRET: must be at least 32 characters "
            "(openssl rand -hex 32 gives 64), not 31",
        ),
    ],
)
def test_a_webhook_needs_a_valid_secret(
    monkeypatch: pytest.MonkeyPatch, secret: str | None, message: str
) -> None:
    monkeypatch.setenv("KENES_WEBHOOK_URL", URL)
    if secret is not None:
        monkeypatch.setenv("KENES_WEBHOOK_SECRET", secret)

    with pytest.raises(SettingsError) as error:
        load_settings(env_file=None)

    assert str(error.value) == message


@pytest.mark.parametrize(
    ("key", "message"),
    [
        (None, "KENES_PSEUDONYM_KEY: must be set when KENES_WEBHOOK_URL is set"),
        (
            "short",
            "KENES_PSEUDONYM_KEY: must be at least 32 characters (e.g. `openssl rand -hex 32`)",
        ),
    ],
)
def test_a_webhook_needs_a_pseudonym_key(
    monkeypatch: pytest.MonkeyPatch, key: str | None, message: str
) -> None:
    monkeypatch.setenv("KENES_WEBHOOK_URL", URL)
    monkeypatch.setenv("KENES_WEBHOOK_SECRET", "s" * 32)
    if key is not None:
        monkeypatch.setenv("KENES_PSEUDONYM_KEY", key)

    with pytest.raises(SettingsError) as error:
        load_settings(env_file=None)

    assert str(error.value) == message


def test_without_a_webhook_the_pseudonym_key_is_generated_once_into_the_data_folder(
    tmp_path: Path,
) -> None:
    settings = Settings(_env_file=None, database_url=f"sqlite+aiosqlite:///{tmp_path}/kenes.db")

    first, again = pseudonym.load_key(settings), pseudonym.load_key(settings)

    assert first == again and len(first) == 64
    assert (tmp_path / "pseudonym.key").stat().st_mode & 0o777 == 0o600
    other = Settings(_env_file=None, database_url=f"sqlite+aiosqlite:///{tmp_path}/b/kenes.db")
    assert pseudonym.load_key(other) != first


def test_webhook_path_and_port_follow_from_the_settings(monkeypatch: pytest.MonkeyPatch) -> None:
    assert load_settings(env_file=None).listen_port is None  # polling: no server by default
    monkeypatch.setenv("KENES_WEBHOOK_URL", URL + "/")
    monkeypatch.setenv("KENES_WEBHOOK_SECRET", "A" * 256)
    monkeypatch.setenv("KENES_PSEUDONYM_KEY", "k" * 32)

    settings = load_settings(env_file=None)

    assert (settings.webhook_path, settings.listen_port) == ("/telegram/webhook", 8080)


def test_run_webhook_without_a_url_fails_with_one_line(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: object
) -> None:
    monkeypatch.chdir(str(tmp_path))  # no .env here
    monkeypatch.setenv("KENES_BOT_TOKEN", "7000000001:KenesPlayground-local-emulator")

    code = main(["run", "--webhook"])

    assert code == 2
    assert capsys.readouterr().err == "kenes: KENES_WEBHOOK_URL: not set (needed by --webhook)\n"


def test_a_short_webhook_secret_stops_start_up_with_one_line(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: object
) -> None:
    monkeypatch.chdir(str(tmp_path))  # no .env here
    monkeypatch.setenv("KENES_BOT_TOKEN", "7000000001:KenesPlayground-local-emulator")
    monkeypatch.setenv("KENES_WEBHOOK_URL", URL)
    monkeypatch.setenv("KENES_WEBHOOK_SECRET", "short-secret")

    code = main(["run", "--webhook"])

    assert code == 2
    assert capsys.readouterr().err == (
        "kenes: KENES_WEBHOOK_SECRET: must be at least 32 characters "
        "(openssl rand -hex 32 gives 64), not 12\n"
    )


def test_a_secret_of_32_characters_is_enough(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KENES_WEBHOOK_URL", URL)
    monkeypatch.setenv("KENES_WEBHOOK_SECRET", "a" * 32)
    monkeypatch.setenv("KENES_PSEUDONYM_KEY", "k" * 32)

    assert load_settings(env_file=None).webhook_secret is not None
