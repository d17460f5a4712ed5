"""What people see about public hearings, in both languages, and drivers that walk staff
through the creation flow and residents through subscribing. The texts are written out
here, not taken from the catalogs, so a test fails when the bot says something else."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import select

from bot.app import Kenes
from bot.i18n import format_datetime
from models import Hearing
from playground.people import Person
from scheduler.hearings import Reminders
from services import hearings
from services.hearings import HearingFields
from services.staff import Actor, Role
from tests.e2e.conftest import World

ADMIN = 900
ALMATY = ZoneInfo("Asia/Almaty")
LANGUAGES = ("kk", "ru")

H: dict[str, dict[str, str]] = {
    "kk": {
        "menu": "🏛 Қоғамдық тыңдаулар",
        "staff_hearings": "🏛 Тыңдаулар",
        "new": "➕ Жаңа тыңдау",
        "intro": "🏛 Жаңа қоғамдық тыңдау. Он бір қысқа қадам; /cancel кез келген сәтте тоқтатады.",
        "title_kk": "1-қадам (барлығы 11). Тыңдаудың қазақша атауы (3-тен 255 таңбаға дейін):",
        "title_ru": "2-қадам (барлығы 11). Тыңдаудың орысша атауы (3-тен 255 таңбаға дейін):",
        "description_kk": "3-қадам (барлығы 11). Тыңдау не туралы, қазақша (10-нан 2 000 "
        "таңбаға дейін):",
        "description_ru": "4-қадам (барлығы 11). Тыңдау не туралы, орысша (10-нан 2 000 "
        "таңбаға дейін):",
        "starts_at": "5-қадам (барлығы 11). Тыңдаудың күні мен уақыты, Алматы уақытымен, "
        "КК.АА.ЖЖЖЖ СС:ММ түрінде, мысалы 25.12.2026 15:00:",
        "address": "6-қадам (барлығы 11). Қайда өтеді? Мекенжайын жазыңыз немесе «Тек онлайн» "
        "түймесін басыңыз.",
        "link": "7-қадам (барлығы 11). Онлайн көруге не қосылуға арналған сілтеме (https://…) "
        "жіберіңіз немесе «Сілтемесіз» түймесін басыңыз.",
        "district": "8-қадам (барлығы 11). Қай ауданға арналған?",
        "topic": "9-қадам (барлығы 11). Тақырыбы қандай?",
        "seats": "10-қадам (барлығы 11). Қанша орын бар? Санын жіберіңіз немесе «Шектеусіз» "
        "түймесін басыңыз.",
        "questions_until": "11-қадам (барлығы 11). Тұрғындар сұрақты қашанға дейін жібере "
        "алады? Күні мен уақытын КК.АА.ЖЖЖЖ СС:ММ түрінде жазыңыз немесе «Басталғанға дейін» "
        "түймесін басыңыз.",
        "malformed": "Бұл күнді түсіне алмадым. КК.АА.ЖЖЖЖ СС:ММ түрінде жазыңыз, мысалы "
        "25.12.2026 15:00.",
        "past": "Бұл уақыт өтіп кетті. Алдағы күн мен уақытты көрсетіңіз.",
        "too_long": "Бұл тым ұзын: 256 таңба, ең көбі 255 таңба қабылданады. Қысқартыңыз.",
        "bad_link": "Бұл веб-сілтеме емес. https:// деп басталатын сілтеме жіберіңіз.",
        "check": "Тыңдауды тексеріңіз.",
        "publish": "✅ Жариялау",
        "change": "✏️ Өзгерту",
        "cancel": "❌ Бас тарту",
        "published": "✅ №{number} тыңдау жарияланды.",
        "changed": "✅ №{number} тыңдау өзгертілді.",
        "no_subscribers": "Мұндай тыңдауларға әзірге ешкім жазылмаған.",
        "whole_city": "🏙 Бүкіл қала",
        "almaly": "Алмалы ауданы",
        "medeu": "Медеу ауданы",
        "roads": "Жолдар мен тротуарлар",
        "no_limit": "♾ Шектеусіз",
        "until_start": "⏭ Басталғанға дейін",
        "online_only": "🌐 Тек онлайн",
        "no_link": "⏭ Сілтемесіз",
        "announced": "📣 Қоғамдық тыңдау жарияланды",
        "when": "🗓 Қашан: {date}",
        "where": "📍 Қайда: {address}",
        "online": "🔗 Онлайн сілтеме: {link}",
        "district_line": "🗺 Аудан: {district}",
        "topic_line": "🏷 Тақырыбы: {topic}",
        "seats_line": "👥 Бос емес орындар: {seats} ішінен {taken}",
        "questions_line": "❓ Сұрақтар қабылданады: {date} дейін",
        "open": "🏛 Тыңдауды ашу",
        "attend": "✋ Қатысамын",
        "unattend": "↩️ Тіркеуден бас тарту",
        "ask": "❓ Сұрақ қою",
        "ics": "📅 Күнтізбеге қосу",
        "all": "📋 Барлық тыңдаулар",
        "registered_line": "✅ Сіз бұл тыңдауға тіркелдіңіз.",
        "registered": "✅ Сіз тіркелдіңіз. Тыңдау алдында еске саламыз.",
        "withdrawn": "Тіркеуіңіз жойылды.",
        "full": "Кешіріңіз, бос орын қалмады.",
        "closed": "Тіркеу жабық: тыңдау тоқтатылды немесе басталып кетті.",
        "cancelled_line": "❌ Бұл тыңдау тоқтатылды.",
        "list_header": "🏛 Алдағы қоғамдық тыңдаулар",
        "page": "{pages} беттің {page}-беті",
        "announcements": "🔔 Хабарландырулар",
        "stale": "Бұл батырма енді жарамсыз.",
        "not_found": "Бұл тыңдау табылмады.",
        "staff_only": "Бұл тек әкімдік қызметкерлеріне арналған.",
    },
    "ru": {
        "menu": "🏛 Общественные слушания",
        "staff_hearings": "🏛 Слушания",
        "new": "➕ Новое слушание",
        "intro": "🏛 Новое общественное слушание. Одиннадцать коротких шагов; /cancel "
        "останавливает в любой момент.",
        "title_kk": "Шаг 1 из 11. Название слушания на казахском языке (от 3 до 255 символов):",
        "title_ru": "Шаг 2 из 11. Название слушания на русском языке (от 3 до 255 символов):",
        "description_kk": "Шаг 3 из 11. О чём слушание, на казахском языке (от 10 до 2 000 "
        "символов):",
        "description_ru": "Шаг 4 из 11. О чём слушание, на русском языке (от 10 до 2 000 "
        "символов):",
        "starts_at": "Шаг 5 из 11. Дата и время слушания по времени Алматы в виде "
        "ДД.ММ.ГГГГ ЧЧ:ММ, например 25.12.2026 15:00:",
        "address": "Шаг 6 из 11. Где оно пройдёт? Напишите адрес или нажмите «Только онлайн».",
        "link": "Шаг 7 из 11. Ссылка для просмотра или участия онлайн (https://…) — или "
        "нажмите «Без ссылки».",
        "district": "Шаг 8 из 11. Для какого района?",
        "topic": "Шаг 9 из 11. Какая тема?",
        "seats": "Шаг 10 из 11. Сколько мест? Отправьте число или нажмите «Без ограничений».",
        "questions_until": "Шаг 11 из 11. До какого времени жители могут присылать вопросы? "
        "Дата и время в виде ДД.ММ.ГГГГ ЧЧ:ММ — или нажмите «До начала».",
        "malformed": "Не удалось разобрать дату. Пожалуйста, напишите её в виде "
        "ДД.ММ.ГГГГ ЧЧ:ММ, например 25.12.2026 15:00.",
        "past": "Это время уже прошло. Пожалуйста, укажите дату и время в будущем.",
        "too_long": "Слишком длинно: 256 символов, допускается не больше 255. Пожалуйста, "
        "сократите.",
        "bad_link": "Это не веб-ссылка. Пожалуйста, отправьте ссылку, которая начинается с "
        "https://.",
        "check": "Пожалуйста, проверьте слушание.",
        "publish": "✅ Опубликовать",
        "change": "✏️ Изменить",
        "cancel": "❌ Отменить",
        "published": "✅ Слушание №{number} опубликовано.",
        "changed": "✅ Слушание №{number} изменено.",
        "no_subscribers": "На такие слушания пока никто не подписан.",
        "whole_city": "🏙 Весь город",
        "almaly": "Алмалинский район",
        "medeu": "Медеуский район",
        "roads": "Дороги и тротуары",
        "no_limit": "♾ Без ограничений",
        "until_start": "⏭ До начала",
        "online_only": "🌐 Только онлайн",
        "no_link": "⏭ Без ссылки",
        "announced": "📣 Объявлено общественное слушание",
        "when": "🗓 Когда: {date}",
        "where": "📍 Где: {address}",
        "online": "🔗 Онлайн: {link}",
        "district_line": "🗺 Район: {district}",
        "topic_line": "🏷 Тема: {topic}",
        "seats_line": "👥 Занято мест: {taken} из {seats}",
        "questions_line": "❓ Вопросы принимаются до: {date}",
        "open": "🏛 Открыть слушание",
        "attend": "✋ Я приду",
        "unattend": "↩️ Отменить мою запись",
        "ask": "❓ Задать вопрос",
        "ics": "📅 Добавить в календарь",
        "all": "📋 Все слушания",
        "registered_line": "✅ Вы записаны на это слушание.",
        "registered": "✅ Вы записаны. Мы напомним Вам перед слушанием.",
        "withdrawn": "Ваша запись отменена.",
        "full": "К сожалению, свободных мест не осталось.",
        "closed": "Запись закрыта: слушание отменено или уже началось.",
        "cancelled_line": "❌ Это слушание отменено.",
        "list_header": "🏛 Предстоящие общественные слушания",
        "page": "Страница {page} из {pages}",
        "announcements": "🔔 Объявления",
        "stale": "Эта кнопка больше не действует.",
        "not_found": "Это слушание не найдено.",
        "staff_only": "Это доступно только сотрудникам акимата.",
    },
}
TITLES = {"kk": "Абай даңғылын жөндеу", "ru": "Ремонт проспекта Абая"}
DESCRIPTIONS = {
    "kk": "Абай даңғылын 2027 жылы жөндеу жобасын талқылаймыз.",
    "ru": "Обсуждаем проект ремонта проспекта Абая в 2027 году.",
}
ADDRESS = "Абай даңғылы, 90, әкімдік, 3-қабат"
LINK = "https://meet.example.kz/abay-2027"


def moment(days: float, hour: int = 15) -> datetime:
    """A moment ``days`` from now at ``hour``:00, Almaty time."""
    day = datetime.now(ALMATY) + timedelta(days=days)
    return day.replace(hour=hour, minute=0, second=0, microsecond=0)


def typed(when: datetime) -> str:
    return when.astimezone(ALMATY).strftime("%d.%m.%Y %H:%M")


def when_text(when: datetime, language: str) -> str:
    return format_datetime(when, language, ALMATY)


async def open_new_hearing(staff: Person, language: str) -> None:
    t = H[language]
    await staff.send("/staff")
    await staff.press(t["staff_hearings"])
    await staff.press(t["new"])


async def create_hearing(
    staff: Person,
    language: str,
    *,
    starts: datetime,
    seats: str | None = "50",
    district: str = "almaly",
    questions_until: datetime | None = None,
) -> list[Any]:
    """Walk the creation flow to the preview; returns the preview message(s)."""
    t = H[language]
    await open_new_hearing(staff, language)
    for _field, answer in (
        ("title_kk", TITLES["kk"]),
        ("title_ru", TITLES["ru"]),
        ("description_kk", DESCRIPTIONS["kk"]),
        ("description_ru", DESCRIPTIONS["ru"]),
        ("starts_at", typed(starts)),
        ("address", ADDRESS),
        ("link", LINK),
    ):
        await staff.send(answer)
    await staff.press(t[district] if district != "city" else t["whole_city"])
    await staff.press(t["roads"])
    if seats is None:
        await staff.press(t["no_limit"])
    else:
        await staff.send(seats)
    if questions_until is None:
        return await staff.press(t["until_start"])
    return await staff.send(typed(questions_until))


async def seed_hearing(
    world: World,
    *,
    starts: datetime,
    seats: int | None = None,
    district: str | None = "almaly",
    questions_until: datetime | None = None,
) -> Hearing:
    """A published hearing, made through the service (for tests about what follows)."""
    fields = HearingFields(
        title_kk=TITLES["kk"],
        title_ru=TITLES["ru"],
        description_kk=DESCRIPTIONS["kk"],
        description_ru=DESCRIPTIONS["ru"],
        starts_at=starts,
        address=ADDRESS,
        link=LINK,
        district=district,
        topic="roads",
        seats=seats,
        questions_until=questions_until,
    )
    kenes = world.kenes
    async with kenes.sessionmaker() as session:
        announced = await hearings.publish(session, fields, Actor(ADMIN, Role.ADMIN), None)
    await reminders_of(kenes).sync(announced.hearing.id)  # as the publishing handler does
    return announced.hearing


def reminders_of(kenes: Kenes) -> Reminders:
    return Reminders(kenes.scheduler, kenes.sessionmaker, kenes.broadcaster, kenes.settings)


async def stored_hearing(world: World, hearing_id: int) -> Hearing:
    async with world.kenes.sessionmaker() as session, session.begin():
        found = await session.scalar(select(Hearing).where(Hearing.id == hearing_id))
    assert found is not None
    return found


def card_lines(
    language: str,
    starts: datetime,
    *,
    seats: int | None = None,
    taken: int = 0,
    district: str = "almaly",
    questions_until: datetime | None = None,
) -> list[str]:
    """The detail lines of a card, as a resident reads them."""
    t = H[language]
    lines = [
        t["when"].format(date=when_text(starts, language)),
        t["where"].format(address=ADDRESS),
        t["online"].format(link=LINK),
        t["district_line"].format(district=t[district] if district != "city" else "—"),
        t["topic_line"].format(topic=t["roads"]),
    ]
    if seats is not None:
        lines.append(t["seats_line"].format(taken=taken, seats=seats))
    if questions_until is not None:
        lines.append(t["questions_line"].format(date=when_text(questions_until, language)))
    return lines


def card(language: str, starts: datetime, *, footer: str | None = None, **kwargs: Any) -> str:
    parts = [
        "🏛 " + TITLES[language],
        DESCRIPTIONS[language],
        "\n".join(card_lines(language, starts, **kwargs)),
    ]
    if footer:
        parts.append(footer)
    return "\n\n".join(parts)
