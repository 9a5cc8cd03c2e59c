"""Refresh the translation files: ``python tools/update_translations.py``.

1. ``pyside6-lupdate`` collects every ``tr()`` text of ``station/ui`` into
   ``assets/i18n/station_en.ts`` (keeping the translations already there);
2. the ``Words`` context gets every French text the logic modules show in the UI (states,
   professions, device kinds…), which lupdate cannot see since they are not ``tr()`` calls;
3. ``pyside6-lrelease`` compiles the ``.qm`` the app loads.

Translate with Qt Linguist (``pyside6-linguist assets/i18n/station_en.ts``), then run this
again. ``tests/ui/test_translations.py`` fails while a text is untranslated or the ``.qm`` is
stale.
"""

from __future__ import annotations

import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
TS = ROOT / "assets" / "i18n" / "station_en.ts"
BIN = Path(sys.executable).parent


ERRORS = {
    "AnswerError",
    "ConsultationError",
    "SignInError",
    "ManualEntryError",
    "DeviceError",
    "DeviceNotFound",
    "DeviceDisconnected",
    "DeviceTimeout",
    "ProtocolError",
    "MeasurementError",
    "DriverUnavailable",
    "RecordError",
    "NoDeviceConfigured",
    "BirthDateError",
    "ServiceError",
    "MediaCheckError",
    "SoundError",
    "SoundLost",
}
MESSAGE_SOURCES = (
    "drivers",
    "station/checklists/run.py",
    "station/consultation",
    "station/workstation.py",
    "station/devices",
    "station/birth_date.py",
    "station/people.py",
    "station/call/service_client.py",
)


def error_messages() -> list[str]:
    """Every constant message an error of the logic is raised with (and each default one)."""
    import ast

    found: list[str] = []
    for source in MESSAGE_SOURCES:
        path = ROOT / source
        for file in sorted(path.rglob("*.py") if path.is_dir() else [path]):
            if "sim" in file.parts:
                continue
            for node in ast.walk(ast.parse(file.read_text(encoding="utf-8"))):
                if (
                    isinstance(node, ast.Call)
                    and isinstance(node.func, ast.Name)
                    and node.func.id in ERRORS
                    and node.args
                    and isinstance(node.args[0], ast.Constant)
                    and isinstance(node.args[0].value, str)
                ):
                    found.append(node.args[0].value)
                elif (
                    isinstance(node, ast.Assign | ast.AnnAssign)
                    and isinstance(node.value, ast.Constant)
                    and isinstance(node.value.value, str)
                    and any(
                        isinstance(t, ast.Name) and t.id == "default_message"
                        for t in (node.targets if isinstance(node, ast.Assign) else [node.target])
                    )
                ):
                    found.append(node.value.value)
    return found


def logic_words() -> list[str]:
    """The French texts of the logic that the UI passes through ``words()``."""
    from station.consultation.session import CALL_ENDED_WORDS, REQUEST_WORDS, STALE_READING
    from station.devices.manager import STATE_WORDS
    from station.devices.wording import KIND_NAMES
    from station.people import PROFESSIONS
    from station.ui.checklist_panel import NEXT_LABELS, PHASE_TITLES
    from station.ui.setup_screen import ACCESSIBILITY
    from station.workstation import SERVICE_CREDENTIALS, TRANSMISSION_WORDS
    from station.workstation import STATE_WORDS as CONSULTATION_STATES

    texts: list[str] = ["Compte rendu", "Demande du médecin", "oui", "non", "fait"]
    texts.append("(saisie manuelle)")
    texts.append(STALE_READING)
    from station.devices.manager import UNPLUGGED
    from station.kiosk import NO_CAMERA, NOT_ENROLLED

    texts += [UNPLUGGED, NO_CAMERA, NOT_ENROLLED]
    from station.protocol.conclusion import DOCUMENT_KINDS, ORIENTATIONS, WITHIN_DAYS

    texts += [*ORIENTATIONS.values(), *DOCUMENT_KINDS.values(), WITHIN_DAYS]
    from station.records.acts import ACT_WORDS, PLACE_WORDS

    texts += list(ACT_WORDS.values()) + list(PLACE_WORDS.values())
    from station.records.read_model import DESTINATION_WORDS

    texts += list(DESTINATION_WORDS.values())
    from station.records.auscultation_sites import SITES

    texts += [site.label for site in SITES.values()] + [site.where for site in SITES.values()]
    from station.devices.manager import HOW_TO
    from station.devices.manual import MANUAL_FIELDS
    from station.devices.wording import COMPONENT_NAMES, FLAG_TEXT

    texts += [f.label for fields in MANUAL_FIELDS.values() for f in fields]
    texts += list(HOW_TO.values()) + list(COMPONENT_NAMES.values()) + list(FLAG_TEXT.values())
    texts += error_messages()
    for mapping in (
        REQUEST_WORDS,
        CALL_ENDED_WORDS,
        STATE_WORDS,
        KIND_NAMES,
        NEXT_LABELS,
        PHASE_TITLES,
        PROFESSIONS,
        CONSULTATION_STATES,
        TRANSMISSION_WORDS,
        ACCESSIBILITY,
        SERVICE_CREDENTIALS,
    ):
        texts.extend(str(v) for v in mapping.values())
    return list(dict.fromkeys(texts))


def saved_words(ts: Path) -> dict[str, str]:
    """The Words context's translations, which lupdate drops as obsolete (not in sources)."""
    if not ts.exists():
        return {}
    saved = {}
    for context in ET.parse(ts).getroot().findall("context"):
        if context.findtext("name") != "Words":
            continue
        for message in context.findall("message"):
            translation = message.find("translation")
            if translation is not None and translation.text and not translation.get("type"):
                saved[message.findtext("source") or ""] = translation.text
    return saved


def add_words(ts: Path, saved: dict[str, str]) -> None:
    tree = ET.parse(ts)
    root = tree.getroot()
    context = next((c for c in root.findall("context") if c.findtext("name") == "Words"), None)
    if context is None:
        context = ET.SubElement(root, "context")
        ET.SubElement(context, "name").text = "Words"
    known = {m.findtext("source") for m in context.findall("message")}
    wanted = logic_words()
    for message in list(context.findall("message")):
        if message.findtext("source") not in wanted:
            context.remove(message)  # no longer used
    for text in wanted:
        if text not in known:
            message = ET.SubElement(context, "message")
            ET.SubElement(message, "source").text = text
            if text in saved:
                ET.SubElement(message, "translation").text = saved[text]
            else:
                ET.SubElement(message, "translation", type="unfinished")
    ET.indent(tree)
    tree.write(ts, encoding="utf-8", xml_declaration=True)


def main() -> int:
    TS.parent.mkdir(parents=True, exist_ok=True)
    saved = saved_words(TS)
    sources = sorted(str(p.relative_to(ROOT)) for p in (ROOT / "station" / "ui").glob("*.py"))
    subprocess.run(
        [
            str(BIN / "pyside6-lupdate"),
            *sources,
            "-no-obsolete",
            "-source-language",
            "fr",
            "-target-language",
            "en",
            "-ts",
            str(TS),
        ],
        check=True,
        cwd=ROOT,
    )
    add_words(TS, saved)
    subprocess.run(
        [str(BIN / "pyside6-lrelease"), str(TS), "-qm", str(TS.with_suffix(".qm"))],
        check=True,
        cwd=ROOT,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
