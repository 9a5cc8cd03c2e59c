"""The PDF report for the patient and their regular doctor: French, large type, plain words.

Values needing attention are written out in words (never shown by colour alone).
"""

from __future__ import annotations

import io
from datetime import datetime
from pathlib import Path

from fpdf import FPDF
from fpdf.enums import MethodReturnValue, XPos, YPos

from drivers.base import DeviceKind
from station.devices.wording import COMPONENT_NAMES, FLAG_TEXT, KIND_NAMES, UNITS, format_value
from station.protocol.conclusion import DOCUMENT_KINDS, identity_words, orientation_words
from station.records.acts import consultation_acts
from station.records.ranges import INTERPRETATION_WORDS, interpret
from station.records.report_data import ReportData

FONTS = Path(__file__).with_name("fonts")
BODY = 14  # points: readable by an elderly patient
TITLE = 20
LINE = 8  # mm per line of body text
KEEP_LINES = 6  # a paragraph this short (an instruction, a warning) stays on one page
NOTE_TITLES = {
    "observation": "Observations du médecin",
    "advice": "Conseils",
    "next-steps": "Et maintenant ?",
    "orientation": "Orientation",
}
PROFESSIONS = {
    "nurse": "infirmier(ère)",
    "pharmacist": "pharmacien(ne)",
    "assistant": "assistant(e) médical(e)",
}
INS_STATUS = {"qualified": "INS qualifiée", "provisional": "INS provisoire"}


def _when(moment: datetime | None) -> str:
    return moment.astimezone().strftime("%d/%m/%Y à %H:%M") if moment else "—"


