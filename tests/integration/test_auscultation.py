"""A site's clip through the real audio stack into the record, while the doctor's live line
hears the same sound; faults keep what was captured and say what to do."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from tests.stethoscope_support import needs_alsa, run_on_simulator

CHILD = Path(__file__).with_name("auscultation_child.py")

pytestmark = needs_alsa


def _auscultate(tmp_path: Path, fault: str | None, seconds: float) -> dict[str, Any]:
    record = str(tmp_path / "record.sqlite3")
    seen, _ = run_on_simulator(
        CHILD, record, str(seconds), cwd=tmp_path, fault=fault, seed=3, timeout=120
    )
    return seen


def test_a_clip_goes_to_the_record_in_parts_while_the_doctor_listens(tmp_path: Path) -> None:
    seen = _auscultate(tmp_path, None, 3.0)
    assert seen["outcome"]["complete"] and seen["outcome"]["fault"] == ""
    assert seen["clip"] == {
        "seconds": 3.0,
        "parts": 3,
        "complete": True,
        "fault": "",
        "site": "Foyer mitral",
    }
    assert seen["progress"][-1] == 1.0 and len(seen["progress"]) == 3
    # The live line got the same stretch of sound (it opened first, so a little more).
    assert seen["live_seconds"] >= 2.9


def test_an_unplug_mid_clip_keeps_what_came_and_says_so(tmp_path: Path) -> None:
    seen = _auscultate(tmp_path, "unplug", 3.0)
    assert seen["outcome"]["fault"] == "lost" and not seen["outcome"]["complete"]
    assert "ne transmet plus de son" in seen["outcome"]["words"]
    assert not seen["clip"]["complete"] and 0 < seen["clip"]["seconds"] < 3.0


def test_a_silent_clip_is_kept_marked_and_asked_again(tmp_path: Path) -> None:
    seen = _auscultate(tmp_path, "silence", 2.0)
    assert (
        seen["outcome"]["fault"] == "silent"
        and "posez bien la membrane" in seen["outcome"]["words"]
    )
    assert seen["clip"]["complete"] and seen["clip"]["fault"] == "silent"


SESSION_CHILD = Path(__file__).with_name("auscultation_session_child.py")


def test_the_doctor_asks_for_the_heart_and_gets_four_areas(tmp_path: Path) -> None:
    record = str(tmp_path / "record.sqlite3")
    seen, _ = run_on_simulator(SESSION_CHILD, record, cwd=tmp_path, seed=8)
    assert (seen["kind"], seen["region"]) == ("auscultation", "heart")
    assert seen["order"] == ["aortic", "pulmonary", "tricuspid", "mitral"]
    assert seen["usable"] == [True] * 4
    assert sorted(seen["answer"]["sites"]) == sorted(seen["order"])
    assert seen["open"] == []  # the request is done
    assert seen["replies"][0].startswith("Foyer aortique : enregistrement gardé")
    assert seen["replies"][-1] == "Auscultation enregistrée : 4 points."
