"""``station records acts --from DATE --to DATE [--csv FILE]``: the acts to bill of the
consultations of a period, for the assistant's billing software (one line per act: date,
code, who performed it, the prescribing doctor's RPPS, the patient)."""

from __future__ import annotations

import argparse
import csv
import io
from datetime import date
from pathlib import Path


def _day(text: str) -> date:
    for form in (date.fromisoformat, lambda t: date(*map(int, reversed(t.split("/"))))):
        try:
            return form(text)
        except (ValueError, TypeError):
            continue
    raise argparse.ArgumentTypeError(f"date illisible : {text} (jj/mm/aaaa ou aaaa-mm-jj)")


def add_parser(commands: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    acts = commands.add_parser("acts", help="actes à facturer d’une période")
    acts.add_argument("--from", dest="start", type=_day, required=True, metavar="DATE")
    acts.add_argument("--to", dest="end", type=_day, required=True, metavar="DATE")
    acts.add_argument("--csv", help="fichier CSV à écrire (logiciel de facturation)")
    acts.set_defaults(func=cmd_acts)


def cmd_acts(args: argparse.Namespace) -> int:
    from station.cli import EXIT_DEVICE_ERROR, NO_RECORD, _open_record, _print_error
    from station.records import events as ev
    from station.records.acts import consultation_acts
    from station.records.files import ExportError, write_private
    from station.records.report_data import gather

    store = _open_record(False)
    if store is None:
        print(NO_RECORD)
        return 0
    rows = []
    with store:
        for consultation, _first, _last, readable in store.consultations():
            if not readable or ev.ConsultationClosed.TYPE not in store.types(consultation):
                continue
            for act in consultation_acts(gather(consultation, store.events(consultation))):
                if act.date and args.start <= date.fromisoformat(act.date) <= args.end:
                    rows.append(act)
    rows.sort(key=lambda a: (a.date, a.code))
    if not rows:
        print("Aucun acte sur cette période.")
    for act in rows:
        prescriber = f", prescrit par RPPS {act.prescriber_rpps}" if act.prescriber_rpps else ""
        print(
            f"{act.date}  {act.code}  {act.performer} (RPPS {act.performer_rpps}){prescriber}"
            f"  — {act.patient}"
        )
    if args.csv:
        text = io.StringIO()
        out = csv.writer(text, delimiter=";")
        out.writerow(
            [
                "date",
                "acte",
                "libelle",
                "executant",
                "rpps_executant",
                "prescripteur",
                "rpps_prescripteur",
                "patient",
            ]
        )
        for a in rows:
            out.writerow(
                [
                    a.date,
                    a.code,
                    a.words,
                    a.performer,
                    a.performer_rpps,
                    a.prescriber,
                    a.prescriber_rpps,
                    a.patient,
                ]
            )
        try:
            write_private(Path(args.csv), text.getvalue().encode("utf-8"))
        except ExportError as err:
            _print_error(err.message)
            return EXIT_DEVICE_ERROR
        print(f"Actes écrits dans : {args.csv}")
    return 0
