"""Needs, statuses, supporters, ratings and statistics against real databases: SQLite, and
PostgreSQL when KENES_TEST_POSTGRES_URL is set."""

from __future__ import annotations

import asyncio
import re
import uuid
from datetime import timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from models import Need, NeedEvent, NeedStatus, NeedSupporter, Rating, Resident
from models.base import utcnow
from models.repositories import needs as repo
from services import erasure, needs, ratings, residents, stats, statuses
from services.deadlines import answer_deadline
from services.needs import Filed, LimitReached, NewNeed
from services.stats import Line

TZ = ZoneInfo("Asia/Almaty")
S = NeedStatus


@pytest.fixture
def sessions(
    sessionmaker: async_sessionmaker[AsyncSession],
) -> async_sessionmaker[AsyncSession]:
    return sessionmaker  # tests/repo/conftest.py: a migrated database of each kind


async def add_resident(sessions: async_sessionmaker[AsyncSession], telegram_id: int) -> int:
    async with sessions() as session:
        resident = await residents.choose_language(session, telegram_id, "ru")
    return resident.id


def draft(**fields: object) -> NewNeed:
    values: dict[str, object] = {
        "draft_key": uuid.uuid4().hex,
        "category": "roads",
        "district": "almaly",
        "description": "Яма на дороге у дома 5",
        "address": "ул. Абая, 10",
    }
    return NewNeed(**(values | fields))  # type: ignore[arg-type]


async def author(sessions: async_sessionmaker[AsyncSession], resident_id: int) -> Resident:
    async with sessions() as session, session.begin():
        resident = await session.get(Resident, resident_id)
    assert resident is not None
    return resident


async def file(
    sessions: async_sessionmaker[AsyncSession], resident_id: int, new: NewNeed | None = None
) -> Need:
    filer = await author(sessions, resident_id)
    async with sessions() as session:
        result = await needs.submit(
            session, filer, new or draft(), deadline_days=15, limit=100, tz=TZ
        )
    assert isinstance(result, Filed)
    return result.need


async def test_a_need_gets_a_public_number_history_and_photos(
    sessions: async_sessionmaker[AsyncSession],
) -> None:
    resident_id = await add_resident(sessions, 1)

    need = await file(sessions, resident_id, draft(photos=("PHO1", "PHO2")))

    assert re.fullmatch(rf"N-{need.created_at.astimezone(TZ).year}-{need.id:06d}", need.number)
    assert need.deadline_at > need.created_at + timedelta(days=14)  # 15 working days
    async with sessions() as session, session.begin():
        assert await repo.photos(session, need.id) == ["PHO1", "PHO2"]
        [event] = await repo.events(session, need.id)
    assert (event.from_status, event.to_status, event.actor) == (None, "new", "resident")


async def test_one_draft_is_one_need_even_sent_twice_at_once(
    sessions: async_sessionmaker[AsyncSession],
) -> None:
    filer = await author(sessions, await add_resident(sessions, 2))
    same = draft()

    async def send() -> Filed | LimitReached:
        async with sessions() as session:
            return await needs.submit(session, filer, same, deadline_days=15, limit=9, tz=TZ)

    results = await asyncio.gather(send(), send())

    assert sorted(r.created for r in results if isinstance(r, Filed)) == [False, True]
    assert len({r.need.id for r in results if isinstance(r, Filed)}) == 1
    async with sessions() as session, session.begin():
        assert await session.scalar(select(func.count(Need.id))) == 1


async def test_the_draft_key_is_unique_in_the_database(
    sessions: async_sessionmaker[AsyncSession],
) -> None:
    resident_id = await add_resident(sessions, 3)
    need = await file(sessions, resident_id)

    with pytest.raises(IntegrityError):
        async with sessions() as session, session.begin():
            await repo.add(
                session,
                year=2026,
                draft_key=need.draft_key,
                resident_id=resident_id,
                category="roads",
                district="almaly",
                description="ещё раз то же самое",
                status="new",
                deadline_at=utcnow(),
            )


