"""Part 6: the author's "not solved" comment is unmoderated text; supporters read a fixed
notice in their own language, the moderators read the comment on the need's card."""

from __future__ import annotations

from models import NeedStatus
from tests.e2e.conftest import World
from tests.e2e.desk.kit import cards_of, notice, staff
from tests.e2e.needs_kit import change
from tests.e2e.public.kit import posted_need, supported_by

NOT_SOLVED = {"kk": "❌ Шешілмеді", "ru": "❌ Не решено"}
FIXED = {
    "kk": "Автордың хабарлауынша, мәселе шешілмеген. Өтініш қайта ашылып, әкімдіктің кезегіне "
    "қайта түсті.",
    "ru": "Автор сообщает, что проблема не решена. Обращение открыто повторно и снова в "
    "очереди акимата.",
}
ON_THE_CARD = {
    "kk": "Автор мәселе шешілмеді деп жазады: {comment}",
    "ru": "Автор пишет, что проблема не решена: {comment}",
}
COMMENT = "Ничего не сделали! Я, Иванов из кв. 12, звоню <b>+7 701 123 45 67</b>"


async def test_supporters_get_a_fixed_text_when_a_need_is_reopened(
    world: World, language: str
) -> None:
    desk = await staff(world, language)
    author = await world.resident(1001, language)
    supporter = await world.resident(1002, language)
    need = await posted_need(world, author.id)
    await supported_by(world, need, supporter.id)
    await change(world, need.id, NeedStatus.RESOLVED, comment="Жол жөнделді")
    before = len(supporter.inbox)

    await author.press(NOT_SOLVED[language])
    await author.send(COMMENT)

    told = [m.content for m in supporter.inbox[before:]]
    assert told == [notice(language, need.number, "reopened", FIXED[language])]
    *_, card = await cards_of(world, need.number)
    assert card.chat.id == desk.one.chat_id
    assert ON_THE_CARD[language].format(comment=COMMENT) in card.content.splitlines()
