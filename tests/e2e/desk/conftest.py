"""The desk tests run Kenes with an administrator and a moderators' group whose cards are in
the moderators' language ``ml`` (``kk`` unless a test parametrizes it, ``indirect``)."""

from __future__ import annotations

from typing import Any

import pytest

from tests.e2e.desk.kit import settings_for


@pytest.fixture
def ml(request: pytest.FixtureRequest) -> str:
    return str(getattr(request, "param", "kk"))


@pytest.fixture
def settings_overrides(ml: str) -> dict[str, Any]:
    return settings_for(ml)
