"""The ``station`` command.

    station                               the station: its record, devices and service
    station enroll URL CODE               enroll this station to the fleet's service
    station demo [--scripted|--call|--devices]   the app (or a console) on simulated devices
    station devices list                  ports and cameras found, with the matching driver
    station devices read KIND [...]       take one measurement and print it (--json for JSON)
    station devices simulate KIND [...]   run a device simulator on a pseudo-terminal

Errors print one line in French and exit non-zero; never a traceback.
"""

from __future__ import annotations

import argparse
import asyncio
import errno
import json
import logging
import os
import signal
import sys
import threading
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from platformdirs import user_data_dir

from drivers import registry
from drivers.base import DeviceDriver, DeviceKind
from drivers.errors import DeviceDisconnected, DeviceError
from drivers.sim.pty import Fault
from station.arguments import ArgumentParser
from station.config import ConfigError
from station.credentials import CredentialsUnavailable
from station.devices import resolve
from station.devices.wording import KIND_NAMES, describe
from station.records.errors import RecordError

if TYPE_CHECKING:  # loaded by the commands that use them: ``station`` starts the app quickly
    from drivers.stethoscope import Stethoscope
    from drivers.uvc_camera import UvcCamera
    from station.records.store import EventStore

EXIT_DEVICE_ERROR = 2
EXIT_USAGE = 64
KINDS = [str(k) for k in DeviceKind]


def _stills_dir() -> Path:
    return Path(user_data_dir("station", appauthor=False)) / "stills"


def _print_error(message: str) -> None:
    print(f"Erreur : {message}", file=sys.stderr)


# ---- station devices list ------------------------------------------------------------------
def cmd_list(args: argparse.Namespace) -> int:
    from drivers.detect import detect

    found = detect()
    if not found:
        print("Aucun port série ni caméra détecté.")
    for dev in found:
        usb = f" [{dev.usb_id}]" if dev.usb_id else ""
        drivers = ", ".join(dev.drivers) if dev.drivers else "aucun pilote reconnu"
        print(f"{dev.port}{usb} — {dev.description or 'sans description'} — {drivers}")
    print("Pilotes disponibles : " + ", ".join(registry.names()))
    return 0


# ---- station devices read ------------------------------------------------------------------
async def _read(args: argparse.Namespace) -> int:
    from drivers.stethoscope import Stethoscope
    from drivers.uvc_camera import UvcCamera

    kind = DeviceKind(args.kind)
    choice = resolve(kind, args.driver, args.port)
    device = choice.driver(choice.port)
    try:
        if isinstance(device, UvcCamera):
            return await _read_still(device, args)
        if isinstance(device, Stethoscope):
            return await _read_sound(device, args)
        assert isinstance(device, DeviceDriver)
        if not args.json:
            print(
                f"Mesure en cours ({KIND_NAMES[kind]}, {device.model} sur {choice.port})…",
                file=sys.stderr,
            )
        measurement = await device.measure(timeout=args.timeout)
    finally:
        await device.close()
    print(
        json.dumps(measurement.to_dict(), ensure_ascii=False)
        if args.json
        else describe(measurement)
    )
    return 0


async def _read_still(camera: UvcCamera, args: argparse.Namespace) -> int:
    still = await camera.still()
    out = (
        Path(args.output) if args.output else _stills_dir() / f"{datetime.now():%Y%m%d-%H%M%S}.png"
    )
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_bytes(still.png)
    if args.json:
        print(
            json.dumps(
                {
                    "kind": "camera",
                    "time": still.time.isoformat(),
                    "device": camera.info.to_dict(),
                    "image": str(out),
                    "width": still.width,
                    "height": still.height,
                },
                ensure_ascii=False,
            )
        )
    else:
        print(f"Image {still.width}×{still.height} enregistrée : {out}")
    return 0


