"""The stethoscope paired on the setup screen by real clicks and keys, on the real driver (run
as a child process by tests/ui/test_stethoscope_pairing.py with the simulator's
ALSA_CONFIG_PATH and a settings file of its own). Prints what the screen said as one JSON
line."""

from __future__ import annotations

import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")



from station.ui import scripted, user
from station.ui.main_window import MainWindow
from tests.stethoscope_support import print_from_qt
from tests.ui.fakes import offline_workstation


async def main(device: str, folder: str) -> dict[str, object]:
    window = MainWindow(offline_workstation(Path(folder)))
    window.resize(1200, 900)
    window.show()
    window.show_setup()
    pairing = window.setup.stethoscope
    seen: dict[str, object] = {}
    try:
        user.type_into(pairing.port.lineEdit(), "micro-absent")
        user.click(pairing.test)
        await scripted.until(lambda: "⚠" in pairing.result.text(), 30, "absent input said")
        seen["absent"] = [pairing.result.text(), pairing.save.isEnabled()]
        user.click(pairing.find)
        await scripted.until(lambda: pairing.port.findData(device) >= 0, 30, "inputs listed")
        seen["found"] = pairing.result.text()
        user.choose(pairing.port, device)
        user.click(pairing.test)
        await scripted.until(lambda: pairing.task is None and pairing.result.text(), 30, "test")
        seen["tested"] = [pairing.result.text(), pairing.save.isEnabled()]
        if pairing.save.isEnabled():
            user.click(pairing.save)
        seen["saved"] = pairing.result.text()
    finally:
        window.workstation.store.close()
        window.close()
    return seen


if __name__ == "__main__":
    print_from_qt(main(sys.argv[1], sys.argv[2]))
