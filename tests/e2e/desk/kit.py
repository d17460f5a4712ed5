"""The moderators' desk as people see it, in Kazakh and Russian, and the set-up the desk
tests share: an administrator, two moderators (in the moderators' group, or in their
private chats) and residents. The texts are written out here, not taken from the catalogs,
so a test fails when the bot says something else."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select

from bot.i18n import format_datetime
from models import ModerationCard, Need
from playground.emulator import Message
from playground.people import Person
from tests.e2e.conftest import World
from tests.e2e.needs_kit import ADDRESS
from tests.e2e.staff import ADMIN, appoint

GROUP = -1001000000077
ONE, TWO = 5001, 5002
NAMES = {ADMIN: "Әкім Админ", ONE: "Айгерім", TWO: "Ерлан <b>"}
RESIDENT = 1001
BOTH = ("kk", "ru")
EVERY_PAIR = [(r, m) for r in BOTH for m in BOTH]  # (resident's language, moderators')
CROSSED = [("kk", "ru"), ("ru", "kk")]

STATUS = {
    "kk": {
        "new": "🆕 Жаңа",
        "accepted": "📥 Қабылданды",
        "in_progress": "🛠 Жұмыс жүргізілуде",
        "resolved": "✅ Шешілді",
        "rejected": "⛔ Қабылданбады",
        "duplicate": "🔁 Қайталанған өтініш",
        "not_our_competence": "↪️ Әкімдіктің құзыретіне жатпайды",
        "reopened": "🔄 Қайта ашылды",
    },
    "ru": {
        "new": "🆕 Новое",
        "accepted": "📥 Принято",
        "in_progress": "🛠 В работе",
        "resolved": "✅ Решено",
        "rejected": "⛔ Отклонено",
        "duplicate": "🔁 Дубликат",
        "not_our_competence": "↪️ Не входит в компетенцию акимата",
        "reopened": "🔄 Открыто повторно",
    },
}
CARD = {
    "kk": {
        "need": "{number} өтініші",
        "overdue": " · ⏰ Мерзімі өтті",
        "status": "Мәртебесі: {status}",
        "category": "Санаты: Жолдар мен тротуарлар",
        "district": "Ауданы: Алмалы ауданы",
        "place": "Орналасқан жері: {place}",
        "description": "Сипаттамасы: {description}",
        "photos": "Фотосуреттер: {count}",
        "map": "Карта: {latitude}, {longitude}",
        "point": "📍 картадағы нүкте: {latitude}, {longitude}",
        "supporters": "Қолдағандар: {count}",
        "filed": "Жіберілген күні: {date}",
        "waiting": "Күтіп тұр: бір тәуліктен аз",
        "due": "Жауап беру мерзімі: {date}",
        "public": "Көпшілікке көрінеді: {text}",
        "category_only": "тек санаты: Жолдар мен тротуарлар",
        "department": "Бөлім: {name}",
        "blocked": "🚫 Автор бұғатталған.",
        "last": "Соңғы әрекет: {action} — {who}, {date}",
        "album": "📷 {number} өтініші: фотосуреттер",
    },
    "ru": {
        "need": "Обращение {number}",
        "overdue": " · ⏰ Просрочено",
        "status": "Статус: {status}",
        "category": "Категория: Дороги и тротуары",
        "district": "Район: Алмалинский район",
        "place": "Место: {place}",
        "description": "Описание: {description}",
        "photos": "Фотографии: {count}",
        "map": "Карта: {latitude}, {longitude}",
        "point": "📍 точка на карте: {latitude}, {longitude}",
        "supporters": "Поддержали: {count}",
        "filed": "Подано: {date}",
        "waiting": "Ожидает: меньше суток",
        "due": "Срок ответа: {date}",
        "public": "Видно всем: {text}",
        "category_only": "только категория: Дороги и тротуары",
        "department": "Отдел: {name}",
        "blocked": "🚫 Автор заблокирован.",
        "last": "Последнее действие: {action} — {who}, {date}",
        "album": "📷 Обращение {number}: фотографии",
    },
}
BUTTONS = {
    "kk": {
        "acc": "✅ Қабылдау",
        "wrk": "🛠 Жұмыс жүргізілуде",
        "rej": "⛔ Қабылдамау",
        "dup": "🔁 Қайталанған өтініш",
        "noc": "↪️ Әкімдіктің құзыретіне жатпайды",
        "rte": "🏢 Бөлімге жіберу",
        "rpl": "💬 Жауап беру",
        "res": "✅ Шешілді",
        "blk": "🚫 Авторды бұғаттау",
    },
    "ru": {
        "acc": "✅ Принять",
        "wrk": "🛠 В работе",
        "rej": "⛔ Отклонить",
        "dup": "🔁 Дубликат",
        "noc": "↪️ Не входит в компетенцию акимата",
        "rte": "🏢 В отдел",
        "rpl": "💬 Ответить",
        "res": "✅ Решено",
        "blk": "🚫 Заблокировать автора",
    },
}
# The moderator's answers and questions (a question in the group starts with their name)
SAY = {
    "kk": {
        "done": "Орындалды: {number} өтінішінің мәртебесі енді — «{status}».",
        "already": "Бұл өтініш қаралып қойған: {number} өтінішінің қазіргі мәртебесі — "
        "«{status}».",
        "staff_only": "Бұл тек әкімдік қызметкерлеріне арналған.",
        "stale": "Бұл батырма енді жарамсыз.",
        "stop": "✖️ Тоқтату",
        "own": "✍️ Өзім жазамын",
        "confirm": "✅ Растау",
        "cancel": "✖️ Бас тарту",
        "cancelled": "Бас тартылды: ештеңе өзгерген жоқ, ештеңе жіберілген жоқ.",
        "check_status": "{name}, орындамас бұрын тексеріңіз: {number} өтінішінің мәртебесі "
        "«{status}» болады.",
        "check_answer": "{name}, жібермес бұрын тексеріңіз: {number} өтінішінің авторына жауап.",
        "check_block": "{name}, орындамас бұрын тексеріңіз: {number} өтінішінің авторы "
        "бұғатталады, оның жаңа өтініштері кезекке түспейді.",
        "will_read": "Автор мынаны оқиды ({language}):",
        "with_photo": "📷 Нәтиженің фотосуреті қоса жіберіледі.",
        "repeats": "Ол {original} өтінішін қайталайды.",
        "expired": "{name}, {number} өтініші бойынша сұрақтың мерзімі өтті: оған уақытында "
        "ешкім жауап бермеді. Ештеңе өзгерген жоқ; жалғастыру үшін карточкадағы батырманы "
        "қайта басыңыз.",
        "category_only": "🏷 Тек санат атауы",
    },
    "ru": {
        "done": "Готово: обращение {number} теперь в статусе «{status}».",
        "already": "Уже обработано: обращение {number} сейчас в статусе «{status}».",
        "staff_only": "Это доступно только сотрудникам акимата.",
        "stale": "Эта кнопка больше не действует.",
        "stop": "✖️ Остановить",
        "own": "✍️ Написать свой вариант",
        "confirm": "✅ Подтвердить",
        "cancel": "✖️ Отменить",
        "cancelled": "Отменено: ничего не изменено и ничего не отправлено.",
        "check_status": "{name}, проверьте перед выполнением: обращение {number} получит "
        "статус «{status}».",
        "check_answer": "{name}, проверьте перед отправкой: ответ автору обращения {number}.",
        "check_block": "{name}, проверьте перед выполнением: автор обращения {number} будет "
        "заблокирован, его новые обращения не попадут в очередь.",
        "will_read": "Автор прочитает ({language}):",
        "with_photo": "📷 С фотографией результата.",
        "repeats": "Оно дублирует обращение {original}.",
        "expired": "{name}, вопрос по обращению {number} больше не действует: на него никто "
        "не ответил вовремя. Ничего не изменено; чтобы продолжить, снова нажмите кнопку на "
        "карточке.",
        "category_only": "🏷 Только название категории",
    },
}
# What the resident reads
NOTICE = {
    "kk": {
        "header": "{number} өтініші · Жолдар мен тротуарлар",
        "status": "Мәртебесі: {status}",
        "accepted": "Әкімдік бұл өтінішті қабылдады. Жауап беру мерзімі: {deadline}.",
        "in_progress": "Бұл өтініш бойынша жұмыс басталды.",
        "rejected": "Әкімдік бұл өтінішті қабылдамады. Себебі: {reason}",
        "noc": "Бұл мәселе әкімдіктің құзыретіне жатпайды. Қайда жүгінуге болады: {where}",
        "duplicate": "Бұл өтініш қазір қаралып жатқан {original} өтінішін қайталайды. Оның "
        "барысы туралы сізге хабарлаймыз.",
        "resolved": "Әкімдіктің хабарлауынша, мәселе шешілді.",
        "comment": "Түсініктеме: {comment}",
        "solved?": "Мәселе шынымен шешілді ме?",
        "answer": "💬 Әкімдіктің жауабы:",
        "routed": "Өтінішіңіз жауапты бөлімге жіберілді: {department}.",
        "photo": "📷 Нәтиже: {number} өтініші",
        "blocked": "Әкімдік модераторлары сізге өтініш жіберуді шектеді. Себебі: {reason}",
        "unblocked": "Әкімдік модераторлары сізге өтініш беру мүмкіндігін қайтарды.",
    },
    "ru": {
        "header": "Обращение {number} · Дороги и тротуары",
        "status": "Статус: {status}",
        "accepted": "Акимат принял это обращение. Срок ответа: {deadline}.",
        "in_progress": "Работа по этому обращению началась.",
        "rejected": "Акимат отклонил это обращение. Причина: {reason}",
        "noc": "Этот вопрос не входит в компетенцию акимата. Куда обратиться: {where}",
        "duplicate": "Это обращение дублирует обращение {original}, которое уже "
        "рассматривается. Мы сообщим Вам о ходе работы по нему.",
        "resolved": "Акимат сообщает, что проблема решена.",
        "comment": "Комментарий: {comment}",
        "solved?": "Проблема действительно решена?",
        "answer": "💬 Ответ акимата:",
        "routed": "Ваше обращение передано в ответственный отдел: {department}.",
        "photo": "📷 Результат: обращение {number}",
        "blocked": "Модераторы акимата ограничили Вам возможность отправлять обращения. "
        "Причина: {reason}",
        "unblocked": "Модераторы акимата восстановили Ваш доступ к подаче обращений.",
    },
}


LANGUAGE_NAMES = {"kk": "Қазақша", "ru": "Русский"}


def preview_text(
    ml: str, key: str, rl: str | None = None, text: str | None = None, **values: str
) -> str:
    """A preview as the moderator reads it: what will happen, then what the author reads."""
    lines = [SAY[ml][key].format(**values)]
    if "original" in values:
        lines = [SAY[ml][key].format(**values), SAY[ml]["repeats"].format(**values)]
    if text is not None:
        assert rl is not None
        lines += [SAY[ml]["will_read"].format(language=LANGUAGE_NAMES[rl]), text]
    return "\n".join(lines)


def own_preview(person: Person, ml: str) -> Message:
    """The newest preview addressed to ``person`` (in a group, it names them)."""
    for message in reversed(person.inbox):
        named = person.chat_id == person.id or any(
            e["type"] == "text_mention" and e["user"]["id"] == person.id for e in message.entities
        )
        if named and SAY[ml]["confirm"] in message.buttons:
            return message
    raise AssertionError(f"no preview for {person.id} to confirm")


async def confirm(person: Person, ml: str) -> list[Message]:
    """Press ✅ Confirm under the person's preview; what Kenes said then."""
    return await person.press(SAY[ml]["confirm"], own_preview(person, ml))


