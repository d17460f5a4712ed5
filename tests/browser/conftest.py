"""Browser tests: the web playground in Debian's Chromium (headless), driven by Playwright.

No browser is ever downloaded: Playwright launches ``/usr/bin/chromium`` (``.ci/run`` installs
the ``chromium`` package, and ``fonts-noto-color-emoji`` so that emoji are drawn, which
``test_residents`` checks in a screenshot). Without chromium these tests are skipped with the
reason, except on CI (``CI`` is set), where they fail. Screenshots of every step go to
``tests/artifacts/browser/``.
"""

from __future__ import annotations

import importlib.util
import os
import re
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from bot.app import Kenes
from playground.emulator import Emulator, EmulatorServer, Limits
from playground.web.serve import web_playground
from tests.conftest import make_settings

CHROMIUM = Path(os.environ.get("KENES_TEST_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
ARTIFACTS = Path(__file__).resolve().parents[1] / "artifacts" / "browser"
DESKTOP = {"width": 1366, "height": 860}
PHONE = {"width": 390, "height": 844}
EXPECT_TIMEOUT_MS = 15_000


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    here = Path(__file__).parent
    for item in items:
        if here in Path(str(item.fspath)).parents:
            item.add_marker(pytest.mark.browser)


def _require_chromium() -> None:
    missing = []
    if not CHROMIUM.exists():
        missing.append(f"{CHROMIUM} is missing (apt-get install chromium)")
    if importlib.util.find_spec("playwright") is None:
        missing.append("playwright is not installed (pip install -e '.[dev]')")
    if not missing:
        return
    reason = "browser tests need Chromium and Playwright: " + "; ".join(missing)
    if os.environ.get("CI"):
        pytest.fail(reason)
    pytest.skip(reason)


@dataclass
class Playground:
    """The running web playground: the page's address, the emulator, and Kenes itself."""

    url: str
    emulator: Emulator
    server: EmulatorServer
    kenes: Kenes


@pytest.fixture
async def playground(sqlite_url: str) -> AsyncIterator[Playground]:
    _require_chromium()
    emulator = Emulator(limits=Limits(per_bot=None))
    async with web_playground(make_settings(database_url=sqlite_url), emulator) as (server, kenes):
        yield Playground(server.url, emulator, server, kenes)


@pytest.fixture
async def browser() -> AsyncIterator[Any]:
    _require_chromium()
    from playwright.async_api import async_playwright, expect

    expect.set_options(timeout=EXPECT_TIMEOUT_MS)
    async with async_playwright() as playwright:
        chromium = await playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=CHROMIUM_ARGS
        )
        try:
            yield chromium
        finally:
            await chromium.close()


@dataclass
class Shots:
    """Numbered screenshots of a test's steps: tests/artifacts/browser/<test>/NN-step.png."""

    folder: Path
    taken: list[Path] = field(default_factory=list)

    async def __call__(self, page: Any, step: str) -> None:
        path = self.folder / f"{len(self.taken) + 1:02d}-{step}.png"
        await page.screenshot(path=str(path))
        self.taken.append(path)


@pytest.fixture
def shots(request: pytest.FixtureRequest) -> Shots:
    name = re.sub(r"[^\w.-]+", "-", request.node.name).strip("-")
    folder = ARTIFACTS / request.node.module.__name__.rpartition(".")[2] / name
    folder.mkdir(parents=True, exist_ok=True)
    for old in folder.glob("*.png"):
        old.unlink()
    return Shots(folder)


async def _open_page(browser: Any, playground: Playground, **context: Any) -> AsyncIterator[Any]:
    """A fresh browser context on the playground; fails the test on any script error."""
    session = await browser.new_context(locale="ru-RU", **context)
    page = await session.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    try:
        yield page
    finally:
        await session.close()
    assert errors == [], "the page reported errors"


@pytest.fixture
async def page(browser: Any, playground: Playground) -> AsyncIterator[Any]:
    async for opened in _open_page(browser, playground, viewport=DESKTOP):
        yield opened


@pytest.fixture
async def phone(browser: Any, playground: Playground) -> AsyncIterator[Any]:
    async for opened in _open_page(
        browser, playground, viewport=PHONE, is_mobile=True, has_touch=True, device_scale_factor=2
    ):
        yield opened
