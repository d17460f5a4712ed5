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