async def _read_sound(stethoscope: Stethoscope, args: argparse.Namespace) -> int:
    """A clip from the stethoscope, written as WAV (0600: it is patient data), even a silent
    or saturated one: the error is said after it is kept."""
    from drivers.stethoscope import SoundError, SoundLost
    from station.records.files import write_private

    stethoscope.gain = args.gain
    out = (
        Path(args.output) if args.output else _stills_dir() / f"{datetime.now():%Y%m%d-%H%M%S}.wav"
    )
    print(f"Enregistrement de {args.seconds:g} s au stéthoscope…", file=sys.stderr)
    problem: SoundError | None = None
    try:
        clip = await stethoscope.record(args.seconds)
    except SoundError as err:
        clip, problem = err.clip, err
    except DeviceDisconnected as err:
        if isinstance(err, SoundLost) and err.clip.pcm:  # what came before is kept
            write_private(out, err.clip.wav())
            print(f"Son de {err.clip.seconds:.1f} s gardé : {out}", flush=True)
        _print_error(err.message)
        await stethoscope.close()  # a stalled read is let go: the command still ends
        return EXIT_DEVICE_ERROR
    write_private(out, clip.wav())
    figures = {
        "kind": "stethoscope",
        "file": str(out),
        "seconds": round(clip.seconds, 2),
        "rate": clip.rate,
        "gain": clip.gain,
        "level_dbfs": round(clip.rms_dbfs, 1),
        "clipped_share": round(clip.clipped_share, 4),
    }
    if args.json:
        print(json.dumps(figures, ensure_ascii=False))
    else:
        print(
            f"Son de {clip.seconds:.1f} s enregistré : {out} (niveau {clip.rms_dbfs:.0f} dBFS, "
            f"saturé {100 * clip.clipped_share:.1f} %)"
        )
    if problem is not None:
        raise problem
    return 0


def cmd_read(args: argparse.Namespace) -> int:
    return asyncio.run(_read(args))


# ---- station devices simulate ----------------------------------------------------------------
def cmd_simulate(args: argparse.Namespace) -> int:
    from drivers.sim import SIMULATORS, simulator_class

    kind = DeviceKind(args.kind)
    driver = args.driver or registry.DEFAULT_FOR_KIND[kind]
    if kind is DeviceKind.STETHOSCOPE:
        return _simulate_sound(args)
    if driver not in SIMULATORS:
        if kind is DeviceKind.CAMERA:
            from drivers.uvc_camera import DEFAULT_TEST_SOURCE

            _print_error(
                "une caméra se simule avec une source de test : "
                f"station devices read camera --port {DEFAULT_TEST_SOURCE}"
            )
        else:
            _print_error(f"pas de simulateur pour le pilote « {driver} ».")
        return EXIT_USAGE
    if registry.get(driver).kind != kind:
        _print_error(f"le pilote « {driver} » ne sert pas à ce type d’appareil ({kind}).")
        return EXIT_USAGE
    cls = simulator_class(driver)
    try:
        sim = cls(profile=args.profile, fault=args.fault, seed=args.seed)
    except ValueError as err:
        _print_error(str(err))
        return EXIT_USAGE
    stop = _stop_on_signals()
    port = sim.start()
    print(f"port: {port}", flush=True)
    print(f"Simulateur {driver} : {sim.describe()}", flush=True)
    if args.fault:
        print(f"Panne simulée à la prochaine mesure : {args.fault}", flush=True)
    return _until_stopped(sim, stop)


def _stop_on_signals() -> threading.Event:
    stop = threading.Event()
    for sig in (signal.SIGINT, signal.SIGTERM):
        signal.signal(sig, lambda *_: stop.set())
    return stop


def _until_stopped(sim: Any, stop: threading.Event) -> int:
    """A simulator runs until Ctrl+C (or SIGTERM), then stops cleanly."""
    try:
        while not stop.wait(0.2):
            pass
    finally:
        sim.stop()
    return 0


def _simulate_sound(args: argparse.Namespace) -> int:
    from drivers.sim.stethoscope import PROFILES, StethoscopeFault, StethoscopeSimulator

    profile = args.profile if args.profile in PROFILES else "normal"
    faults = sorted(str(f) for f in StethoscopeFault)
    if args.fault and args.fault not in faults:
        _print_error(f"panne non simulée pour un stéthoscope : choisissez {', '.join(faults)}.")
        return EXIT_USAGE
    if not sys.platform.startswith("linux"):
        _print_error("le stéthoscope se simule sous Linux (une entrée ALSA du simulateur).")
        return EXIT_USAGE
    stop = _stop_on_signals()
    sim = StethoscopeSimulator(profile, fault=args.fault, seed=args.seed)
    port = sim.start()
    print(f"port: {port}", flush=True)
    print(f"ALSA_CONFIG_PATH={sim.alsa_config_path}", flush=True)
    print(
        f"Stéthoscope simulé ({profile}) : dans un autre terminal, avec la ligne ci-dessus "
        f"dans l’environnement, « station devices read stethoscope --port {port} ».",
        flush=True,
    )
    return _until_stopped(sim, stop)