async def test_the_daily_limit(sessions: async_sessionmaker[AsyncSession]) -> None:
    resident_id = await add_resident(sessions, 4)
    await file(sessions, resident_id)
    filer = await author(sessions, resident_id)

    async with sessions() as session:
        result = await needs.submit(session, filer, draft(), deadline_days=15, limit=1, tz=TZ)
        left = await needs.needs_left_today(session, filer, limit=1, tz=TZ)

    assert result == LimitReached(1)
    assert left == 0


async def test_needs_and_look_ups_made_before_an_erasure_count_to_the_day(
    sessions: async_sessionmaker[AsyncSession],
) -> None:
    open_need = await file(sessions, await add_resident(sessions, 19))
    async with sessions() as session:
        await statuses.change_status(session, open_need.id, S.ACCEPTED, actor="staff:9")
    before = await author(sessions, await add_resident(sessions, 20))
    await file(sessions, before.id)
    async with sessions() as session:
        found = [
            await needs.find_duplicate(session, before, draft(), limit=2, tz=TZ) for _ in "12"
        ]
        await erasure.erase(session, 20, tz=TZ)
    after = await author(sessions, await add_resident(sessions, 20))  # the account is back

    async with sessions() as session:
        left = await needs.needs_left_today(session, after, limit=3, tz=TZ)
        third = await needs.find_duplicate(session, after, draft(), limit=2, tz=TZ)

    assert [need.id for need in found if need is not None] == [open_need.id] * 2
    assert left == 2
    assert third is None  # the day's third look-up, two of them before the erasure


async def test_concurrent_status_changes_have_exactly_one_winner(
    sessions: async_sessionmaker[AsyncSession],
) -> None:
    need = await file(sessions, await add_resident(sessions, 5))

    async def attempt(to: NeedStatus) -> statuses.StatusChange | statuses.StatusConflict:
        async with sessions() as session:
            try:
                return await statuses.change_status(
                    session, need.id, to, actor="staff:9", expected=S.NEW, comment="причина"
                )
            except statuses.StatusConflict as conflict:
                return conflict

    results = await asyncio.gather(attempt(S.ACCEPTED), attempt(S.REJECTED))

    [winner] = [r for r in results if isinstance(r, statuses.StatusChange)]
    [loser] = [r for r in results if isinstance(r, statuses.StatusConflict)]
    assert loser.current == winner.to_status
    async with sessions() as session, session.begin():
        stored = await session.get(Need, need.id)
        events = await session.scalar(select(func.count(NeedEvent.id)))
    assert stored is not None and stored.status == winner.to_status
    assert events == 2


@pytest.mark.parametrize(
    ("path", "error"),
    [
        ([S.RESOLVED, S.ACCEPTED], statuses.TransitionNotAllowed),
        ([S.REJECTED, S.IN_PROGRESS], statuses.TransitionNotAllowed),
        ([S.NOT_OUR_COMPETENCE], statuses.MissingDetail),  # no "where to go"
        ([S.DUPLICATE], statuses.MissingDetail),  # no original
    ],
)
async def test_impossible_changes_are_refused(
    sessions: async_sessionmaker[AsyncSession],
    path: list[NeedStatus],
    error: type[Exception],
) -> None:
    need = await file(sessions, await add_resident(sessions, 6))
    *before, last = path

    async with sessions() as session:
        for status in before:
            await statuses.change_status(session, need.id, status, actor="staff:9", comment="x")
        with pytest.raises(error):
            await statuses.change_status(session, need.id, last, actor="staff:9")


async def test_a_duplicate_brings_its_people_to_the_original(
    sessions: async_sessionmaker[AsyncSession],
) -> None:
    author, second, third = [await add_resident(sessions, i) for i in (7, 8, 9)]
    original = await file(sessions, author)
    duplicate = await file(sessions, second)
    async with sessions() as session:
        assert (await needs.support(session, third, duplicate.id)).added  # type: ignore[union-attr]
        done = await statuses.change_status(
            session, duplicate.id, S.DUPLICATE, actor="staff:9", duplicate_of=original.id
        )
        change = await statuses.change_status(session, original.id, S.ACCEPTED, actor="staff:9")

    assert done.duplicate_of == original.number
    assert [r.is_author for r in change.recipients] == [True, False, False]
    async with sessions() as session, session.begin():
        assert await repo.supporters_count(session, original.id) == 2


