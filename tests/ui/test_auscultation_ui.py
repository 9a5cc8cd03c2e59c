"""The guided auscultation by real clicks: the screen says where each area is, records it, goes
on to the next, can be closed and reopened where it stopped, and the record keeps every clip."""

from __future__ import annotations

from pathlib import Path

from tests.stethoscope_support import needs_alsa, run_on_simulator

CHILD = Path(__file__).with_name("auscultation_ui_child.py")

pytestmark = needs_alsa


def test_the_assistant_is_guided_area_by_area(tmp_path: Path) -> None:
    record = str(tmp_path / "record.sqlite3")
    seen, _ = run_on_simulator(CHILD, record, cwd=tmp_path, seed=11, env={"STATION_LANG": "fr"})
    assert seen["loudest"] == "Volume du stéthoscope : +18 dB"
    assert "sature : baissez le gain" in seen["saturated"] and "recommencez" in seen["saturated"]
    assert seen["after_saturated"] == "Point 1 sur 4 : Foyer aortique"  # offered again
    assert seen["gain_back"] == ["Volume du stéthoscope : +0 dB", 1.0]
    assert seen["where"] == [
        "Point 1 sur 4 : Foyer aortique",
        "Point 2 sur 4 : Foyer pulmonaire",
        "Point 3 sur 4 : Foyer tricuspide",
        "Point 4 sur 4 : Foyer mitral",
    ]
    assert all("enregistrement gardé (1 s)" in text for text in seen["outcomes"])
    assert seen["finished"].startswith("Auscultation terminée — Le médecin a les 4 enregistrements")
    assert seen["step_done"] is True and seen["progress"] == 100
    assert seen["clips"] == [
        ["Foyer aortique", True],  # the saturated one, kept and marked
        ["Foyer aortique", True],
        ["Foyer pulmonaire", True],
        ["Foyer tricuspide", True],
        ["Foyer mitral", True],
    ]
