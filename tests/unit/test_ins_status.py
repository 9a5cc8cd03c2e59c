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
        "value": "248072A00000057",  # the matricule is 15 characters: its key is added
        "oid": "1.2.250.1.213.1.4.8",
        "status": "provisional",
        "how": "typed",
    }


def test_a_malformed_ins_is_refused_in_words() -> None:
    with pytest.raises(SignInError, match="13 chiffres"):
        check_identity("Durand", "Lucie", date(1948, 7, 2), "12345", "female")


def test_a_patient_born_in_corsica_has_an_ins_too() -> None:
    identity = check_identity("Santoni", "Marie", date(1950, 3, 1), "2500320004123", "female")
    assert identity["ins"]["value"] == "250032000412313"
    corsica = check_identity("Santoni", "Marie", date(1950, 3, 1), "2 50 03 2a 004 123", "female")
    assert corsica["ins"]["value"] == "250032A00412340"  # 2A counts as 19 in the key


def test_the_birthplace_insee_code_is_kept_and_checked() -> None:
    identity = check_identity("Santoni", "Marie", date(1950, 3, 1), "", "female", " 2a 004 ")
    assert identity["birthplace"] == "2A004"
    with pytest.raises(SignInError, match="INSEE"):
        check_identity("Santoni", "Marie", date(1950, 3, 1), "", "female", "Ajaccio")


def test_a_wrong_key_is_refused_in_words() -> None:
    ok = check_identity("Durand", "Lucie", date(1948, 7, 2), "2 48 07 2A 000 000 57", "female")
    assert ok["ins"]["value"] == "248072A00000057"
    with pytest.raises(SignInError, match="clé"):
        check_identity("Durand", "Lucie", date(1948, 7, 2), "2 48 07 2A 000 000 58", "female")


def test_an_ins_qualified_elsewhere_says_by_whom_and_how() -> None:
    identity = check_identity(
        "Durand",
        "Lucie",
        date(1948, 7, 2),
        "248072A000000",
        "female",
        qualified_by=" DPI  de l’EHPAD ",
    )
    assert identity["ins"] == {
        "value": "248072A00000057",
        "oid": "1.2.250.1.213.1.4.8",
        "status": "qualified",
        "how": "insi-elsewhere",
        "qualified_by": "DPI de l’EHPAD",
    }
    with pytest.raises(SignInError, match="matricule INS"):
        check_identity("Durand", "Lucie", date(1948, 7, 2), "", "female", qualified_by="DPI")


def test_the_regular_doctor_mssante_address_is_checked() -> None:
    identity = check_identity(
        "Durand",
        "Lucie",
        date(1948, 7, 2),
        regular_doctor=" claire.vasseur@medecin.mssante.fr ",
    )
    assert identity["regular_doctor_mssante"] == "claire.vasseur@medecin.mssante.fr"
    for wrong in ("claire.vasseur@gmail.com", "248072A00000057@patient.mssante.fr"):
        with pytest.raises(SignInError, match=r"mssante\.fr"):
            check_identity("Durand", "Lucie", date(1948, 7, 2), regular_doctor=wrong)
