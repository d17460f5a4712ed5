"""Administrators keep reply templates (a text in each language) and departments (a name in
each language and the categories they handle): add, edit (keeping what they do not change),
delete; every change is in the audit log, and moderators are refused."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import select

from models import AuditEntry, Department, ReplyTemplate
from tests.e2e.conftest import World
from tests.e2e.desk.kit import NAMES, SAY, staff
from tests.e2e.staff import ADMIN

LANGUAGES = pytest.mark.parametrize("language", ["kk", "ru"])
A = {
    "kk": {
        "templates": "📄 Жауап үлгілері: {count}",
        "departments": "🏢 Бөлімдер: {count}",
        "none": "Әзірге жоқ.",
        "add_template": "➕ Үлгі қосу",
        "add_department": "➕ Бөлім қосу",
        "text_kk": "Үлгінің мәтінін қазақ тілінде жіберіңіз (2-ден 1\xa0000 таңбаға дейін).",
        "text_ru": "Үлгінің мәтінін орыс тілінде жіберіңіз (2-ден 1\xa0000 таңбаға дейін).",
        "name_kk": "Бөлімнің атауын қазақ тілінде жіберіңіз (2-ден 100 таңбаға дейін).",
        "name_ru": "Бөлімнің атауын орыс тілінде жіберіңіз (2-ден 100 таңбаға дейін).",
        "now": "Қазір: {text}",
        "keep": "⏭ Өзгертпеу",
        "categories": "Бөлім қандай санаттармен айналысады? Қажеттілерін белгілеп, сақтаңыз.",
        "roads": "Жолдар мен тротуарлар",
        "snow": "Қар тазалау",
        "save": "💾 Сақтау",
        "saved": "✅ Сақталды.",
        "delete_q": "Жойылсын ба? Өтініштер мен жіберілген жауаптар өзгеріссіз қалады.",
        "yes": "✅ Иә, жою",
        "deleted": "🗑 Жойылды.",
        "bad": "Бұл жарамайды. Қайта жіберіңіз.",
    },
    "ru": {
        "templates": "📄 Шаблоны ответов: {count}",
        "departments": "🏢 Отделы: {count}",
        "none": "Пока нет.",
        "add_template": "➕ Добавить шаблон",
        "add_department": "➕ Добавить отдел",
        "text_kk": "Отправьте текст шаблона на казахском языке (от 2 до 1\xa0000 символов).",
        "text_ru": "Отправьте текст шаблона на русском языке (от 2 до 1\xa0000 символов).",
        "name_kk": "Отправьте название отдела на казахском языке (от 2 до 100 символов).",
        "name_ru": "Отправьте название отдела на русском языке (от 2 до 100 символов).",
        "now": "Сейчас: {text}",
        "keep": "⏭ Оставить как есть",
        "categories": "Какими категориями занимается отдел? Отметьте нужные и сохраните.",
        "roads": "Дороги и тротуары",
        "snow": "Уборка снега",
        "save": "💾 Сохранить",
        "saved": "✅ Сохранено.",
        "delete_q": "Удалить? Обращения и уже отправленные ответы останутся без изменений.",
        "yes": "✅ Да, удалить",
        "deleted": "🗑 Удалено.",
        "bad": "Так не подходит. Пожалуйста, отправьте ещё раз.",
    },
}


async def log_of(world: World, kind: str) -> list[tuple[Any, ...]]:
    async with world.kenes.sessionmaker() as session, session.begin():
        rows = await session.execute(
            select(AuditEntry).where(AuditEntry.object_type == kind).order_by(AuditEntry.id)
        )
        return [(e.actor_id, e.action, e.before, e.after) for e in rows.scalars()]


@LANGUAGES
async def test_templates_are_added_edited_and_deleted(world: World, language: str) -> None:
    desk = await staff(world, language)
    admin, a = desk.admin, A[language]

    [listing] = await admin.send("/templates")
    assert listing.content == a["templates"].format(count=0) + "\n" + a["none"]
    [ask] = await admin.press(a["add_template"], listing)
    assert ask.content == a["text_kk"]
    assert [m.content for m in await admin.send("!")] == [a["bad"]]
    [ask] = await admin.send("Өтінішіңіз қаралуда.")
    assert ask.content == a["text_ru"]
    [saved] = await admin.send("Ваше обращение <рассматривается>.")

    assert saved.content == "\n".join(
        [
            a["saved"],
            "",
            a["templates"].format(count=1),
            "1. Өтінішіңіз қаралуда. / Ваше обращение <рассматривается>.",
        ]
    )
    assert saved.buttons == ["✏️ 1", "🗑 1", a["add_template"]]

    [ask] = await admin.press("✏️ 1", saved)
    assert ask.content == a["text_kk"] + "\n" + a["now"].format(text="Өтінішіңіз қаралуда.")
    [ask] = await admin.press(a["keep"], ask)
    assert ask.content == a["text_ru"] + "\n" + a["now"].format(
        text="Ваше обращение <рассматривается>."
    )
    [saved] = await admin.send("Ваше обращение рассматривается.")
    async with world.kenes.sessionmaker() as session, session.begin():
        [template] = (await session.execute(select(ReplyTemplate))).scalars()
    assert template.texts == {
        "kk": "Өтінішіңіз қаралуда.",
        "ru": "Ваше обращение рассматривается.",
    }

    await admin.press("🗑 1", saved)
    assert saved.content == a["delete_q"] and saved.buttons[0] == a["yes"]
    await admin.press(a["yes"], saved)
    assert (
        saved.content == a["deleted"] + "\n\n" + a["templates"].format(count=0) + "\n" + a["none"]
    )
    texts = {"kk": "Өтінішіңіз қаралуда.", "ru": "Ваше обращение <рассматривается>."}
    edited = {"kk": "Өтінішіңіз қаралуда.", "ru": "Ваше обращение рассматривается."}
    by = NAMES[ADMIN]
    assert await log_of(world, "template") == [
        (ADMIN, "template.add", None, {"texts": texts, "by": by}),
        (ADMIN, "template.edit", {"texts": texts}, {"texts": edited, "by": by}),
        (ADMIN, "template.delete", {"texts": edited}, None),
    ]


@LANGUAGES
async def test_departments_with_their_categories(world: World, language: str) -> None:
    desk = await staff(world, language)
    admin, a = desk.admin, A[language]
    [listing] = await admin.send("/departments")
    await admin.press(a["add_department"], listing)
    await admin.send("Жолдар бөлімі")
    [ask] = await admin.send("Отдел дорог")
    assert ask.content == a["categories"]
    assert (
        ask.buttons[:3]
        == {
            "kk": ["Қоғамдық көлік", "Жолдар мен тротуарлар", "Жылу, су, электр, газ"],
            "ru": ["Общественный транспорт", "Дороги и тротуары", "Тепло, вода, свет, газ"],
        }[language]
    )

    await admin.press(a["roads"], ask)
    await admin.press(a["snow"], ask)
    assert "✅ " + a["roads"] in ask.buttons and "✅ " + a["snow"] in ask.buttons
    await admin.press("✅ " + a["snow"], ask)  # changed their mind
    [saved] = await admin.press(a["save"], ask)

    name = {"kk": "Жолдар бөлімі", "ru": "Отдел дорог"}[language]
    assert saved.content.endswith(a["departments"].format(count=1) + f"\n1. {name} — {a['roads']}")
    await admin.press("✏️ 1", saved)
    await admin.press(a["keep"])
    [ask] = await admin.send("Жолдар мен қар бөлімі / Отдел дорог и снега")
    assert "✅ " + a["roads"] in ask.buttons
    await admin.press(a["snow"], ask)
    await admin.press(a["save"], ask)
    async with world.kenes.sessionmaker() as session, session.begin():
        [department] = (await session.execute(select(Department))).scalars()
    assert department.names == {
        "kk": "Жолдар бөлімі",
        "ru": "Жолдар мен қар бөлімі / Отдел дорог и снега",
    }
    assert department.categories == ["roads", "snow"]
    assert [action for _, action, *_ in await log_of(world, "department")] == [
        "department.add",
        "department.edit",
    ]


async def test_moderators_and_residents_cannot_keep_templates(world: World) -> None:
    desk = await staff(world, "ru")
    moderator = desk.one.__class__(world, desk.one.id, language_code=None)  # private chat
    resident = await world.resident(1001, "kk")

    assert [m.content for m in await moderator.send("/templates")] == [
        "Это могут делать только администраторы."
    ]
    assert [m.content for m in await resident.send("/departments")] == [SAY["kk"]["staff_only"]]
    await moderator.press_data(moderator.last, "lib1:template:add:0:")
    assert moderator.answers()[-1] == "Это могут делать только администраторы."