# ---- the record ----------------------------------------------------------------------------
NO_RECORD = "Aucune consultation enregistrée sur ce poste."


def _open_record(demo: bool = False) -> EventStore | None:
    """The station's record (or the demo's), or None when nothing was ever recorded there."""
    from station.credentials import record_master_key
    from station.records.anchor import KeyringAnchor
    from station.records.location import demo_record_path, record_path
    from station.records.store import EventStore

    path = demo_record_path() if demo else record_path()
    if not path.exists():
        return None
    return EventStore(path, record_master_key(), KeyringAnchor(path))


DEMO_HELP = "le dossier de la démonstration (station demo), pas celui du poste"


# ---- station records list ------------------------------------------------------------------
STATUS_WORDS = {"open": "en cours", "closed": "clôturée"}


def cmd_records_list(args: argparse.Namespace) -> int:
    from station.records.projection import project, status_from_types

    store = _open_record(getattr(args, "demo", False))
    if store is None:
        print(NO_RECORD)
        return 0
    with store:
        listed = store.consultations()
        if not listed:
            print(NO_RECORD)
        for consultation, first, _last, readable in listed:
            if readable:
                state = project(consultation, store.events(consultation))
                status = STATUS_WORDS[state.status]
                detail = f"{len(state.measurements)} mesure(s)"
                sent = state.transmission
            else:
                status = STATUS_WORDS[status_from_types(store.types(consultation))]
                detail, sent = "données effacées (conservation)", "—"
            print(
                f"{consultation}  {first.astimezone():%d/%m/%Y %H:%M}  {status:<9}  "
                f"{detail}  {sent}"
            )
    return 0


# ---- station records send ------------------------------------------------------------------
def cmd_records_send(args: argparse.Namespace) -> int:
    from station.records.mssante import MssanteConfigError, configured_mssante
    from station.records.outbox import Outbox, configured_endpoint
    from station.records.read_model import DESTINATION_WORDS

    try:
        mssante = configured_mssante()
    except MssanteConfigError as err:
        raise ConfigError(err.message) from err
    endpoint = configured_endpoint()
    if endpoint is None and mssante is None:
        raise ConfigError(
            "aucune destination configurée : ajoutez [transmission] fhir_base_url et/ou "
            "[mssante] dans station.toml."
        )
    store = _open_record(getattr(args, "demo", False))
    if store is None:
        print(NO_RECORD)
        return 0
    with store:
        outbox = Outbox(store, endpoint, mssante=mssante)
        sent = asyncio.run(outbox.send_due())
        if not sent:
            print("Aucun rapport à envoyer maintenant.")
        for item in sent:
            print(f"{item.consultation}  {DESTINATION_WORDS[item.destination]} : {item.detail}")
        return 0 if all(i.state == "sent" for i in sent) else EXIT_DEVICE_ERROR


# ---- station records purge -----------------------------------------------------------------
def cmd_records_purge(args: argparse.Namespace) -> int:
    from station.config import retention_days
    from station.records.retention import DEFAULT_DAYS, purge_transmitted

    days = args.older_than if args.older_than is not None else retention_days(DEFAULT_DAYS)
    store = _open_record(getattr(args, "demo", False))
    if store is None:
        print(NO_RECORD)
        return 0
    with store:
        erased = purge_transmitted(store, days)
    print(
        f"{len(erased)} consultation(s) clôturée(s) et transmise(s) depuis plus de {days} "
        "jour(s) effacée(s)."
    )
    return 0


