"""The doctor's typed advice sheet as a page for the patient: large type, the doctor's name,
the place and the date. (A prescription is never written here: it comes as a PDF from the
doctor's own certified prescription software.)"""

from __future__ import annotations

from datetime import datetime

from fpdf import FPDF
from fpdf.enums import XPos, YPos

from station.records.report_pdf import BODY, FONTS, LINE, TITLE


def advice_sheet_pdf(text: str, doctor: str, place: str, when: datetime) -> bytes:
    pdf = FPDF(format="A4")
    pdf.add_font("DejaVu", "", str(FONTS / "DejaVuSans.ttf"))
    pdf.add_font("DejaVu", "B", str(FONTS / "DejaVuSans-Bold.ttf"))
    pdf.set_margins(18, 18, 18)
    pdf.set_title("Conseils du médecin")
    pdf.set_lang("fr-FR")
    pdf.add_page()
    pdf.set_font("DejaVu", "B", TITLE)
    pdf.multi_cell(0, 11, "Conseils du médecin", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_font("DejaVu", "", BODY)
    pdf.multi_cell(
        0,
        LINE,
        f"{doctor or 'Le médecin'} — {place or 'téléconsultation'} — "
        f"{when.astimezone():%d/%m/%Y à %H:%M}",
        new_x=XPos.LMARGIN,
        new_y=YPos.NEXT,
    )
    pdf.ln(4)
    pdf.multi_cell(0, LINE, text, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    return bytes(pdf.output())
