"""Starting the application: Qt and asyncio on one loop (qasync), on the demo environment.

``station demo`` opens the window and prints ``doctor: URL``; ``station demo --scripted``
plays a whole consultation through the same window without a person and prints
``consultation: ID``.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import signal
import sys
from pathlib import Path

import qasync
from PySide6.QtCore import QtMsgType, qInstallMessageHandler
from PySide6.QtWidgets import QApplication

from station.config import ConfigError, station_identity
from station.credentials import CredentialsUnavailable
from station.demo_env import DEMO_STATION, DemoEnvironment
from station.records.files import documents_folder, write_private
from station.records.outbox import TransmissionConfigError, configured_endpoint, queued_bundle
from station.records.store import EventStore
from station.ui.i18n import install_translator
from station.ui.main_window import MainWindow
from station.ui.style import stylesheet
from station.workstation import Workstation

log = logging.getLogger("station.ui")


def _print_link(link: str) -> None:
    print(f"doctor: {link}", flush=True)


def _station_identity() -> dict[str, str]:
    """The station as set up (Réglages du poste), else the demo's."""
    saved = {k: v for k, v in station_identity().items() if isinstance(v, str) and v}
    return saved if saved.get("name") else dict(DEMO_STATION)


def demo_workstation(env: DemoEnvironment) -> Workstation:
    assert env.store is not None and env.devices is not None
    return Workstation(
        env.store,
        env.devices,
        env.calls,
        station=_station_identity(),
        otoscope=env.otoscope(),
        keyring_message=env.record_note,
    )


def _save_report(store: EventStore, consultation: str, pdf: bytes, folder: Path) -> None:
    """The scripted demo's report, PDF and FHIR, where the user can open them after."""
    bundle = queued_bundle(store, consultation)
    folder.mkdir(parents=True, exist_ok=True)
    pdf_path = write_private(folder / f"compte-rendu-{consultation[:8]}.pdf", pdf)
    fhir_path = write_private(
        folder / f"compte-rendu-{consultation[:8]}.fhir.json",
        json.dumps(bundle, ensure_ascii=False, indent=1).encode("utf-8"),
    )
    print(f"report: {pdf_path}", flush=True)
    print(f"fhir: {fhir_path}", flush=True)


async def _demo(
    app: QApplication,
    port: int,
    profile: str,
    scripted: bool,
    screenshots: Path | None,
    count: int = 1,
    reports: Path | None = None,
) -> int:
    async with DemoEnvironment(port, profile) as env:
        assert env.store is not None and env.devices is not None
        workstation = demo_workstation(env)
        workstation.doctor_link.connect(_print_link)
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
        try:
            workstation.start_sending(configured_endpoint())
        except (ConfigError, CredentialsUnavailable, TransmissionConfigError) as err:
            print(f"Transmission des comptes rendus désactivée : {err}", flush=True)
        window = MainWindow(workstation)
        window.signin.refresh()
        window.show()
        # The home screen's lists, built while the assistant signs in (0.5 s with 5,000
        # consultations); every later refresh reads only what is new.
        warming = asyncio.get_running_loop().run_in_executor(None, workstation.index.refresh)
        closed = asyncio.Event()
        app.lastWindowClosed.connect(closed.set)
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGINT, signal.SIGTERM):
            with contextlib.suppress(NotImplementedError, RuntimeError):
                loop.add_signal_handler(sig, closed.set)
        try:
            await warming
            if scripted:
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
            await workstation.stop_sending()
            await workstation.end_call()
            if workstation.otoscope is not None:
                await workstation.otoscope.close()
            window.close()


def _qt_messages(mode: QtMsgType, context: object, message: str) -> None:
    """Qt's own messages go to the log; the offscreen platform's chatter is dropped."""
    if "propagateSizeHints" in message:
        return
    level = logging.WARNING if mode != QtMsgType.QtDebugMsg else logging.DEBUG
    log.log(level, "%s", message)


def run_demo_app(
    port: int,
    profile: str,
    scripted: bool = False,
    screenshots: Path | None = None,
    count: int = 1,
    reports: Path | None = None,
) -> int:
    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    qInstallMessageHandler(_qt_messages)
    app.setApplicationName("Station")
    app.setQuitOnLastWindowClosed(False)  # the loop ends the app, after closing the call
    install_translator(app)
    app.setStyleSheet(stylesheet())
    loop = qasync.QEventLoop(app)
    asyncio.set_event_loop(loop)
    try:
        return loop.run_until_complete(
            _demo(app, port, profile, scripted, screenshots, count, reports)
        )
    finally:
        loop.close()
        asyncio.set_event_loop(None)