# ---- station export -----------------------------------------------------------------------
def cmd_export(args: argparse.Namespace) -> int:
    from station.records.cda_export import CdaError
    from station.records.fhir_export import build_bundle
    from station.records.files import ExportError, write_private
    from station.records.report_data import gather
    from station.records.report_pdf import render_pdf

    if not args.pdf and not args.fhir and not args.queue and not args.cda:
        _print_error("indiquez --pdf FICHIER, --fhir FICHIER, --cda FICHIER et/ou --queue.")
        return EXIT_USAGE
    store = _open_record(getattr(args, "demo", False))
    if store is None:
        _print_error(NO_RECORD)
        return EXIT_DEVICE_ERROR
    with store:
        known = {c for c, _, _, _ in store.consultations()}
        if args.consultation not in known:
            _print_error(
                f"consultation inconnue : {args.consultation} (voir station records list)."
            )
            return EXIT_DEVICE_ERROR
        data = gather(args.consultation, store.events(args.consultation))
        pdf = render_pdf(data)
        bundle = build_bundle(data, pdf) if args.fhir or args.queue else {}
        try:
            if args.pdf:
                write_private(Path(args.pdf), pdf)
                print(f"Compte rendu PDF : {args.pdf}")
            if args.fhir:
                text = json.dumps(bundle, ensure_ascii=False, indent=1)
                write_private(Path(args.fhir), text.encode("utf-8"))
                print(f"Document FHIR : {args.fhir}")
            if args.cda:
                from station.records import events as ev
                from station.records.cda_export import cda_of_record

                made = [
                    e
                    for e in map(ev.decode, store.events(args.consultation))
                    if isinstance(e, ev.CdaMade)
                ]
                cda = cda_of_record(data, pdf, made)
                write_private(Path(args.cda), cda.xml)
                print(f"Compte rendu CDA (TLM-CR) : {args.cda}")
                if not cda.with_ins:
                    print(
                        "Sans INS qualifiée : copie pour le médecin traitant par MSSanté "
                        "seulement, jamais pour l’espace santé (DMP)."
                    )
        except CdaError as err:
            _print_error(err.message)
            return EXIT_DEVICE_ERROR
        except ExportError as err:
            _print_error(err.message)
            return EXIT_DEVICE_ERROR
        if args.queue:
            from station.records.outbox import queue_report

            queue_report(store, args.consultation, bundle)
            print("Rapport mis en file d’envoi (station records send).")
    return 0


# ---- station demo --------------------------------------------------------------------------
async def _demo(args: argparse.Namespace) -> int:
    from drivers.sim import simulator_class
    from drivers.uvc_camera import DEFAULT_TEST_SOURCE, UvcCamera

    print("Station — démonstration sur appareils simulés (aucun matériel requis)")
    print(f"Patient simulé : profil « {args.profile} »\n")
    failures = 0
    for kind in (
        DeviceKind.BLOOD_PRESSURE,
        DeviceKind.THERMOMETER,
        DeviceKind.OXIMETER,
        DeviceKind.SCALE,
    ):
        name = registry.DEFAULT_FOR_KIND[kind]
        sim = simulator_class(name)(profile=args.profile)
        port = sim.start()
        device = registry.get(name)(port)
        assert isinstance(device, DeviceDriver)
        print(f"• {device.manufacturer} {device.model} ({port}) : mesure en cours…", flush=True)
        try:
            measurement = await device.measure(timeout=30)
            print(f"  {describe(measurement)}")
        except DeviceError as err:
            failures += 1
            print(f"  échec : {err.message}")
        finally:
            await device.close()
            sim.stop()
    camera = UvcCamera(DEFAULT_TEST_SOURCE)
    print("• Caméra (source de test 1280×720) : capture d’une image…", flush=True)
    try:
        still = await camera.still()
        out = _stills_dir() / "demo.png"
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_bytes(still.png)
        print(f"  image {still.width}×{still.height} enregistrée : {out}")
    except DeviceError as err:
        failures += 1
        print(f"  échec : {err.message}")
    finally:
        await camera.close()
    print("\nDémonstration terminée." if not failures else f"\n{failures} appareil(s) en échec.")
    return 0 if not failures else EXIT_DEVICE_ERROR


def cmd_demo(args: argparse.Namespace) -> int:
    try:
        return _run_demo(args)
    except OSError as err:
        if err.errno != errno.EADDRINUSE:
            raise
        _print_error(
            f"le port {args.port} est déjà utilisé (une autre démonstration tourne-t-elle ?) ; "
            "choisissez-en un autre avec --port, ou --port 0 pour un port libre."
        )
        return EXIT_USAGE


