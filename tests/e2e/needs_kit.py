"""What residents see in the need flow, in both languages, and a driver that walks a resident
to any step of it. The texts are written out here, not taken from the catalogs, so a test
fails when the bot says something else."""

from __future__ import annotations

import re
import uuid
from typing import Any

from sqlalchemy import func, select

from bot.notifications import Delivery, notify_status_change
from models import Need, NeedEvent, NeedPhoto, NeedStatus, NeedSupporter, Resident
from playground.emulator import Message
from playground.people import Person
from services.needs import Filed, NewNeed, submit
from services.statuses import StatusChange, change_status
from tests.e2e.conftest import World

LANGUAGES = ("kk", "ru")
REGISTERED = {
    "kk": re.compile(
        r"✅ Өтінішіңіз (N-\d{4}-\d{6}) нөмірімен тіркелді\.\n"
        r"Әкімдіктің жауап беру мерзімі: \d{4} жылғы \d+ \w+, 18:00\. Әр өзгеріс туралы осында "
        r"хабарлаймыз; өтініш «📋 Менің өтініштерім» бөлімінде де бар\."
    ),
    "ru": re.compile(
        r"✅ Ваше обращение зарегистрировано под номером (N-\d{4}-\d{6})\.\n"
        r"Срок ответа акимата: \d+ \w+ \d{4} г\., 18:00\. Обо всех изменениях мы сообщим здесь; "
        r"обращение также есть в разделе «📋 Мои обращения»\."
    ),
}

STEPS = ("category", "district", "place", "description", "photos", "confirm")

T: dict[str, dict[str, str]] = {
    "kk": {
        "report": "📝 Өтініш беру",
        "rate": "⭐ Қызметті бағалау",
        "my": "📋 Менің өтініштерім",
        "stats": "📊 Қала статистикасы",
        "cancel_button": "❌ Бас тарту",
        "intro": "📝 Жаңа өтініш. Бес қысқа қадам; кез келген сәтте «Бас тарту» батырмасын "
        "басуға болады.",
        "category": "1-қадам (барлығы 5). Мәселе неге қатысты? Санатты таңдаңыз.",
        "district": "2-қадам (барлығы 5). Мәселе қай ауданда?",
        "place": "3-қадам (барлығы 5). Нақты қай жерде? Мекенжайды жазыңыз (көше, үй нөмірі не "
        "бағдар) немесе төмендегі батырма арқылы геолокацияны жіберіңіз.",
        "description": "4-қадам (барлығы 5). Мәселені сипаттаңыз: не болды, қашаннан бері, не "
        "істеу керек. 10-нан 2\xa0000 таңбаға дейін.\n"
        "🎤 Мәтіннің орнына дауыстық хабарлама да жіберуге болады (ең ұзағы: 2:00).",
        "photos": "5-қадам (барлығы 5). Мәселенің фотосуретін қосыңыз (3-ке дейін) немесе бұл "
        "қадамды өткізіп жіберіңіз.",
        "confirm": "Жібермес бұрын өтінішіңізді тексеріңіз.",
        "roads": "Жолдар мен тротуарлар",
        "utilities": "Жылу, су, электр, газ",
        "almaly": "Алмалы ауданы",
        "medeu": "Медеу ауданы",
        "location_button": "📍 Геолокациямды жіберу",
        "skip": "⏭ Өткізіп жіберу",
        "done": "✅ Дайын",
        "send": "✅ Жіберу",
        "edit": "✏️ Өзгерту",
        "cancel": "❌ Бас тарту",
        "cancelled": "Бас тартылды. Ештеңе жіберілген жоқ.",
        "unexpected": "Мұнда басқа жауап күтілген. Жоғарыдағы сұраққа жауап беріңіз немесе "
        "/cancel жіберіңіз.",
        "resume": "Бастаған әрекетіңіз аяқталмады. Тоқтаған жерден жалғастырайық, не /cancel "
        "жіберіп, одан шығыңыз.",
        "stale": "Бұл батырма енді жарамсыз.",
        "not_available": "Бұл нұсқа қолжетімсіз. Төмендегі батырмаларды пайдаланыңыз.",
    },
    "ru": {
        "report": "📝 Подать обращение",
        "rate": "⭐ Оценить услугу",
        "my": "📋 Мои обращения",
        "stats": "📊 Статистика города",
        "cancel_button": "❌ Отменить",
        "intro": "📝 Новое обращение. Пять коротких шагов; в любой момент можно остановиться "
        "кнопкой «Отменить».",
        "category": "Шаг 1 из 5. К чему относится проблема? Выберите категорию.",
        "district": "Шаг 2 из 5. В каком районе?",
        "place": "Шаг 3 из 5. Где именно? Напишите адрес (улица, номер дома или ориентир) или "
        "отправьте геолокацию кнопкой ниже.",
        "description": "Шаг 4 из 5. Опишите проблему: что случилось, с какого времени, что нужно "
        "сделать. От 10 до 2\xa0000 символов.\n"
        "🎤 Вместо текста можно отправить голосовое сообщение длиной до 2:00.",
        "photos": "Шаг 5 из 5. Добавьте до 3 фотографий проблемы или пропустите этот шаг.",
        "confirm": "Пожалуйста, проверьте обращение перед отправкой.",
        "roads": "Дороги и тротуары",
        "utilities": "Тепло, вода, свет, газ",
        "almaly": "Алмалинский район",
        "medeu": "Медеуский район",
        "location_button": "📍 Отправить мою геолокацию",
        "skip": "⏭ Пропустить",
        "done": "✅ Готово",
        "send": "✅ Отправить",
        "edit": "✏️ Изменить",
        "cancel": "❌ Отменить",
        "cancelled": "Отменено. Ничего не отправлено.",
        "unexpected": "Здесь ожидался другой ответ. Пожалуйста, ответьте на вопрос выше или "
        "отправьте /cancel.",
        "resume": "Вы не закончили начатое. Продолжим с того места, где Вы остановились, или "
        "отправьте /cancel, чтобы выйти.",
        "stale": "Эта кнопка больше не действует.",
        "not_available": "Этот вариант недоступен. Пожалуйста, воспользуйтесь кнопками ниже.",
    },
}