def settings_for(moderators_language: str, *, group: bool = True) -> dict[str, Any]:
    # Staff set-up takes many quick steps: flood control (tested on its own) stays out of it.
    overrides: dict[str, Any] = {"admin_ids": [ADMIN], "flood_burst": 200}
    if group:
        overrides |= {"moderator_chat_id": GROUP, "moderator_chat_language": moderators_language}
    return overrides


@dataclass
class Staff:
    admin: Person  # the administrator's private chat
    one: Person  # moderator ONE where the cards are (the group, or their private chat)
    two: Person  # moderator TWO, likewise
    language: str


async def staff(
    world: World, language: str, *, group: bool = True, languages: dict[int, str] | None = None
) -> Staff:
    """The administrator appoints two moderators; all three speak ``language`` (or what
    ``languages`` says for one of them)."""
    languages = languages or {}
    for user_id, name in NAMES.items():
        world.emulator.user(user_id, first_name=name)
    if group:
        world.emulator.group(GROUP, "Модераторлар / Модераторы", list(NAMES))
    admin = await world.resident(ADMIN, languages.get(ADMIN, language))
    for moderator in (ONE, TWO):
        await world.resident(moderator, languages.get(moderator, language))
        await appoint(admin, languages.get(ADMIN, language), moderator)
    chat = GROUP if group else None

    def where(user_id: int) -> Person:
        return Person(world, user_id, language_code=None, chat_id=chat or user_id)

    return Staff(admin, where(ONE), where(TWO), language)


