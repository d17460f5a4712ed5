"""In the moderators' group a typed message does only what its author meant: a step that
needs a reason, a number, a text or a photo asks with a ForceReply addressed to its
moderator and takes only that moderator's reply to that question; everything else said in
the group is conversation. What reaches a resident or cannot be undone (reject, block,
answer, resolve) is shown first, as the author will read it, with Confirm and Cancel."""

from __future__ import annotations

import pytest

from tests.e2e.conftest import World
from tests.e2e.desk.kit import (
    BUTTONS,
    CROSSED,
    GROUP,
    NAMES,
    NOTICE,
    ONE,
    SAY,
    STATUS,
    TWO,
    audit_of,
    confirm,
    need_row,
    notice,
    preview_text,
    staff,
)
from tests.e2e.needs_kit import filed

LANGUAGES = pytest.mark.parametrize("ml", ["kk", "ru"], indirect=True)
NO_PHOTO = {"kk": "⏭ Фотосуретсіз", "ru": "⏭ Без фото"}


@pytest.mark.parametrize(("rl", "ml"), CROSSED, indirect=["ml"])
async def test_a_stray_message_while_a_reject_is_pending_changes_nothing(
    world: World, rl: str, ml: str
) -> None:
    desk = await staff(world, ml)
    resident = await world.resident(1001, rl)
    number = await filed(world, resident, rl)
    told = len(resident.inbox)
    await desk.one.press(BUTTONS[ml]["rej"])
    [asked] = await desk.one.press(SAY[ml]["own"])
    assert asked.reply_markup == {"force_reply": True, "selective": True}
    assert desk.one.prompt() is asked

    assert await desk.one.send("wait, checking") == []  # said in the group, not a reply
    assert (await need_row(world, number)).status == "new"
    [preview] = await desk.one.answer("Жеке аумақ / частная территория")

    assert preview.content == preview_text(
        ml, "check_status", rl, "Жеке аумақ / частная территория",
        name=NAMES[ONE], number=number, status=STATUS[ml]["rejected"],
    )  # fmt: skip
    assert preview.buttons == [SAY[ml]["confirm"], SAY[ml]["cancel"]]
    assert len(resident.inbox) == told  # nothing sent before Confirm
    [done] = await confirm(desk.one, ml)
    assert done.content == SAY[ml]["done"].format(number=number, status=STATUS[ml]["rejected"])
    assert resident.last.content == notice(
        rl,
        number,
        "rejected",
        NOTICE[rl]["rejected"].format(reason="Жеке аумақ / частная территория"),
    )
    assert len(resident.inbox) == told + 1


@pytest.mark.parametrize(("rl", "ml"), CROSSED, indirect=["ml"])
async def test_a_photo_posted_not_as_a_reply_does_not_resolve(
    world: World, rl: str, ml: str
) -> None:
    desk = await staff(world, ml)
    resident = await world.resident(1001, rl)
    number = await filed(world, resident, rl)
    told = len(resident.inbox)
    await desk.one.press(BUTTONS[ml]["res"])
    await desk.one.press(SAY[ml]["own"])
    [photo_question] = await desk.one.answer("Шұңқыр жабылды / яма засыпана")
    assert photo_question.buttons == [NO_PHOTO[ml], SAY[ml]["stop"]]

    assert await desk.one.send_photo() == []  # a photo in the group, not a reply
    assert await desk.two.send_photo() == []
    assert (await need_row(world, number)).status == "new"
    assert len(resident.inbox) == told
    [preview] = await desk.one.reply_photo(photo_question)

    assert preview.content == "\n".join(
        [
            preview_text(
                ml, "check_status", rl, "Шұңқыр жабылды / яма засыпана",
                name=NAMES[ONE], number=number, status=STATUS[ml]["resolved"],
            ),
            SAY[ml]["with_photo"],
        ]
    )  # fmt: skip
    await confirm(desk.one, ml)
    assert (await need_row(world, number)).status == "resolved"
    replied = [m for m in world.emulator.history(GROUP) if m.reply_to is photo_question]
    [entry] = await audit_of(world, number)
    assert entry[3]["photo"] == replied[0].extra["photo"][-1]["file_id"]  # the reply's photo


@LANGUAGES
async def test_only_the_prompting_moderators_reply_counts(world: World, ml: str) -> None:
    desk = await staff(world, ml)
    resident = await world.resident(1001, "ru")
    number = await filed(world, resident, "ru")
    told = len(resident.inbox)
    [asked] = await desk.one.press(BUTTONS[ml]["blk"])
    assert world.emulator.force_reply_prompt(GROUP, TWO) is None  # not opened in TWO's app

    assert await desk.two.reply("Спам жібереді", asked) == []  # TWO swipes to reply anyway
    [preview] = await desk.one.answer("Спам жібереді / рассылает спам")
    assert preview.content == preview_text(
        ml, "check_block", "ru", "Спам жібереді / рассылает спам", name=NAMES[ONE], number=number
    )
    assert await desk.two.press(SAY[ml]["confirm"], preview) == []  # not TWO's to confirm
    assert desk.two.answers()[-1] == SAY[ml]["stale"]
    assert len(resident.inbox) == told

    await confirm(desk.one, ml)
    assert resident.last.content == NOTICE["ru"]["blocked"].format(
        reason="Спам жібереді / рассылает спам"
    )


@pytest.mark.parametrize(("rl", "ml"), CROSSED, indirect=["ml"])
async def test_cancel_at_the_preview_sends_nothing_to_the_resident(
    world: World, rl: str, ml: str
) -> None:
    desk = await staff(world, ml)
    resident = await world.resident(1001, rl)
    number = await filed(world, resident, rl)
    told = len(resident.inbox)
    await desk.one.press(BUTTONS[ml]["rpl"])
    await desk.one.press(SAY[ml]["own"])
    [preview] = await desk.one.answer("Ертең келеміз / придём завтра")
    assert preview.content == preview_text(
        ml, "check_answer", rl, "Ертең келеміз / придём завтра", name=NAMES[ONE], number=number
    )

    [cancelled] = await desk.one.press(SAY[ml]["cancel"], preview)

    assert cancelled.content == SAY[ml]["cancelled"]
    assert preview.buttons == []
    await desk.one.press(BUTTONS[ml]["rej"])  # a listed reason is previewed too
    [listed] = await desk.one.press({"kk": "Түсініксіз жазылған", "ru": "Изложено неясно"}[ml])
    assert listed.buttons == [SAY[ml]["confirm"], SAY[ml]["cancel"]]
    await desk.one.press(SAY[ml]["cancel"], listed)
    assert len(resident.inbox) == told
    assert (await need_row(world, number)).status == "new"
    assert await audit_of(world, number) == []