ADDRESS = "ул. Абая, 10"
DESCRIPTION = "Большая яма на дороге возле дома, машины объезжают по тротуару"


async def reach(
    person: Person,
    language: str,
    step: str,
    *,
    category: str = "roads",
    district: str = "almaly",
    address: str = ADDRESS,
    description: str = DESCRIPTION,
    photos: int = 0,
) -> list[Message]:
    """Walk the resident from the menu to the question of ``step``; return what the bot
    said last."""
    texts = T[language]
    replies = await person.tap(texts["report"])
    actions = {
        "district": lambda: person.press(texts[category]),
        "place": lambda: person.press(texts[district]),
        "description": lambda: person.send(address),
        "photos": lambda: person.send(description),
        "confirm": lambda: person.press(texts["done"] if photos else texts["skip"]),
    }
    for name in STEPS[1 : STEPS.index(step) + 1]:
        if name == "confirm":
            for _ in range(photos):
                await person.send_photo()
        replies = await actions[name]()
    return replies


async def filed(world: World, person: Person, language: str, **draft: object) -> str:
    """File a need through the flow; return its number."""
    await reach(person, language, "confirm", **draft)  # type: ignore[arg-type]
    await person.press(T[language]["send"])
    resident = await resident_row(world, person.id)
    async with world.kenes.sessionmaker() as session, session.begin():
        return str(
            await session.scalar(
                select(Need.number).where(Need.resident_id == resident.id).order_by(Need.id.desc())
            )
        )


async def needs_of(world: World, telegram_id: int) -> list[Need]:
    async with world.kenes.sessionmaker() as session, session.begin():
        query = (
            select(Need)
            .join(Resident, Resident.id == Need.resident_id)
            .where(Resident.telegram_id == telegram_id)
            .order_by(Need.id)
        )
        return list((await session.execute(query)).scalars())


async def count(world: World, model: type[Need | NeedEvent | NeedPhoto | NeedSupporter]) -> int:
    async with world.kenes.sessionmaker() as session, session.begin():
        return int(await session.scalar(select(func.count()).select_from(model)) or 0)


async def resident_row(world: World, telegram_id: int) -> Resident:
    async with world.kenes.sessionmaker() as session, session.begin():
        resident = await session.scalar(
            select(Resident).where(Resident.telegram_id == telegram_id)
        )
        assert resident is not None
        return resident


async def submit_direct(
    world: World,
    telegram_id: int,
    *,
    category: str = "roads",
    district: str = "almaly",
    description: str = DESCRIPTION,
    latitude: float | None = None,
    longitude: float | None = None,
) -> Need:
    """File a need for a resident through the service, as the flow would (for set-ups)."""
    resident = await resident_row(world, telegram_id)
    draft = NewNeed(
        draft_key=uuid.uuid4().hex,
        category=category,
        district=district,
        description=description,
        address=None if latitude is not None else ADDRESS,
        latitude=latitude,
        longitude=longitude,
    )
    async with world.kenes.sessionmaker() as session:
        result = await submit(
            session, resident, draft, deadline_days=15, limit=1000, tz=world.kenes.settings.tz
        )
    assert isinstance(result, Filed)
    return result.need


async def notify(world: World, done: StatusChange) -> Delivery:
    return await notify_status_change(
        done,
        bot=world.kenes.bot,
        i18n=world.kenes.i18n,
        sessionmaker=world.kenes.sessionmaker,
        catalog=world.kenes.dispatcher["catalog"],
        settings=world.kenes.settings,
    )


async def change(
    world: World, need_id: int, to: NeedStatus, **details: Any
) -> tuple[StatusChange, Delivery]:
    """What a moderator's action does: change the status, then tell everyone concerned."""
    async with world.kenes.sessionmaker() as session:
        done = await change_status(session, need_id, to, actor="staff:1", **details)
    return done, await notify(world, done)