async def need_row(world: World, number: str) -> Need:
    async with world.kenes.sessionmaker() as session, session.begin():
        need = await session.scalar(select(Need).where(Need.number == number))
        assert need is not None
        return need


async def cards_of(world: World, number: str) -> list[Message]:
    """Every card of the need that Kenes posted, as it is now, oldest first."""
    need = await need_row(world, number)
    async with world.kenes.sessionmaker() as session, session.begin():
        rows = (
            await session.execute(
                select(ModerationCard)
                .where(ModerationCard.need_id == need.id)
                .order_by(ModerationCard.id)
            )
        ).scalars()
        places = [(row.chat_id, row.message_id) for row in rows]
    found = [world.emulator.find(chat_id, message_id) for chat_id, message_id in places]
    assert all(found)
    return [message for message in found if message is not None]


def when(moment: datetime, language: str, world: World) -> str:
    return format_datetime(moment, language, world.kenes.settings.tz)


def card(
    world: World,
    language: str,
    need: Need,
    *,
    status: str = "new",
    description: str | None = None,
    photos: int = 0,
    supporters: int = 0,
    place: str = ADDRESS,
    location: tuple[float, float] | None = None,
    department: str | None = None,
    blocked: bool = False,
    last: tuple[str, str] | None = None,  # (action as shown, who)
    last_at: datetime | None = None,
    overdue: bool = False,
    public: str | None = None,  # the public summary; None: the category only
) -> str:
    """A card as a moderator reads it."""
    c = CARD[language]
    lines = [
        c["need"].format(number=need.number) + (c["overdue"] if overdue else ""),
        c["status"].format(status=STATUS[language][status]),
        c["category"],
        c["district"],
        c["place"].format(place=place),
        c["description"].format(description=description or need.description),
        c["photos"].format(count=photos),
    ]
    if location is not None:
        lines.append(
            c["map"].format(latitude=f"{location[0]:.5f}", longitude=f"{location[1]:.5f}")
        )
    lines += [
        c["supporters"].format(count=supporters),
        c["filed"].format(date=when(need.created_at, language, world)),
        c["waiting"],
        c["due"].format(date=when(need.deadline_at, language, world)),
        c["public"].format(text=public or c["category_only"]),
    ]
    if department is not None:
        lines.append(c["department"].format(name=department))
    if blocked:
        lines.append(c["blocked"])
    if last is not None:
        assert last_at is not None
        action, who = last
        lines.append(c["last"].format(action=action, who=who, date=when(last_at, language, world)))
    return "\n".join(lines)


