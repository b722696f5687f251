"""Report PDFs written in the tests (fpdf2), in the layout of Ofsted's local authority reports.

Every word is invented; the layout is the one the reference describes: a title, an
``Inspection dates:`` line, ``Lead inspector:``, a two-column judgement table ending in overall
effectiveness (ILACS), a letter without grades (visits), or an ``Inspection outcome`` section
ending at ``Information about the local area partnership`` (area SEND).
"""

from __future__ import annotations

from fpdf import FPDF

ILACS_LABELS = (
    "The impact of leaders on social work practice with children and families",
    "The experiences and progress of children who need help and protection",
    "The experiences and progress of children in care",
    "The experiences and progress of care leavers",
    "Overall effectiveness",
)

SEND_OUTCOMES = {
    "positive": "The local area partnership's special educational needs and/or disabilities "
    "(SEND) arrangements typically lead to positive experiences and outcomes for children "
    "and young people with SEND. The next full area SEND inspection will be within "
    "approximately 5 years.",
    "inconsistent": "The local area partnership's SEND arrangements lead to inconsistent "
    "experiences and outcomes for children and young people with SEND. The next full area "
    "SEND inspection will be within approximately 3 years.",
    "systemic": "There are widespread and/or systemic failings leading to significant concerns "
    "about the experiences and outcomes of children and young people with SEND. A monitoring "
    "inspection will be carried out within approximately 18 months.",
}

FILLER = (
    "Inspectors met children, young people, carers and staff, and read case records. "
    "This paragraph is invented for ofsted-monitor's tests and describes no real council. "
)


class _Report(FPDF):
    def __init__(self) -> None:
        super().__init__(format="A4")
        self.core_fonts_encoding = "windows-1252"  # en/em dashes, curly quotes
        self.set_auto_page_break(auto=True, margin=15)
        self.add_page()

    def para(self, text: str, *, size: int = 11, bold: bool = False) -> None:
        self.set_font("Helvetica", "B" if bold else "", size)
        self.multi_cell(0, 6, text, new_x="LMARGIN", new_y="NEXT")

    def table(self, rows: list[tuple[str, str]]) -> None:
        self.set_font("Helvetica", "B", 10)
        self.cell(130, 8, "Judgement", border=1)
        self.cell(50, 8, "Grade", border=1, new_x="LMARGIN", new_y="NEXT")
        self.set_font("Helvetica", "", 10)
        for label, grade in rows:
            y = self.get_y()
            self.multi_cell(130, 6, label, border=1, new_x="RIGHT", new_y="TOP")
            height = self.get_y() - y if self.get_y() > y else 6
            self.set_xy(self.l_margin + 130, y)
            self.multi_cell(50, 6, grade, border=1, new_x="LMARGIN", new_y="NEXT")
            self.set_y(max(self.get_y(), y + height, y + 12))


def ilacs_pdf(
    council: str,
    *,
    dates: str,
    grades: tuple[str, ...],
    labels: tuple[str, ...] = ILACS_LABELS,
    pages: int = 1,
) -> bytes:
    """A standard or short ILACS report: dates line, lead inspector, judgement table."""
    pdf = _Report()
    pdf.para(f"{council}", size=16, bold=True)
    pdf.para("Inspection of children's social care services", size=13)
    pdf.para(f"Inspection dates: {dates}")
    pdf.para("Lead inspector: Alex Example, His Majesty's Inspector")
    pdf.ln(4)
    pdf.table(list(zip(labels, grades, strict=True)))
    pdf.ln(4)
    pdf.para("What needs to improve?", bold=True)
    for _ in range(max(1, pages * 25)):
        pdf.para(FILLER)
    return bytes(pdf.output())


def visit_pdf(council: str, *, kind: str, dates: str) -> bytes:
    """A focused or monitoring visit letter: no grade."""
    pdf = _Report()
    pdf.para("Director of children's services", size=10)
    pdf.para(f"{council}", size=10)
    pdf.para(f"Dear Director,\n{kind} to {council} children's services", bold=True)
    pdf.para(
        f"This letter summarises the findings of the {kind.lower()} to {council} children's "
        f"services on {dates}. Visit dates: {dates}."
    )
    pdf.para(FILLER * 3)
    pdf.para("Yours sincerely,\nAlex Example\nHis Majesty's Inspector")
    return bytes(pdf.output())


def send_pdf(council: str, *, dates: str, outcome: str) -> bytes:
    """An area SEND report: outcome section ending at the partnership information."""
    pdf = _Report()
    pdf.para(f"Area SEND inspection of {council} Local Area Partnership", size=14, bold=True)
    pdf.para(f"Inspection dates: {dates}")
    pdf.para("Dates of previous inspection: 1 to 5 March 2021")
    pdf.para("Inspection outcome", bold=True)
    pdf.para(SEND_OUTCOMES[outcome])
    pdf.para("Information about the local area partnership", bold=True)
    pdf.para(
        "Arrangements that typically lead to positive experiences are described in the "
        "framework; this sentence is here to check that the outcome is read only from its "
        "own section."
    )
    pdf.para(FILLER * 2)
    return bytes(pdf.output())


def image_only_pdf() -> bytes:
    """A PDF with a page but no text (a scanned report): text extraction finds nothing."""
    pdf = _Report()
    pdf.rect(20, 20, 100, 50, style="F")
    return bytes(pdf.output())
