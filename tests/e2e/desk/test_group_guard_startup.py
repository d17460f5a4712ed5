"""At start-up, and whenever its own rights in the moderators' group change, Kenes checks
that it is an administrator there with the right to ban users, and says what is missing in
the log and to the administrators (here in the deployment's language, as the administrator
never chose one)."""

from __future__ import annotations

from typing import Any

import pytest

from playground.emulator import Emulator, Limits
from tests.e2e.conftest import World
from tests.e2e.desk.kit import GROUP, settings_for
from tests.e2e.staff import ADMIN

MISSING = {
    "kk": {
        "not_admin": "⚠️ «Кеңес» модераторлар тобының әкімшісі емес, сондықтан топқа кім "
        "кіретінін көре алмайды және ешкімді шығара алмайды. «Кеңес» ботын пайдаланушыларды "
        "бұғаттау құқығы бар әкімші етіңіз.",
        "no_ban": "⚠️ «Кеңес» — модераторлар тобының әкімшісі, бірақ оның пайдаланушыларды "
        "бұғаттау құқығы жоқ, сондықтан ешкімді топтан шығара алмайды. «Кеңес» ботына осы "
        "құқықты беріңіз.",
    },
    "ru": {
        "not_admin": "⚠️ Бот «Кеңес» не является администратором группы модераторов, поэтому "
        "не видит, кто вступает в группу, и не может никого удалить. Сделайте бота «Кеңес» "
        "администратором с правом блокировать пользователей.",
        "no_ban": "⚠️ Бот «Кеңес» — администратор группы модераторов, но без права блокировать "
        "пользователей, поэтому он никого не может удалить. Дайте боту «Кеңес» это право.",
    },
}


@pytest.fixture(params=["kk", "ru"])
def language(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
def settings_overrides(language: str) -> dict[str, Any]:
    return settings_for(language) | {"default_language": language}


@pytest.fixture
def emulator() -> Emulator:
    """The group exists before Kenes starts, Kenes is only a member of it, and the
    administrator has written to Kenes before."""
    api = Emulator(limits=Limits(per_bot=None))
    admin = api.user(ADMIN, first_name="Әкім")
    api.private_chat(admin)
    admin.started = True
    api.group(GROUP, "Moderators", [ADMIN, api.bot.id])
    api.make_owner(GROUP, ADMIN)
    return api


async def test_kenes_says_at_start_up_and_on_promotion_what_it_lacks_in_the_group(
    caplog: pytest.LogCaptureFixture, world: World, language: str
) -> None:
    admin = world.person(ADMIN, language_code=None)
    await world.wait_for(lambda: bool(admin.inbox), what="the start-up check")

    assert [m.content for m in admin.inbox] == [MISSING[language]["not_admin"]]
    logged = caplog.get_records("setup") + caplog.records  # Kenes started in the setup
    assert any("not an administrator of the moderators' group" in r.getMessage() for r in logged)
    world.emulator.promote(GROUP, world.emulator.bot.id, by=ADMIN, can_delete_messages=True)
    await world.settle()
    assert admin.inbox[-1].content == MISSING[language]["no_ban"]
    world.emulator.promote(GROUP, world.emulator.bot.id, by=ADMIN, can_restrict_members=True)
    await world.settle()
    assert len(admin.inbox) == 2  # nothing missing any more: nothing said
