"""The demo's composition root: the window on :class:`DemoEnvironment` (everything simulated).

``station demo`` opens the window and prints ``doctor: URL``; ``station demo --scripted``
plays whole consultations through the same window without a person and prints
``consultation: ID``, ``report:`` and ``fhir:`` for each.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from station.ui import app
from station.ui.main_window import MainWindow

if TYPE_CHECKING:  # the environment starts after the window has shown
    from station.demo_env import DemoEnvironment
    from station.records.store import EventStore
    from station.workstation import Workstation


def _print_link(link: str) -> None:
    print(f"doctor: {link}", flush=True)


def _station_identity() -> dict[str, str]:
    """The station as set up (Réglages du poste), else the demo's."""
    from station.config import station_identity
    from station.demo_env import DEMO_STATION

    saved = {k: v for k, v in station_identity().items() if isinstance(v, str) and v}
    return saved if saved.get("name") else dict(DEMO_STATION)


def demo_workstation(env: DemoEnvironment) -> Workstation:
    from station.workstation import Workstation

    assert env.store is not None and env.devices is not None
    return Workstation(
        env.store,
        env.devices,
        env.calls,
        station=_station_identity(),
        otoscope=env.otoscope(),
        stethoscope=env.stethoscope,
        keyring_message=env.record_note,
    )


def _save_report(store: EventStore, consultation: str, pdf: bytes, folder: Path) -> None:
    """The scripted demo's report, PDF and FHIR, where the user can open them after."""
    from station.records.files import write_private
    from station.records.outbox import queued_bundle

    bundle = queued_bundle(store, consultation)
    folder.mkdir(parents=True, exist_ok=True)
    pdf_path = write_private(folder / f"compte-rendu-{consultation[:8]}.pdf", pdf)
    fhir_path = write_private(
        folder / f"compte-rendu-{consultation[:8]}.fhir.json",
        json.dumps(bundle, ensure_ascii=False, indent=1).encode("utf-8"),
    )
    print(f"report: {pdf_path}", flush=True)
    print(f"fhir: {fhir_path}", flush=True)


def _say_notes(env: DemoEnvironment) -> None:
    if env.stethoscope_note:
        print(env.stethoscope_note, flush=True)
    if env.record_note:
        print(env.record_note, flush=True)
    else:
        print(
            "Consultations de démonstration gardées à part : « station records list --demo », "
            "puis « station export ID --demo --pdf FICHIER ».",
            flush=True,
        )
    if env.speaker is not None:
        print(
            "La voix du médecin sort sur le haut-parleur du poste. Page médecin ouverte sur "
            "la même machine : coupez-y le micro, ou lancez avec STATION_SPEAKER=none, "
            "sinon l’écho revient.",
            flush=True,
        )
    elif env.speaker_problem != "disabled":
        print(
            "Haut-parleur indisponible : la voix du médecin ne sera pas entendue au poste "
            f"({env.speaker_problem}).",
            flush=True,
        )


async def _demo(
    window: MainWindow,
    closed: asyncio.Event,
    port: int,
    profile: str,
    scripted: bool,
    screenshots: Path | None,
    count: int,
    reports: Path | None,
) -> int:
    from station.demo_env import DemoEnvironment

    # The demo run by hand has the stethoscope (the scripted day does not auscultate).
    async with DemoEnvironment(port, profile, stethoscope=not scripted) as env:
        assert env.store is not None
        workstation = demo_workstation(env)
        workstation.doctor_link.connect(_print_link)
        _say_notes(env)
        problem = app.start_sending(workstation)
        if problem:
            print(problem, flush=True)
        try:
            await app.warm_index(workstation)
            window.attach(workstation)
            if closed.is_set():  # closed while the station was starting
                return 0
            if scripted:
                from station.records.files import documents_folder
                from station.ui.scripted import play_day

                folder = reports or documents_folder() / "Station (démonstration)"
                store = env.store

                def done(consultation: str) -> None:
                    print(f"consultation: {consultation}", flush=True)
                    _save_report(store, consultation, window.report.pdf, folder)

                await play_day(window, count, screenshots, done)
                return 0
            print(
                "Le lien du médecin (« doctor: ») s’affiche ici et dans la fenêtre dès que le "
                "patient est identifié (usage unique, valable 1 h). Fermez la fenêtre pour "
                "terminer.",
                flush=True,
            )
            await closed.wait()
            return 0
        finally:
            await app.stop_station(workstation, window)


def run_demo_app(
    port: int,
    profile: str,
    scripted: bool = False,
    screenshots: Path | None = None,
    count: int = 1,
    reports: Path | None = None,
    ready: Callable[[MainWindow], None] | None = None,
) -> int:
    async def main(window: MainWindow, closed: asyncio.Event) -> int:
        return await _demo(window, closed, port, profile, scripted, screenshots, count, reports)

    return app.run(main, ready)
