"""The deployment files and their documentation use real settings and the same commands the
production tests run, so what is deployed is what is tested."""

from __future__ import annotations

import re
from pathlib import Path

from bot.settings import Settings

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
