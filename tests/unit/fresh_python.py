"""A snippet run in a fresh interpreter: what a new process imports and builds cannot be
seen from a test process that has imported everything already."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Mapping
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def fresh_python(
    code: str,
    *args: str,
    cwd: Path = ROOT,
    env: Mapping[str, str] | None = None,
    timeout: float = 120,
) -> str:
    """Run ``code`` (with ``args``) in a new interpreter; fail on a non-zero exit with its
    stderr; its stdout, stripped."""
    result = subprocess.run(
        [sys.executable, "-c", code, *args],
        cwd=cwd,
        env=None if env is None else dict(env),
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()
