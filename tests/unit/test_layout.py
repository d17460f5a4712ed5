from bot.i18n import create_i18n
from keyboards.layout import paired_rows
from keyboards.moderation import card_keyboard


def test_short_labels_go_two_by_two_and_a_long_one_alone() -> None:
    assert paired_rows(["✅ Accept", "🛠 In progress", "⛔ Reject"]) == [2, 1]
    assert paired_rows(["a", "b", "x" * 30, "c", "d", "e"]) == [2, 1, 2, 1]
    assert paired_rows(["a", "x" * 30, "b"]) == [1, 1, 1]
    assert paired_rows([]) == []


def test_not_our_competence_has_a_row_of_its_own_on_the_card() -> None:
    for language in ("kk", "ru"):
        i18n = create_i18n(language)
        with i18n.context(), i18n.use_locale(language):
            rows = card_keyboard(1, "new").inline_keyboard  # type: ignore[union-attr]
        alone = [row[0].text for row in rows if len(row) == 1]
        assert any("↪️" in text for text in alone), (language, rows)
        assert all(len(button.text) <= 20 for row in rows if len(row) == 2 for button in row)


def test_five_hide_buttons_of_a_question_page_come_two_by_two() -> None:
    from keyboards.hearing_staff import questions_keyboard
    from models.hearing import HearingQuestion

    questions = [HearingQuestion(id=i, voice_file_id=None) for i in range(1, 6)]
    for language in ("kk", "ru"):
        i18n = create_i18n(language)
        with i18n.context(), i18n.use_locale(language):
            rows = questions_keyboard(7, questions, 1, 0, 1).inline_keyboard
        hides = [row for row in rows if "🙈" in row[0].text]
        assert [len(row) for row in hides] == [2, 2, 1], language


def test_every_callback_data_class_has_a_prefix_of_its_own() -> None:
    """Two classes with one prefix would read each other's buttons (aiogram matches on it)."""
    import importlib
    import pkgutil

    from aiogram.filters.callback_data import CallbackData

    import handlers
    import keyboards

    for package in (keyboards, handlers):
        for module in pkgutil.walk_packages(package.__path__, package.__name__ + "."):
            importlib.import_module(module.name)
    seen: dict[str, str] = {}

    def walk(cls: type) -> None:
        sub: type
        for sub in cls.__subclasses__():
            prefix = sub.__prefix__  # type: ignore[attr-defined]
            assert prefix not in seen, (prefix, seen.get(prefix), sub.__qualname__)
            seen[prefix] = sub.__qualname__
            walk(sub)

    walk(CallbackData)
    assert len(seen) > 20