async def test_support_is_counted_once_and_survives_erasure(
    sessions: async_sessionmaker[AsyncSession],
) -> None:
    author, supporter = await add_resident(sessions, 10), await add_resident(sessions, 11)
    need = await file(sessions, author)

    async with sessions() as session:
        first = await needs.support(session, supporter, need.id)
        again = await needs.support(session, supporter, need.id)
        own = await needs.support(session, author, need.id)
        await erasure.erase(session, 11, tz=TZ)
        await erasure.erase(session, 10, tz=TZ)

    assert first is not None and (first.added, first.supporters) == (True, 1)
    assert again is not None and (again.added, again.supporters) == (False, 1)
    assert own is not None and (own.added, own.supporters) == (False, 1)
    async with sessions() as session, session.begin():
        stored = await session.get(Need, need.id)
        links = (await session.execute(select(NeedSupporter.resident_id))).scalars().all()
    assert stored is not None and stored.resident_id is None  # kept, anonymised
    assert links == [None]


async def test_recipients_leave_out_who_blocked_the_bot_or_turned_notices_off(
    sessions: async_sessionmaker[AsyncSession],
) -> None:
    ids = [await add_resident(sessions, i) for i in (12, 13, 14)]
    need = await file(sessions, ids[0])
    async with sessions() as session:
        for supporter in ids[1:]:
            await needs.support(session, supporter, need.id)
        await residents.set_bot_blocked(session, 13, blocked=True)
        async with session.begin():
            await session.execute(
                update(Resident).where(Resident.telegram_id == 14).values(notifications=False)
            )
        change = await statuses.change_status(session, need.id, S.IN_PROGRESS, actor="staff:9")

    assert [r.telegram_id for r in change.recipients] == [12]


async def test_reopening_is_for_the_author_within_14_days(
    sessions: async_sessionmaker[AsyncSession],
) -> None:
    author, stranger = await add_resident(sessions, 15), await add_resident(sessions, 16)
    need = await file(sessions, author)
    async with sessions() as session:
        await statuses.change_status(session, need.id, S.RESOLVED, actor="staff:9")
        with pytest.raises(statuses.NeedNotFound):
            await statuses.reopen(session, need.id, stranger, "не решено", deadline_days=15, tz=TZ)
        async with session.begin():
            await session.execute(
                update(NeedEvent)
                .where(NeedEvent.to_status == "resolved")
                .values(at=utcnow() - timedelta(days=15))
            )
        with pytest.raises(statuses.ReopenTooLate):
            await statuses.reopen(session, need.id, author, "не решено", deadline_days=15, tz=TZ)
        async with session.begin():
            await session.execute(update(NeedEvent).values(at=utcnow() - timedelta(days=13)))
        change = await statuses.reopen(
            session, need.id, author, "не решено", deadline_days=15, tz=TZ
        )
        rated = await statuses.rate_resolution(session, need.id, author, 5)

    assert (change.from_status, change.to_status, change.comment) == (
        "resolved",
        "reopened",
        "не решено",
    )
    assert rated is False  # no longer resolved


async def test_a_reopened_need_is_due_again_counted_from_the_reopening(
    sessions: async_sessionmaker[AsyncSession],
) -> None:
    author = await add_resident(sessions, 18)
    need = await file(sessions, author)
    filed_due = need.deadline_at
    long_ago = utcnow() - timedelta(days=40)  # filed long ago, resolved late
    async with sessions() as session:
        async with session.begin():
            await session.execute(
                update(Need)
                .where(Need.id == need.id)
                .values(created_at=long_ago, deadline_at=answer_deadline(long_ago, 15, TZ))
            )
        await statuses.change_status(session, need.id, S.RESOLVED, actor="staff:9")
        change = await statuses.reopen(
            session, need.id, author, "не решено", deadline_days=5, tz=TZ
        )
        async with session.begin():
            stored = await session.scalar(select(Need.deadline_at).where(Need.id == need.id))

    assert stored == change.deadline_at == answer_deadline(change.at, 5, TZ)
    assert answer_deadline(long_ago, 15, TZ) < change.at < stored < filed_due


