"""A date of birth as the assistant types it: day, month, year, never guessed or corrected.

A wrong date of birth is a wrong patient (it is one of the two identity traits checked), so a
date that does not exist or lies in the future is refused with the reason, never adjusted.
"""

from __future__ import annotations

import re
from datetime import date


class BirthDateError(ValueError):
    def __init__(self, message: str) -> None:
        self.message = message
        super().__init__(message)


_WITH_SEPARATORS = re.compile(r"(\d{1,2})[/.\- ]+(\d{1,2})[/.\- ]+(\d+)")


def parse_birth_date(text: str, today: date | None = None) -> date:
    """``02/07/1948``, ``2/7/1948``, ``02.07.1948`` or ``02071948`` → 2 July 1948."""
    text = text.strip()
    if not text:
        raise BirthDateError("Indiquez la date de naissance du patient (jj/mm/aaaa).")
    if text.isdigit() and len(text) == 8:
        day, month, year = text[:2], text[2:4], text[4:]
    elif match := _WITH_SEPARATORS.fullmatch(text):
        day, month, year = match.groups()
    else:
        raise BirthDateError(
            "Date de naissance illisible : écrivez-la jj/mm/aaaa, par exemple 02/07/1948."
        )
    if len(year) != 4:
        raise BirthDateError("Écrivez l’année de naissance en entier, sur 4 chiffres.")
    try:
        born = date(int(year), int(month), int(day))
    except ValueError as err:
        raise BirthDateError("Cette date n’existe pas : vérifiez le jour et le mois.") from err
    if born > (today or date.today()):
        raise BirthDateError("La date de naissance ne peut pas être dans le futur.")
    if born.year < 1900:
        raise BirthDateError("Vérifiez l’année de naissance : elle est avant 1900.")
    return born


def age_in_years(iso: str, today: date | None = None) -> int | None:
    """Completed years since an ISO birth date (None when it cannot be read)."""
    try:
        born = date.fromisoformat(iso)
    except ValueError:
        return None
    today = today or date.today()
    return today.year - born.year - ((today.month, today.day) < (born.month, born.day))