class _Report(FPDF):
    def __init__(self, data: ReportData) -> None:
        super().__init__(format="A4")
        self.data = data
        self.add_font("DejaVu", "", str(FONTS / "DejaVuSans.ttf"))
        self.add_font("DejaVu", "B", str(FONTS / "DejaVuSans-Bold.ttf"))
        self.set_auto_page_break(auto=True, margin=20)
        self.set_margins(18, 18, 18)
        self.set_title("Compte rendu de téléconsultation assistée")
        self.set_lang("fr-FR")

    def footer(self) -> None:
        self.set_y(-15)
        self.set_font("DejaVu", "", 9)
        self.cell(
            0, 8, f"Page {self.page_no()}/{{nb}} — consultation {self.data.consultation}", align="C"
        )

    def heading(self, text: str) -> None:
        # Never an orphan: a heading starts a page when it and two lines would not fit.
        if self.will_page_break(3 + 9 + 2 * LINE):
            self.add_page()
        self.ln(3)
        self.set_font("DejaVu", "B", BODY + 2)
        self.multi_cell(0, 9, text, align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.set_font("DejaVu", "", BODY)

    def para(self, text: str, bold: bool = False) -> None:
        """A paragraph; one of up to KEEP_LINES lines is never split across two pages."""
        self.set_font("DejaVu", "B" if bold else "", BODY)
        lines = len(self.multi_cell(0, LINE, text, dry_run=True, output=MethodReturnValue.LINES))
        if lines <= KEEP_LINES and self.will_page_break(lines * LINE):
            self.add_page()
        self.multi_cell(0, LINE, text, align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.set_font("DejaVu", "", BODY)


def render_pdf(data: ReportData) -> bytes:
    pdf = _Report(data)
    pdf.add_page()
    pdf.set_font("DejaVu", "B", TITLE)
    pdf.multi_cell(
        0, 11, "Compte rendu de téléconsultation assistée", new_x=XPos.LMARGIN, new_y=YPos.NEXT
    )
    pdf.set_font("DejaVu", "", BODY)
    duration = data.duration_minutes
    pdf.para(
        f"Le {_when(data.started)}" + (f", durée {duration} min" if duration is not None else "")
    )
    if data.stop is not None:
        pdf.para(
            "La téléconsultation n’a pas eu lieu : elle a été arrêtée avant l’appel du médecin, "
            "et le patient a été orienté.",
            bold=True,
        )
    elif data.abandoned:
        pdf.para(f"Consultation interrompue : {data.abandoned}", bold=True)
    elif data.doctors:
        pdf.para(
            "Téléconsultation assistée : un professionnel de santé était présent auprès du "
            "patient pendant toute la consultation, a pris les mesures et a aidé au dialogue "
            "avec le médecin."
        )

    pdf.heading("Patient")
    p = data.patient
    line = p.display_name or "—"
    if p.birth_date:
        line += f", né(e) le {_french_date(p.birth_date)}"
    pdf.para(line)
    if p.ins_value:
        status = INS_STATUS.get(p.ins_status, "INS non qualifiée")
        if p.ins_status == "qualified" and p.ins_qualified_by:
            status += f" par le téléservice INSi, dans {p.ins_qualified_by}"
        pdf.para(f"Identité nationale de santé : {p.ins_value} ({status})")

    pdf.heading("Qui était là")
    a = data.assistant
    role = PROFESSIONS.get(a.profession, a.profession)
    pdf.para(
        f"Accompagnement : {a.name or '—'}"
        + (f", {role}" if role else "")
        + (f" (RPPS {a.rpps})" if a.rpps else "")
    )
    for doctor in data.doctors or []:
        pdf.para(
            f"Médecin à distance : {doctor.name or 'médecin téléconsultant'}"
            + (f", {doctor.specialty}" if doctor.specialty else "")
            + (f" (RPPS {doctor.rpps})" if doctor.rpps else "")
            + f" — {identity_words(doctor.identity, doctor.provider)}"
        )
    station = data.station
    if station:
        pdf.para(
            "Lieu : " + ", ".join(v for v in (station.get("name"), station.get("address")) if v)
        )

    if data.reason:
        pdf.heading("Motif de la consultation")
        pdf.para(data.reason)

    if data.context:
        pdf.heading("Contexte (traitements, allergies, antécédents)")
        for text in data.context:
            pdf.para(text)

    if data.consent:
        pdf.heading("Consentement")
        given = "a donné" if data.consent.get("given") else "n’a pas donné"
        pdf.para(
            f"Le patient {given} son consentement éclairé le {_when(data.consent_time)}, "
            f"recueilli par {data.consent.get('collected_by', '—')}."
        )

    if data.screening:
        pdf.heading("Recherche de signes d’urgence")
        for question, answer in data.screening:
            pdf.para(f"{question} — {answer or '—'}")

    if data.stop is not None:
        pdf.heading("Téléconsultation arrêtée : orientation donnée")
        pdf.para(f"{data.stop.question} — {data.stop.answer}", bold=True)
        pdf.para(data.stop.orientation)

    _measurements(pdf, data)
    _stills(pdf, data)
    _auscultations(pdf, data)
    _conclusion(pdf, data)
    for kind, title in NOTE_TITLES.items():
        texts = data.notes.get(kind)
        if texts:
            pdf.heading(title)
            for text in texts:
                pdf.para(text)

    if data.follow_up:
        pdf.heading("Suite prévue")
        for question, answer in data.follow_up:
            pdf.para(f"{question} — {answer}")

    acts = consultation_acts(data)
    if acts:
        pdf.heading("Actes de télémédecine")
        for act in acts:
            line = f"{act.code} — {act.words} : {act.performer or '—'}"
            if act.performer_rpps:
                line += f" (RPPS {act.performer_rpps})"
            if act.prescriber:
                line += f", prescrit par {act.prescriber} (RPPS {act.prescriber_rpps})"
            pdf.para(line)

    pdf.heading("Transmission")
    pdf.para(
        "Ce compte rendu est destiné au patient et à son médecin traitant ; il est versé "
        "dans son espace santé lorsque son identité nationale de santé est qualifiée."
    )
    return bytes(pdf.output())


def _conclusion(pdf: _Report, data: ReportData) -> None:
    """The doctor's signed conclusion, part by part, then the documents handed over."""
    c = data.conclusion
    if c is not None:
        pdf.heading("Conclusion du médecin")
        for title, text in (
            ("Constatations", c.findings),
            ("Impression diagnostique", c.impression),
            ("Conseils pour le patient", c.advice),
        ):
            if text:
                pdf.para(title, bold=True)
                pdf.para(text)
        orientation = orientation_words(c.orientation, c.orientation_days, c.specialist)
        pdf.para(f"Orientation : {orientation}", bold=c.orientation == "emergency")
        if c.follow_up:
            pdf.para(f"Suivi : {c.follow_up}")
        signer = c.doctor.get("name") or "le médecin"
        rpps = f" (RPPS {c.doctor['rpps']})" if c.doctor.get("rpps") else ""
        pdf.para(f"Conclusion signée par {signer}{rpps} le {_when(data.conclusion_time)}.")
    if data.documents:
        pdf.heading("Documents remis par le médecin")
        for document in data.documents:
            kind = DOCUMENT_KINDS.get(document.kind, document.kind)
            pdf.para(
                f"{kind} : {document.title or '—'}, reçu(e) le {_when(document.time)}"
                + (", imprimé(e) au poste" if document.printed else "")
            )


def _french_date(iso: str) -> str:
    try:
        return datetime.fromisoformat(iso).strftime("%d/%m/%Y")
    except ValueError:
        return iso


def _measurements(pdf: _Report, data: ReportData) -> None:
    if not data.measurements:
        return
    pdf.heading("Mesures")
    for m in data.measurements:
        kind = KIND_NAMES.get(DeviceKind(m.kind), m.kind) if m.kind in set(DeviceKind) else m.kind
        values = ", ".join(
            (
                f"{COMPONENT_NAMES.get(c.get('name', ''), c.get('name', ''))} "
                if len(m.components) > 1
                else ""
            )
            + f"{format_value(float(c['value']))} {UNITS.get(c.get('unit', ''), c.get('unit', ''))}"
            for c in m.components
        )
        outside = [
            f"{COMPONENT_NAMES.get(c.get('name', ''), c.get('name', ''))} "
            f"{INTERPRETATION_WORDS[code]}"
            for c in m.components
            if (code := interpret(str(c.get("loinc", "")), float(c["value"])))
        ]
        device = " ".join(v for v in (m.device.get("manufacturer"), m.device.get("model")) if v)
        pdf.para(f"{kind.capitalize()} : {values}", bold=True)
        detail = f"à {m.time.astimezone():%H:%M}"
        if device:
            detail += f", appareil {device}"
        if "manual-entry" in m.flags:
            detail += " (saisie manuelle)"
        pdf.para(detail)
        warnings = [
            FLAG_TEXT.get(f, f)
            for f in m.flags
            if f
            in (
                "implausible",
                "out-of-range",
                "irregular-heartbeat",
                "cuff-loose",
                "body-movement",
                "improper-position",
                "artifact",
                "low-perfusion",
            )
        ]
        if outside:
            pdf.para("Hors des valeurs habituelles : " + "; ".join(outside), bold=True)
        if warnings:
            pdf.para("À vérifier : " + "; ".join(warnings), bold=True)


PRINT_WIDTH_PX = 960  # 120 mm at 200 dpi, the print resolution


def _print_rendition(png: bytes) -> bytes:
    """A JPEG of the still sized for print: the full PNG is kept once, in the record's still
    event; the report (and the Bundle's copy of it) holds only this smaller view."""
    from PIL import Image

    with Image.open(io.BytesIO(png)) as image:
        rgb = image.convert("RGB")
    if rgb.width > PRINT_WIDTH_PX:
        rgb = rgb.resize((PRINT_WIDTH_PX, round(rgb.height * PRINT_WIDTH_PX / rgb.width)))
    out = io.BytesIO()
    rgb.save(out, format="JPEG", quality=88)
    return out.getvalue()


def _auscultations(pdf: _Report, data: ReportData) -> None:
    """Each stethoscope clip: site, time, length (the sound itself is in the health record)."""
    if not data.auscultations:
        return
    pdf.heading("Auscultation (enregistrements au stéthoscope)")
    for clip in data.auscultations:
        seconds = f"{clip.seconds:.0f} s".replace(".", ",")
        remark = f" ({clip.remark})" if clip.remark else ""
        pdf.para(f"{clip.site.label} — {clip.started.astimezone():%H:%M}, {seconds}{remark}")


def _stills(pdf: _Report, data: ReportData) -> None:
    if not data.stills:
        return
    pdf.heading("Images")
    for still in data.stills:
        pdf.image(io.BytesIO(_print_rendition(still.png)), w=min(pdf.epw * 0.8, 120))
        pdf.para(f"{still.caption or still.device} — {still.time.astimezone():%H:%M}")
