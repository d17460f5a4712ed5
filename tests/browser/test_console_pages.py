"""The console's other pages in Chromium: the dashboard's numbers equal counts made here from
the raw rows (and its CSV holds exactly what is shown), a failed export is tried again from
its page, the audit log is filtered, the hearings and polls are listed; and the queue and a
need's page (with its voice message's length) on a phone, with nothing wider than the
screen."""

from __future__ import annotations

import asyncio
import csv
import io
from collections.abc import AsyncIterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from playwright.async_api import expect
from sqlalchemy import select, update

from models import ExportPeriod, Need, NeedEvent
from models.base import utcnow
from models.need import OPEN_STATUSES, NeedStatus
from tests.browser.conftest import Shots
from tests.browser.console_kit import console_link, open_page, private, sign_in
from tests.e2e.conftest import World, emulator, world
from tests.e2e.desk.kit import ONE, RESIDENT, settings_for, staff
from tests.e2e.needs_kit import change, submit_direct

__all__ = ["emulator", "world"]  # fixtures
LANGUAGES = pytest.mark.parametrize("language", ["kk", "ru"])
T = {
    "kk": {"retry": "Қайталап көру", "exported": "Экспортталды.", "show": "Көрсету"},
    "ru": {"retry": "Повторить", "exported": "Выгружено.", "show": "Показать"},
}
VOICE = {"kk": "🎤 дауыстық хабарлама, 1:05", "ru": "🎤 голосовое сообщение, 1:05"}


@pytest.fixture
def settings_overrides(tmp_path: Path) -> dict[str, Any]:
    akimat = f"sqlite+aiosqlite:///{tmp_path / 'akimat.db'}"
    return settings_for("kk") | {"akimat_database_url": akimat}


@pytest.fixture
async def page(browser: Any) -> AsyncIterator[Any]:
    async for opened in open_page(browser):
        yield opened


@pytest.fixture
async def phone(browser: Any) -> AsyncIterator[Any]:
    async for opened in open_page(browser, phone=True):
        yield opened


async def _needs(world: World) -> list[Need]:
    """Five needs in three cells: accepted, resolved, overdue, new."""
    made = [
        await submit_direct(world, RESIDENT, category="roads", district="almaly"),
        await submit_direct(world, RESIDENT, category="roads", district="almaly"),
        await submit_direct(world, RESIDENT, category="roads", district="medeu"),
        await submit_direct(world, RESIDENT, category="waste", district="almaly"),
        await submit_direct(world, RESIDENT, category="waste", district="almaly"),
    ]
    await change(world, made[0].id, NeedStatus.ACCEPTED)
    await change(world, made[1].id, NeedStatus.ACCEPTED)
    await change(world, made[1].id, NeedStatus.RESOLVED)
    await change(world, made[3].id, NeedStatus.IN_PROGRESS)
    async with world.kenes.sessionmaker() as session, session.begin():
        await session.execute(
            update(Need)
            .where(Need.id.in_([made[2].id, made[3].id]))
            .values(deadline_at=utcnow() - timedelta(days=1))
        )
    return made


async def _expected(world: World) -> dict[str, list[int]]:
    """Counted here from the rows, as the dashboard defines them."""
    now = utcnow()
    expected: dict[str, list[int]] = {}
    async with world.kenes.sessionmaker() as session, session.begin():
        needs = (await session.scalars(select(Need))).all()
        events = (await session.execute(select(NeedEvent.need_id, NeedEvent.to_status))).all()
    accepted = {need_id for need_id, to in events if to == "accepted"}
    for need in needs:
        cell = expected.setdefault(f"{need.district}:{need.category}", [0, 0, 0, 0])
        cell[0] += 1
        cell[1] += need.id in accepted
        cell[2] += need.status == "resolved"
        cell[3] += need.status in OPEN_STATUSES and need.deadline_at < now
    expected["total"] = [sum(values[i] for values in expected.values()) for i in range(4)]
    return expected