async def accept(person: Person, language: str, posted: Message | None = None) -> None:
    """✅ Accept on the card, publishing the category's name only."""
    [question] = await person.press(BUTTONS[language]["acc"], posted)
    await person.press(SAY[language]["category_only"], question)


def open_buttons(language: str, status: str = "new") -> list[str]:
    b = BUTTONS[language]
    shown = {"new": "acc wrk", "reopened": "acc wrk", "accepted": "wrk"}.get(status, "")
    return [b[a] for a in [*shown.split(), "rej", "dup", "noc", "rte", "rpl", "res", "blk"]]


def notice(language: str, number: str, status: str, body: str) -> str:
    n = NOTICE[language]
    return "\n".join(
        [
            n["header"].format(number=number),
            n["status"].format(status=STATUS[language][status]),
            "",
            body,
        ]
    )


async def latest_action_at(world: World, number: str) -> datetime:
    from models import AuditEntry

    need = await need_row(world, number)
    async with world.kenes.sessionmaker() as session, session.begin():
        at = await session.scalar(
            select(AuditEntry.at)
            .where(AuditEntry.object_type == "need", AuditEntry.object_id == str(need.id))
            .order_by(AuditEntry.id.desc())
            .limit(1)
        )
        assert at is not None
        return at


async def add_template(world: World, kk: str, ru: str) -> int:
    """A reply template, as an administrator keeps it (``/templates`` is tested itself)."""
    from models import ReplyTemplate
    from services import library
    from services.moderation import Staffer
    from services.staff import Actor, Role

    async with world.kenes.sessionmaker() as session:
        saved = await library.save(
            session,
            Staffer(Actor(ADMIN, Role.ADMIN), NAMES[ADMIN]),
            ReplyTemplate(texts={"kk": kk, "ru": ru}),
            admin_ids=[ADMIN],
        )
    assert saved is not None
    return saved.id


async def add_department(world: World, kk: str, ru: str, categories: list[str]) -> int:
    from models import Department
    from services import library
    from services.moderation import Staffer
    from services.staff import Actor, Role

    async with world.kenes.sessionmaker() as session:
        saved = await library.save(
            session,
            Staffer(Actor(ADMIN, Role.ADMIN), NAMES[ADMIN]),
            Department(names={"kk": kk, "ru": ru}, categories=categories),
            admin_ids=[ADMIN],
        )
    assert saved is not None
    return saved.id


async def audit_of(world: World, number: str) -> list[tuple[Any, ...]]:
    from models import AuditEntry

    need = await need_row(world, number)
    async with world.kenes.sessionmaker() as session, session.begin():
        rows = (
            await session.execute(
                select(AuditEntry)
                .where(AuditEntry.object_type == "need", AuditEntry.object_id == str(need.id))
                .order_by(AuditEntry.id)
            )
        ).scalars()
        return [(e.actor_id, e.action, e.before, e.after, e.text_sent) for e in rows]
