"""The date of birth typed as written on the ID card: by Tab or after a click, with or without
slashes; an impossible or future date refused with a message, never corrected."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt

from station.birth_date import BirthDateError, parse_birth_date
from station.ui import user
from station.ui.patient import PatientScreen


@pytest.mark.parametrize(
    ("typed", "born"),
    [
        ("02/07/1948", date(1948, 7, 2)),
        ("2/7/1948", date(1948, 7, 2)),
        ("02071948", date(1948, 7, 2)),
        ("02.07.1948", date(1948, 7, 2)),
        (" 29/02/1948 ", date(1948, 2, 29)),
    ],
)
def test_dates_as_people_write_them(typed: str, born: date) -> None:
    assert parse_birth_date(typed) == born


@pytest.mark.parametrize(
    ("typed", "said"),
    [
        ("", "Indiquez la date de naissance"),
        ("31/02/1948", "n’existe pas"),
        ("29/02/1949", "n’existe pas"),
        ("02/07/48", "4 chiffres"),
        ("02/07/2999", "futur"),
        ("le 2 juillet", "illisible"),
        ("02/07/1848", "avant 1900"),
    ],
)
def test_impossible_dates_are_refused_in_words(typed: str, said: str) -> None:
    with pytest.raises(BirthDateError) as refused:
        parse_birth_date(typed, today=date(2026, 12, 2))
    assert said in refused.value.message


def _screen(qtbot: Any) -> tuple[PatientScreen, list[dict[str, Any]]]:
    screen = PatientScreen()
    qtbot.addWidget(screen)
    identified: list[dict[str, Any]] = []
    screen.identified.connect(identified.append)
    with qtbot.waitActive(screen):
        screen.show()
        screen.activateWindow()
    screen.clear()
    return screen, identified


def test_typed_after_tab_with_slashes(qtbot: Any, tmp_path: Path) -> None:
    screen, identified = _screen(qtbot)
    assert screen.birth_date.text() == ""  # nothing pre-filled: no date by default
    user.type_into(screen.family_name, "Durand")
    user.type_into(screen.given_names, "Lucie")
    user.press(screen.given_names, Qt.Key.Key_Tab)
    assert screen.birth_date.hasFocus()
    user.type_text(screen.birth_date, "02/07/1948")
    user.press(screen.birth_date, Qt.Key.Key_Return)
    assert [i["birth_date"] for i in identified] == ["1948-07-02"]


def test_typed_after_a_click_without_slashes(qtbot: Any) -> None:
    screen, identified = _screen(qtbot)
    user.type_into(screen.family_name, "Lefèvre")
    user.type_into(screen.given_names, "Jean-Pierre")
    user.type_into(screen.birth_date, "14021937")
    user.click(screen.submit)
    assert [(i["family_name"], i["birth_date"]) for i in identified] == [("Lefèvre", "1937-02-14")]


def test_an_impossible_date_is_refused_and_nothing_starts(qtbot: Any) -> None:
    screen, identified = _screen(qtbot)
    user.type_into(screen.family_name, "Durand")
    user.type_into(screen.given_names, "Lucie")
    user.type_into(screen.birth_date, "31/02/1948")
    user.click(screen.submit)
    assert not identified
    assert "n’existe pas" in screen.error.text()
    assert screen.birth_date.text() == "31/02/1948"  # left as typed, for the assistant to fix
    user.type_into(screen.birth_date, "2099-01-01")
    user.click(screen.submit)
    assert not identified and screen.error.text()
