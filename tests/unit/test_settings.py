"""Settings: every documented variable is read, and a bad one stops start-up with one line."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from bot.settings import OFFICIAL_BOT_API, SettingsError, load_settings

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(autouse=True)
def clean_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in list(__import__("os").environ):
        if name.startswith("KENES_"):
            monkeypatch.delenv(name)


def test_defaults_are_the_embedded_ones() -> None:
    settings = load_settings(env_file=None)

    assert settings.bot_token is None
    assert settings.telegram_api_url == OFFICIAL_BOT_API
    assert settings.database_url == "sqlite+aiosqlite:///data/kenes.db"
    assert settings.akimat_database_url == "sqlite+aiosqlite:///data/akimat.db"
    assert settings.timezone == "Asia/Almaty"
    assert settings.default_language == "kk"
    assert settings.admin_ids == []
    assert settings.storage_kind == "database"


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("123", [123]), ("1,2, 3", [1, 2, 3]), ("1 2", [1, 2]), ("[4, 5]", [4, 5]), ("", [])],
)
def test_admin_ids_accept_common_spellings(
    monkeypatch: pytest.MonkeyPatch, raw: str, expected: list[int]
) -> None:
    monkeypatch.setenv("KENES_ADMIN_IDS", raw)
    assert load_settings(env_file=None).admin_ids == expected


def test_settings_are_read_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KENES_BOT_TOKEN", "123456:ABC-def_1")
    monkeypatch.setenv("KENES_TELEGRAM_API_URL", "http://127.0.0.1:8081/")
    monkeypatch.setenv("KENES_DATABASE_URL", "postgresql://kenes@db/kenes")
    monkeypatch.setenv("KENES_REDIS_URL", "redis://127.0.0.1:6379/0")
    monkeypatch.setenv("KENES_MODERATOR_CHAT_ID", "-1001234")
    monkeypatch.setenv("KENES_DEFAULT_LANGUAGE", "ru")
    monkeypatch.setenv("KENES_CITY", "astana")

    settings = load_settings(env_file=None)

    assert settings.bot_token is not None
    assert settings.bot_token.get_secret_value() == "123456:ABC-def_1"
    assert settings.telegram_api_url == "http://127.0.0.1:8081"
    assert settings.database_url == "postgresql+asyncpg://kenes@db/kenes"
    assert settings.storage_kind == "redis"
    assert settings.moderator_chat_id == -1001234
    assert settings.default_language == "ru"
    assert settings.city == "astana"


def test_dot_env_file_is_read(tmp_path: Path) -> None:
    env_file = tmp_path / ".env"
    env_file.write_text("KENES_DEFAULT_LANGUAGE=ru\nKENES_ADMIN_IDS=7,8\n")

    settings = load_settings(env_file=env_file)

    assert (settings.default_language, settings.admin_ids) == ("ru", [7, 8])


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("KENES_BOT_TOKEN", "not-a-token"),
        ("KENES_TELEGRAM_API_URL", "api.telegram.org"),
        ("KENES_DATABASE_URL", "mysql://x"),
        ("KENES_REDIS_URL", "localhost:6379"),
        ("KENES_ADMIN_IDS", "alice,bob"),
        ("KENES_MODERATOR_CHAT_ID", "moderators"),
        ("KENES_TIMEZONE", "Mars/Olympus"),
        ("KENES_DEFAULT_LANGUAGE", "en"),
        ("KENES_CITY", "New York"),
    ],
)
def test_a_malformed_setting_is_named_in_one_line(
    monkeypatch: pytest.MonkeyPatch, name: str, value: str
) -> None:
    monkeypatch.setenv(name, value)

    with pytest.raises(SettingsError) as error:
        load_settings(env_file=None)

    message = str(error.value)
    assert message.startswith(name + ": ")
    assert "\n" not in message


def _kenes_run(cwd: Path, **environment: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "bot", "run"],
        cwd=cwd,
        env={"PATH": "/usr/bin:/bin", "PYTHONPATH": str(ROOT), **environment},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_kenes_command_reports_a_bad_setting_without_a_traceback(tmp_path: Path) -> None:
    result = _kenes_run(tmp_path, KENES_TIMEZONE="Nowhere/Land")

    assert result.returncode == 2
    assert result.stderr.strip() == (
        "kenes: KENES_TIMEZONE: must be an IANA time zone such as Asia/Almaty"
    )


def test_kenes_run_without_a_token_says_what_to_do(tmp_path: Path) -> None:
    result = _kenes_run(tmp_path)

    assert result.returncode == 2
    assert result.stderr.strip() == (
        "kenes: KENES_BOT_TOKEN: not set (to try Kenes without Telegram, run `kenes playground`)"
    )


def test_every_setting_is_documented_in_env_example() -> None:
    from bot.settings import Settings

    documented = {
        line.split("=", 1)[0]
        for line in (ROOT / ".env.example").read_text().splitlines()
        if line.startswith("KENES_")
    }
    settings = {"KENES_" + name.upper() for name in Settings.model_fields}

    assert settings - documented == set()
    assert documented - settings == set()