async def test_statistics_are_grouped_in_sql_over_the_last_30_days(
    sessions: async_sessionmaker[AsyncSession],
) -> None:
    residents = [await add_resident(sessions, 17 + n * 100) for n in range(3)]
    cells = [("roads", "almaly")] * 3 + [("waste", "medeu")] * 3
    for n, (category, district) in enumerate(cells):
        await file(sessions, residents[n % 3], draft(category=category, district=district))
    old = await file(sessions, residents[0], draft(category="snow"))
    async with sessions() as session:
        async with session.begin():
            await session.execute(
                update(Need)
                .where(Need.id == old.id)
                .values(created_at=utcnow() - timedelta(days=31))
            )
        for resident_id, score in zip(residents, (4, 1, 4), strict=True):
            await ratings.rate(session, resident_id, "parks", "almaly", score)
        await ratings.rate(session, residents[0], "parks", "medeu", 1)
        found = await stats.figures(session, min_cell=3)
        home = await stats.home_district(session, residents[2])

    city, almaly = found.city, found.of("almaly")
    assert city.total == Line("", 6)
    assert city.by_category == [Line("roads", 3), Line("waste", 3)]
    assert city.by_status == [Line("new", 6)]
    # Medeu's one rating is hidden, and so is Almaly's (the city's less Almaly's gives it)
    assert city.ratings == [Line("parks", 4, mean=2.5)]
    assert (almaly.total, almaly.ratings) == (Line("", 3), [Line("parks", None, small=False)])
    assert found.of("medeu").ratings == [Line("parks", None, small=True)]
    assert home == "medeu"  # the district of the latest need


async def test_a_rating_within_30_days_replaces_the_earlier_one(
    sessions: async_sessionmaker[AsyncSession],
) -> None:
    resident_id = await add_resident(sessions, 18)
    async with sessions() as session:
        first = await ratings.rate(session, resident_id, "parks", "almaly", 2, "грязно")
        second = await ratings.rate(session, resident_id, "parks", "almaly", 5)
        async with session.begin():
            await session.execute(update(Rating).values(created_at=utcnow() - timedelta(days=31)))
        third = await ratings.rate(session, resident_id, "parks", "almaly", 3)

    assert (first.replaced, first.average, first.count) == (None, 2.0, 1)
    assert second.replaced is not None and (second.average, second.count) == (5.0, 1)
    assert (third.replaced, third.average, third.count) == (None, 4.0, 2)


async def test_a_need_added_then_rolled_back_leaves_nothing_in_the_session(
    sessions: async_sessionmaker[AsyncSession],
) -> None:
    resident_id = await add_resident(sessions, 7)
    fields = {
        "resident_id": resident_id,
        "category": "roads",
        "district": "almaly",
        "description": "шұңқыр жолда",
        "status": "new",
        "deadline_at": utcnow(),
    }
    async with sessions() as session:
        with pytest.raises(RuntimeError):
            async with session.begin():
                await repo.add(session, year=2026, draft_key="first", **fields)
                raise RuntimeError("a later statement of the transaction failed")
        # SQLite gives the rolled-back row's id again: nothing of the first may be in the way.
        async with session.begin():
            need = await repo.add(session, year=2026, draft_key="second", **fields)
        assert need.number == repo.public_number(need.id, 2026)
        assert (need.draft_key, need.category, need.status) == ("second", "roads", "new")
        async with session.begin():
            assert await repo.by_draft_key(session, "first") is None
            again = await repo.by_draft_key(session, "second")
    assert again is not None and again.number == need.number
