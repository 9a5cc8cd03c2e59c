"""The INS as the station knows it: a typed matricule is "provisional" and says it was typed;
the station never claims a qualification it did not make (no INSi check here), so such an
identity's TLM-CR carries no INS and is never for the DMP."""

from __future__ import annotations

from datetime import date

import pytest

from station.people import SignInError, check_identity


def test_a_typed_ins_is_provisional_and_says_so() -> None:
    identity = check_identity("Durand", "Lucie", date(1948, 7, 2), "2 48 07 2A 000 000", "female")
    assert identity["ins"] == {
        "value": "248072A000000"[:13],
        "oid": "1.2.250.1.213.1.4.8",
        "status": "provisional",
        "how": "typed",
    }


def test_a_malformed_ins_is_refused_in_words() -> None:
    with pytest.raises(SignInError, match="13 chiffres"):
        check_identity("Durand", "Lucie", date(1948, 7, 2), "12345", "female")


def test_a_patient_born_in_corsica_has_an_ins_too() -> None:
    identity = check_identity("Santoni", "Marie", date(1950, 3, 1), "2500320004123", "female")
    assert identity["ins"]["value"] == "2500320004123"
    corsica = check_identity("Santoni", "Marie", date(1950, 3, 1), "2 50 03 2a 004 123", "female")
    assert corsica["ins"]["value"] == "250032A004123"


def test_the_birthplace_insee_code_is_kept_and_checked() -> None:
    identity = check_identity("Santoni", "Marie", date(1950, 3, 1), "", "female", " 2a 004 ")
    assert identity["birthplace"] == "2A004"
    with pytest.raises(SignInError, match="INSEE"):
        check_identity("Santoni", "Marie", date(1950, 3, 1), "", "female", "Ajaccio")
