"""What staff see in Kazakh and Russian, and the steps the staff tests share."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from models import AuditEntry
from playground.people import Person
from tests.e2e.conftest import World

ADMIN = 900
TEXTS = {
    "kk": {
        "header": "👥 «Кеңес» ботының модераторлары",
        "empty": "Әзірге модераторлар жоқ.",
        "add": "➕ Модератор қосу",
        "prompt": (
            "Жаңа модератордың Telegram ID нөмірін (тек цифрлар) жіберіңіз немесе оның кез "
            "келген хабарламасын осында қайта жіберіңіз. Тоқтату үшін /cancel жіберіңіз."
        ),
        "added": "✅ {name} енді модератор.",
        "line": "1. {name}, тағайындалған күні: {date}",
        "remove": "❌ Шығару: {name}",
        "confirm": ("{name} модераторлар қатарынан шығарылсын ба? Қолжетімділік бірден жабылады."),
        "yes": "✅ Иә, шығару",
        "no": "↩️ Жоқ, қалсын",
        "removed": "Орындалды: модератор құралдарына қолжетімділік жабылды.",
        "hidden": (
            "Secret &lt;Person&gt; қайта жіберілген хабарламаларда аккаунтын жасырады, "
            "сондықтан Telegram «Кеңес» ботына оның кім екенін айтпайды. Одан ID нөмірін "
            "сұрап, осында цифрмен жіберіңіз."
        ),
        "not_id": (
            "Бұл пайдаланушы ID нөмірі емес. Тек цифрларды жіберіңіз, мысалы 123456789, "
            "немесе сол адамның хабарламасын қайта жіберіңіз."
        ),
        "already": "{name} модератор болып тағайындалып қойған.",
        "staff_only": "Бұл тек әкімдік қызметкерлеріне арналған.",
        "admins_only": "Мұны тек әкімшілер жасай алады.",
    },
    "ru": {
        "header": "👥 Модераторы бота «Кеңес»",
        "empty": "Модераторов пока нет.",
        "add": "➕ Добавить модератора",
        "prompt": (
            "Отправьте Telegram ID нового модератора (только цифры) или перешлите сюда любое "
            "его сообщение. Чтобы остановиться, отправьте /cancel."
        ),
        "added": "✅ {name} теперь модератор.",
        "line": "1. {name}, с {date}",
        "remove": "❌ Исключить {name}",
        "confirm": "Исключить {name} из модераторов? Доступ будет закрыт сразу.",
        "yes": "✅ Да, исключить",
        "no": "↩️ Нет, оставить",
        "removed": "Готово: доступ к инструментам модератора закрыт.",
        "hidden": (
            "Secret &lt;Person&gt; скрывает свой аккаунт в пересланных сообщениях, поэтому "
            "Telegram не сообщает боту «Кеңес», кто это. Попросите у этого человека его ID и "
            "отправьте его сюда цифрами."
        ),
        "not_id": (
            "Это не ID пользователя. Отправьте только цифры, например 123456789, или "
            "перешлите сообщение этого человека."
        ),
        "already": "{name} уже модератор.",
        "staff_only": "Это доступно только сотрудникам акимата.",
        "admins_only": "Это могут делать только администраторы.",
    },
}


async def appoint(admin: Person, language: str, user_id: int) -> None:
    """The administrator makes ``user_id`` a moderator through /moderators."""
    await admin.send("/moderators")
    await admin.press(TEXTS[language]["add"])
    await admin.send(str(user_id))


async def dismiss(admin: Person, language: str, user_id: int) -> None:
    t = TEXTS[language]
    await admin.send("/moderators")
    await admin.press(t["remove"].format(name=user_id))
    await admin.press(t["yes"])


async def audit_entries(world: World) -> list[tuple[Any, ...]]:
    async with world.kenes.sessionmaker() as session, session.begin():
        result = await session.execute(select(AuditEntry).order_by(AuditEntry.id))
        return [
            (
                e.actor_id or e.actor_pseudonym,
                e.actor_role,
                e.action,
                e.object_id,
                e.before,
                e.after,
            )
            for e in result.scalars()
        ]


PANEL = {
    "kk": {
        "header": "🛠 «Кеңес» ботындағы қызметкерлер құралдары",
        "moderator": "Сіздің рөліңіз: модератор.",
        "admin": "Сіздің рөліңіз: әкімші.",
        "hearings": "🏛 Тыңдаулар",
        "commands": "Өтініштер: /queue (ашық өтініштер, сүзгілермен), /audit N (қызметкерлер N "
        "өтінішімен не істеді).\nТұрғындар: /comments (жасыруға болатын түсініктемелер), /blocked "
        "(бұғатталған тұрғындар).\nСауалнамалар: /newpoll (жаңа сауалнама), /pollstats "
        "(нәтижелер, сауалнаманы мерзімінен бұрын жабу), /pulse (ТДМ 16.7.2 көрсеткіші).\n"
        "Қоғамдық тыңдаулар: төмендегі «🏛 Тыңдаулар» батырмасы (тыңдауды жариялау, өзгерту не "
        "оның күшін жою, сұрақтарды оқу, QR коды, қорытындысын жариялау).",
        "admin_commands": "Әкімшілер: /moderators, /templates (жауап үлгілері), /departments.",
        "broadcasts": "📣 Таратулар",
        "moderators": "👥 Модераторлар",
        "none": "Әзірге тарату болған жоқ.",
        "recent": "📣 Соңғы таратулар",
        "back": "↩️ Артқа",
    },
    "ru": {
        "header": "🛠 Инструменты сотрудников в боте «Кеңес»",
        "moderator": "Ваша роль: модератор.",
        "admin": "Ваша роль: администратор.",
        "hearings": "🏛 Слушания",
        "commands": "Обращения: /queue (открытые обращения, с фильтрами), /audit N (что "
        "сотрудники делали с обращением N).\nЖители: /comments (комментарии к оценкам, которые "
        "можно скрыть), /blocked (заблокированные жители).\nОпросы: /newpoll (новый опрос), "
        "/pollstats (результаты, досрочное закрытие опроса), /pulse (показатель ЦУР 16.7.2).\n"
        "Общественные слушания: кнопка «🏛 Слушания» ниже (объявить слушание, изменить или "
        "отменить его, прочитать вопросы, QR-код, опубликовать итоги).",
        "admin_commands": "Администраторы: /moderators, /templates (шаблоны ответов), "
        "/departments.",
        "broadcasts": "📣 Рассылки",
        "moderators": "👥 Модераторы",
        "none": "Рассылок пока не было.",
        "recent": "📣 Последние рассылки",
        "back": "↩️ Назад",
    },
}