def _run_demo(args: argparse.Namespace) -> int:
    if args.call:
        from station.demo_call import run_call_demo

        return asyncio.run(run_call_demo(args.port, args.profile))
    if args.devices:
        return asyncio.run(_demo(args))
    if args.scripted or not _has_screen():
        # Headless: the same app, drawn off screen. The doctor link still works.
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
        if not args.scripted:
            print("Pas d’écran détecté : l’application tourne sans fenêtre visible.", flush=True)
    from station.ui.demo import run_demo_app

    shots = Path(args.screenshots) if args.screenshots else None
    if args.count < 1:
        _print_error("--count : au moins une consultation.")
        return EXIT_USAGE
    return run_demo_app(
        args.port,
        args.profile,
        scripted=args.scripted,
        screenshots=shots,
        count=args.count,
        reports=Path(args.reports) if args.reports else None,
    )


def _has_screen() -> bool:
    """Windows and macOS always have one; elsewhere X11 or Wayland must be there."""
    if sys.platform in ("win32", "darwin") or os.environ.get("QT_QPA_PLATFORM"):
        return True
    return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


# ---- station (the station itself) ------------------------------------------------------------
def cmd_kiosk(args: argparse.Namespace) -> int:
    """The app on this station's own record, devices and service (see station/kiosk.py)."""
    if not _has_screen():
        _print_error(
            "pas d’écran : lancez « station » dans la session graphique du poste "
            "(ou « station demo » pour essayer sans écran)."
        )
        return EXIT_USAGE
    from station.ui.kiosk_app import run_kiosk_app

    return run_kiosk_app()


# ---- station enroll ------------------------------------------------------------------------
def cmd_enroll(args: argparse.Namespace) -> int:
    """The operator's one-time code becomes this station's credential, kept in the keyring."""
    from station.call.service_client import CREDENTIAL_NAME, ServiceError, enroll
    from station.config import save_service
    from station.credentials import set_secret

    try:
        enrolled = asyncio.run(enroll(args.url, args.code))
    except ServiceError as err:
        _print_error(err.message)
        return EXIT_DEVICE_ERROR
    set_secret(CREDENTIAL_NAME, enrolled.credential)
    url = args.url.strip().rstrip("/")
    save_service(url, enrolled.station)
    print(
        f"Poste « {enrolled.name} » ({enrolled.organisation}) inscrit au service {url} ; "
        "son identifiant est gardé dans le trousseau du système."
    )
    return 0


