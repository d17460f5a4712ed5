"""The deployment files and their documentation use real settings and the same commands the
production tests run, so what is deployed is what is tested."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest

from bot.settings import Settings, SettingsError, load_settings

ROOT = Path(__file__).resolve().parents[2]
DEPLOYED = [
    ROOT / "deploy" / "compose.yaml",
    ROOT / "deploy" / "kenes.service",
    ROOT / "deploy" / "Dockerfile",
    ROOT / "docs" / "deploy.md",
    ROOT / ".env.example",
]
TESTED_COMMAND = (ROOT / "tests" / "e2e" / "production" / "processes.py").read_text()


def test_every_kenes_variable_mentioned_is_a_setting() -> None:
    settings = {f"KENES_{name.upper()}" for name in Settings.model_fields}
    mentioned = {
        variable
        for path in DEPLOYED
        for variable in re.findall(r"\bKENES_[A-Z_]+\b", path.read_text())
    }

    assert mentioned - settings == set()
    assert {"KENES_WEBHOOK_URL", "KENES_WEBHOOK_SECRET", "KENES_REDIS_URL"} <= mentioned


def test_deployments_run_the_command_the_tests_run() -> None:
    compose = (ROOT / "deploy" / "compose.yaml").read_text()
    unit = (ROOT / "deploy" / "kenes.service").read_text()

    assert '[KENES, "run"] + (["--webhook"] if self.webhook else [])' in TESTED_COMMAND
    assert 'command: ["kenes", "run", "--webhook"]' in compose
    assert re.search(r"^ExecStart=\S+/\.venv/bin/kenes run$", unit, re.MULTILINE)
    assert compose.count("<<: *bot") == 2  # two instances
    assert "postgres:" in compose and "redis:" in compose


def shell_blocks(markdown: str) -> list[str]:
    return re.findall(r"^```sh\n(.*?)^```$", markdown, re.MULTILINE | re.DOTALL)


def test_the_documented_env_commands_generate_a_secret_kenes_accepts(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (block,) = [
        block
        for block in shell_blocks((ROOT / "docs" / "deploy.md").read_text())
        if "cat >> .env" in block
    ]
    assert "docker" not in block  # the block writes .env and nothing else

    subprocess.run(["sh", "-eu", "-c", block], cwd=tmp_path, check=True, timeout=30)

    written = dict(
        line.split("=", 1) for line in (tmp_path / ".env").read_text().splitlines() if line
    )
    assert re.fullmatch(r"[0-9a-f]{64}", written["KENES_WEBHOOK_SECRET"])
    assert re.fullmatch(r"[0-9a-f]{64}", written["KENES_PSEUDONYM_KEY"])
    assert written["KENES_PSEUDONYM_KEY"] != written["KENES_WEBHOOK_SECRET"]
    assert re.fullmatch(r"[0-9a-f]{32}", written["POSTGRES_PASSWORD"])
    monkeypatch.setenv("KENES_WEBHOOK_URL", "https://bot.akimat.example.kz/telegram/webhook")
    monkeypatch.setenv("KENES_WEBHOOK_SECRET", written["KENES_WEBHOOK_SECRET"])
    monkeypatch.setenv("KENES_PSEUDONYM_KEY", written["KENES_PSEUDONYM_KEY"])
    settings = load_settings(env_file=None)
    assert settings.webhook_secret is not None
    assert settings.webhook_secret.get_secret_value() == written["KENES_WEBHOOK_SECRET"]


def test_a_literal_command_as_secret_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KENES_WEBHOOK_URL", "https://bot.akimat.example.kz/telegram/webhook")
    monkeypatch.setenv("KENES_WEBHOOK_SECRET", "$(openssl rand -hex 32)")

    with pytest.raises(SettingsError, match=r"^KENES_WEBHOOK_SECRET: "):
        load_settings(env_file=None)