@LANGUAGES
async def test_the_dashboards_numbers_are_the_rows_counts(
    world: World, page: Any, shots: Shots, language: str
) -> None:
    await staff(world, language)
    await world.resident(RESIDENT, language)
    await _needs(world)
    expected = await _expected(world)
    assert expected["total"] == [5, 2, 1, 2]  # the set-up is what this test thinks it is
    await sign_in(page, await console_link(private(world, ONE)), language)

    await page.goto(page.url + "dashboard")

    shown = {}
    for row in await page.locator("tr[data-cell]").all():
        cells = [await cell.inner_text() for cell in await row.locator("td.num").all()]
        shown[await row.get_attribute("data-cell")] = [int(cell) for cell in cells]
    assert shown == expected
    await shots(page, "dashboard")
    async with page.expect_download() as waiting:
        await page.locator("a[data-format=csv]").click()
    download = await waiting.value
    text = await asyncio.to_thread(Path(await download.path()).read_text, "utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    figures = {
        (f"{r[0]}:{r[2]}" if r[0] else "total"): [int(value) for value in r[4:]] for r in rows[1:]
    }
    assert figures == expected
    async with page.expect_download() as waiting:
        await page.locator("a[data-format=xlsx]").click()
    data = await asyncio.to_thread(Path(await (await waiting.value).path()).read_bytes)
    book = load_workbook(io.BytesIO(data))
    assert book.active is not None
    sheet = [list(row) for row in book.active.iter_rows(min_row=2, values_only=True)]
    assert {(f"{r[0]}:{r[2]}" if r[0] else "total"): r[4:] for r in sheet} == expected


@LANGUAGES
async def test_a_failed_export_is_tried_again_and_the_audit_log_filtered(
    world: World, page: Any, shots: Shots, language: str
) -> None:
    await staff(world, language)
    await world.resident(RESIDENT, language)
    need = await submit_direct(world, RESIDENT)
    await change(world, need.id, NeedStatus.ACCEPTED)
    day = (utcnow() - timedelta(days=3)).date().isoformat()
    async with world.kenes.sessionmaker() as session, session.begin():
        session.add(
            ExportPeriod(
                kind="akimat", granularity="day", period=day, state="failed", attempts=3,
                last_error="OperationalError",
            )
        )  # fmt: skip
    await sign_in(page, await console_link(private(world, ONE)), language)

    await page.goto(page.url + "exports")
    await expect(page.locator(f"tr[data-period='{day}']")).to_contain_text("OperationalError")
    await shots(page, "failed")
    await page.get_by_role("button", name=T[language]["retry"]).click()

    await expect(page.locator(".result")).to_have_text(T[language]["exported"])
    await expect(page.locator(f"tr[data-period='{day}']")).to_contain_text("done")
    await shots(page, "exported")

    await page.goto(page.url.split("/exports")[0] + "/audit")
    await page.locator("#action").fill("moderator.")
    await page.get_by_role("button", name=T[language]["show"]).click()
    rows = page.locator("table.audit tbody tr")
    await expect(rows).to_have_count(2)  # the two appointments, nothing else
    await expect(rows.first).to_contain_text("moderator.add")
    await shots(page, "audit")

    await page.goto(page.url.split("/audit")[0] + "/hearings")
    await expect(page.locator("h1")).to_be_visible()
    await shots(page, "hearings")


@LANGUAGES
async def test_the_queue_and_a_need_on_a_phone(
    world: World, phone: Any, shots: Shots, language: str
) -> None:
    await staff(world, language)
    await world.resident(RESIDENT, language)
    needs = await _needs(world)
    async with world.kenes.sessionmaker() as session, session.begin():
        await session.execute(
            update(Need)
            .where(Need.id == needs[0].id)
            .values(voice_file_id="voice-1", voice_file_unique_id="v1", voice_duration=65)
        )
    await sign_in(phone, await console_link(private(world, ONE)), language)
    wide = "document.documentElement.scrollWidth <= window.innerWidth"

    assert await phone.evaluate(wide)
    await shots(phone, "queue")
    await phone.get_by_role("link", name=needs[0].number).scroll_into_view_if_needed()
    await shots(phone, "queue-results")
    await phone.get_by_role("link", name=needs[0].number).click()
    await expect(phone.locator("h1")).to_contain_text(needs[0].number)
    await expect(phone.locator("[data-field=voice]")).to_have_text(VOICE[language])
    assert await phone.evaluate(wide)
    await shots(phone, "need")


async def test_the_queue_by_keyboard(world: World, page: Any, shots: Shots) -> None:
    await staff(world, "kk")
    await world.resident(RESIDENT, "kk")
    needs = await _needs(world)
    await sign_in(page, await console_link(private(world, ONE)), "kk")

    await page.keyboard.press("/")
    await expect(page.locator("#q")).to_be_focused()
    await page.locator("#q").blur()
    await page.keyboard.press("j")
    await page.keyboard.press("j")
    await page.keyboard.press("k")
    await page.keyboard.press("j")
    newest_first = [need.number for need in reversed(needs)]
    await expect(page.get_by_role("link", name=newest_first[1])).to_be_focused()
    await shots(page, "second-need-focused")
    await page.keyboard.press("Enter")

    await expect(page.locator("h1")).to_contain_text(newest_first[1])