# ---- parser --------------------------------------------------------------------------------
def build_parser() -> argparse.ArgumentParser:
    from drivers.sim.profiles import PROFILE_NAMES
    from drivers.sim.stethoscope import PROFILES as SOUND_PROFILES

    parser = ArgumentParser(prog="station", description="Poste de téléconsultation assistée")
    parser.add_argument(
        "-v", "--verbose", action="store_true", help="journal détaillé (sans données patient)"
    )
    parser.set_defaults(func=cmd_kiosk)  # no subcommand: the station itself
    sub = parser.add_subparsers(dest="command", parser_class=ArgumentParser)

    demo = sub.add_parser(
        "demo", help="l’application sur appareils simulés, serveur local et lien médecin"
    )
    demo.add_argument("--profile", choices=PROFILE_NAMES, default="normotensive")
    mode = demo.add_mutually_exclusive_group()
    mode.add_argument(
        "--scripted",
        action="store_true",
        help="jouer une consultation entière sans personne (sans écran), puis quitter",
    )
    mode.add_argument(
        "--call",
        action="store_true",
        help="sans fenêtre : appel vidéo, lien médecin, mesures à la demande",
    )
    mode.add_argument(
        "--devices", action="store_true", help="sans fenêtre : lire chaque appareil simulé"
    )
    demo.add_argument("--port", type=int, default=8765, help="serveur local (0 : au hasard)")
    demo.add_argument(
        "--screenshots", metavar="DOSSIER", help="avec --scripted : captures des écrans principaux"
    )
    demo.add_argument(
        "--count",
        type=int,
        default=1,
        metavar="N",
        help="avec --scripted : N consultations à la suite dans la même fenêtre",
    )
    demo.add_argument(
        "--reports",
        metavar="DOSSIER",
        help="avec --scripted : où écrire les comptes rendus PDF et FHIR "
        "(par défaut : Documents/Station (démonstration))",
    )
    demo.set_defaults(func=cmd_demo)

    devices = sub.add_parser("devices", help="appareils médicaux")
    dsub = devices.add_subparsers(dest="devices_command", required=True)

    lst = dsub.add_parser("list", help="ports et caméras détectés")
    lst.set_defaults(func=cmd_list)

    read = dsub.add_parser("read", help="prendre une mesure")
    read.add_argument("kind", choices=KINDS)
    read.add_argument("--driver", choices=registry.names())
    read.add_argument("--port", help="port série, URL pyserial, ou caméra (lavfi:… pour un test)")
    read.add_argument("--json", action="store_true", help="une ligne JSON")
    read.add_argument(
        "--timeout", type=float, default=None, help="secondes (défaut : selon l’appareil)"
    )
    read.add_argument(
        "--output", help="caméra : fichier PNG de l’image ; stéthoscope : fichier WAV du son"
    )
    read.add_argument(
        "--seconds", type=float, default=10.0, help="stéthoscope : durée du son (défaut 10)"
    )
    read.add_argument("--gain", type=float, default=1.0, help="stéthoscope : gain (défaut 1)")
    read.set_defaults(func=cmd_read)

    enroll = sub.add_parser(
        "enroll", help="inscrire ce poste au service du parc (code donné par l’exploitant)"
    )
    enroll.add_argument("url", help="adresse du service (https://…)")
    enroll.add_argument("code", help="code d’inscription à usage unique")
    enroll.set_defaults(func=cmd_enroll)

    records = sub.add_parser("records", help="dossier des consultations")
    rsub = records.add_subparsers(dest="records_command", required=True)
    rlist = rsub.add_parser("list", help="consultations enregistrées, état et transmission")
    rlist.add_argument("--demo", action="store_true", help=DEMO_HELP)
    rlist.set_defaults(func=cmd_records_list)
    rsend = rsub.add_parser("send", help="envoyer les rapports en attente au serveur de santé")
    rsend.set_defaults(func=cmd_records_send)
    from station import acts_command

    acts_command.add_parser(rsub)
    rpurge = rsub.add_parser("purge", help="effacer les consultations transmises anciennes")
    rpurge.add_argument(
        "--older-than",
        type=int,
        metavar="JOURS",
        help="défaut : [retention] days de station.toml, sinon 90",
    )
    rpurge.set_defaults(func=cmd_records_purge)

    export = sub.add_parser("export", help="compte rendu PDF et document FHIR d’une consultation")
    export.add_argument("consultation", help="identifiant (voir station records list)")
    export.add_argument("--demo", action="store_true", help=DEMO_HELP)
    export.add_argument("--pdf", help="fichier PDF à écrire")
    export.add_argument("--fhir", help="fichier JSON (Bundle FHIR) à écrire")
    export.add_argument("--cda", help="fichier XML (CDA TLM-CR, espace santé, MSSanté) à écrire")
    export.add_argument("--queue", action="store_true", help="mettre le rapport en file d’envoi")
    export.set_defaults(func=cmd_export)

    sim = dsub.add_parser("simulate", help="simuler un appareil sur un pseudo-terminal")
    sim.add_argument("kind", choices=KINDS)
    sim.add_argument("--driver")
    sim.add_argument(
        "--profile",
        choices=[*PROFILE_NAMES, *SOUND_PROFILES],
        default="normotensive",
        help="stéthoscope : normal, tachycardic, s3, murmur",
    )
    sim.add_argument("--fault", choices=sorted({str(f) for f in Fault} | {"clipping"}))
    sim.add_argument("--seed", type=int)
    sim.set_defaults(func=cmd_simulate)
    return parser


def _transmission_errors() -> type[Exception]:
    """Evaluated only when an error is raised, so the outbox (aiohttp) is not loaded at start."""
    from station.records.outbox import TransmissionConfigError

    return TransmissionConfigError


def main(argv: Sequence[str] | None = None) -> int:
    from station.linux_memory import limit_malloc_arenas

    limit_malloc_arenas()  # first: before any thread exists
    parser = build_parser()
    args = parser.parse_args(argv)
    logging.basicConfig(
        level=logging.INFO if args.verbose else logging.ERROR,
        format="%(levelname)s %(name)s: %(message)s",
    )
    try:
        return int(args.func(args))
    except DeviceError as err:
        _print_error(err.message)
        return EXIT_DEVICE_ERROR
    except ConfigError as err:
        _print_error(str(err))
        return EXIT_DEVICE_ERROR
    except (RecordError, CredentialsUnavailable) as err:
        _print_error(err.message)
        return EXIT_DEVICE_ERROR
    except _transmission_errors() as err:
        _print_error(err.message)
        return EXIT_DEVICE_ERROR
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
