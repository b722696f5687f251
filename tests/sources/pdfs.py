"""Report PDFs written in the tests (fpdf2), in the layout of Ofsted's local authority reports.

Every word is invented; the layout is the one the reference describes: a title, an
``Inspection dates:`` line, ``Lead inspector:``, a two-column judgement table ending in overall
effectiveness (ILACS), a letter without grades (visits), or an ``Inspection outcome`` section
ending at ``Information about the local area partnership`` (area SEND).
"""

from __future__ import annotations

from typing import cast

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


SIF_TITLE = (
    "Inspection of services for children in need of help and protection, children looked "
    "after and care leavers"
)
SIF_LABELS = (
    "1. Children who need help and protection",
    "2. Children looked after and achieving permanence",
    "2.1 Adoption performance",
    "2.2 Experiences and progress of care leavers",
    "3. Leadership, management and governance",
)


def sif_pdf(
    council: str,
    *,
    dates: str,
    headline: str,
    grades: tuple[str, ...],
    title: str = SIF_TITLE,
    lscb: str | None = None,
    published: str | None = None,
    previous: tuple[str, ...] = (),
    summary: str = "",
) -> bytes:
    """A single inspection framework report (2013-2018): the overall grade only as a headline
    sentence above a numbered table; optionally the combined LSCB review's sentence, and the
    "Previous Ofsted inspections" list a re-inspection gives of the last report's grades."""
    pdf = _Report()
    pdf.para(council, size=16, bold=True)
    pdf.para(title, size=13)
    if lscb is not None:
        pdf.para("and\nReview of the effectiveness of the Local Safeguarding Children Board")
    pdf.para(f"Inspection date: {dates}")
    if published:
        pdf.para(f"Report published: {published}")
    pdf.para(headline, size=13, bold=True)
    for label, grade in zip(SIF_LABELS, grades, strict=True):
        pdf.para(f"{label} {grade}", size=10)
    if lscb is not None:
        pdf.para(lscb)
    pdf.add_page()
    pdf.para("Executive summary", bold=True)
    pdf.para(summary or FILLER)
    if previous:
        pdf.para("Previous Ofsted inspections", bold=True)
        pdf.para(
            "The last inspection report for the local authority's children's services was "
            "published in March 2015. The judgements for the local authority were:"
        )
        for line in previous:
            pdf.para(f"\u2022 {line}", size=10)
    pdf.para(FILLER * 4)
    return bytes(pdf.output())


def report_with_paragraphs(
    council: str, *, dates: str, grades: tuple[str, ...], paragraphs: tuple[str, ...]
) -> bytes:
    """An ILACS report whose opening paragraphs follow the table (they often recall the last
    inspection's grade)."""
    pdf = _Report()
    pdf.para(f"Inspection of {council} local authority children's services", size=14)
    pdf.para(f"Inspection dates: {dates}")
    pdf.para("Lead inspector: Alex Example, His Majesty's Inspector")
    pdf.table(list(zip(ILACS_LABELS, grades, strict=True)))
    for paragraph in paragraphs:
        pdf.para(paragraph)
    pdf.para(FILLER * 3)
    return bytes(pdf.output())


def letter_pdf(*, title: str, paragraphs: tuple[str, ...]) -> bytes:
    """A letter with no dates line: a focused visit, monitoring visit, JTAI or 2016-2022 area
    SEND letter gives its dates in the opening prose."""
    pdf = _Report()
    pdf.para("Ms Jo Sample\nDirector of Children's Services\nExampleshire County Council", size=10)
    pdf.para("Dear Ms Sample", size=10)
    pdf.para(title, bold=True)
    for paragraph in paragraphs:
        pdf.para(paragraph)
    pdf.para(FILLER * 2)
    pdf.para("Yours sincerely\nAlex Example\nHis Majesty's Inspector")
    return bytes(pdf.output())


def old_scale_pdf(
    council: str, *, title: str, dates: str, rows: tuple[tuple[str, str], ...]
) -> bytes:
    """A pre-2013 inspection (safeguarding or looked after children services): a cover page,
    prose, and the grades on the old four-point scale in a "Record of main findings" table on
    the last page."""
    pdf = _Report()
    pdf.para(title, size=16, bold=True)
    pdf.para(council, size=14)
    pdf.para(f"Inspection dates: {dates}\nReporting inspector Alex Example HMI\nAge group: All")
    pdf.add_page()
    pdf.para(
        "Overall effectiveness of services for looked after children and young people", bold=True
    )
    pdf.para(
        "The overall effectiveness of services for looked after children and young people is "
        "adequate. The fostering service was judged to be adequate at the last inspection in "
        "June 2011. " + FILLER
    )
    pdf.add_page()
    pdf.para("Record of main findings", bold=True)
    pdf.table(list(rows))
    return bytes(pdf.output())


# --- free-form documents (tests/sources/pdf_cases.py) -----------------------------------------
# A block is (kind, *args):
#   ("title", text)              large bold line(s)
#   ("h", text)                  a bold heading
#   ("p", text)                  a paragraph (11 pt, full width)
#   ("small", text)              a 9 pt paragraph (addresses, footnotes)
#   ("narrow", text, width_mm)   a paragraph in a narrow column: dates and names wrap inside
#   ("cols", left, right)        two side-by-side columns (a letterhead: address | contact)
#   ("table", rows, label_mm, grade_mm)  a bordered two-column judgement table; a narrow grade
#                                column wraps the grade ("Requires / improvement to be good");
#                                a table that reaches the foot of a page continues on the next
#   ("space", mm)                empty space (pushes what follows towards the page foot)
#   ("page",)                    a page break
Block = tuple[object, ...]


class _Document(_Report):
    """A report or letter with an optional running header and footer on every page."""

    def __init__(self, header: str | None, footer: str | None) -> None:
        self.running_header = header
        self.running_footer = footer
        super().__init__()

    def header(self) -> None:
        if self.running_header:
            self.set_font("Helvetica", "", 8)
            self.cell(0, 5, self.running_header, new_x="LMARGIN", new_y="NEXT")
            self.ln(2)

    def footer(self) -> None:
        if self.running_footer:
            self.set_y(-12)
            self.set_font("Helvetica", "", 8)
            self.cell(0, 5, self.running_footer.replace("{page}", str(self.page_no())))

    def row(self, label: str, grade: str, label_mm: float, grade_mm: float) -> None:
        lines = max(
            len(cast(list[str], self.multi_cell(label_mm, 6, label, dry_run=True, output="LINES"))),
            len(cast(list[str], self.multi_cell(grade_mm, 6, grade, dry_run=True, output="LINES"))),
        )
        if self.get_y() + lines * 6 > self.page_break_trigger:
            self.add_page()
        y = self.get_y()
        self.multi_cell(label_mm, 6, label, border=1, new_x="RIGHT", new_y="TOP")
        self.set_xy(self.l_margin + label_mm, y)
        self.multi_cell(grade_mm, 6, grade, border=1, new_x="LMARGIN", new_y="NEXT")
        self.set_y(y + lines * 6)


def document_pdf(
    blocks: tuple[Block, ...], *, header: str | None = None, footer: str | None = None
) -> bytes:
    """Any Ofsted document laid out from blocks (see ``Block``); ``footer`` may hold
    ``{page}`` for the page number."""
    pdf = _Document(header, footer)
    for block in blocks:
        kind = block[0]
        if kind == "title":
            pdf.para(str(block[1]), size=15, bold=True)
        elif kind == "h":
            pdf.para(str(block[1]), bold=True)
        elif kind == "p":
            pdf.para(str(block[1]))
        elif kind == "small":
            pdf.para(str(block[1]), size=9)
        elif kind == "narrow":
            pdf.set_font("Helvetica", "", 11)
            pdf.multi_cell(float(str(block[2])), 6, str(block[1]), new_x="LMARGIN", new_y="NEXT")
        elif kind == "cols":
            pdf.set_font("Helvetica", "", 9)
            y = pdf.get_y()
            pdf.multi_cell(95, 5, str(block[1]), new_x="RIGHT", new_y="TOP")
            bottom = pdf.get_y()
            pdf.set_xy(pdf.l_margin + 100, y)
            pdf.multi_cell(80, 5, str(block[2]), new_x="LMARGIN", new_y="NEXT")
            pdf.set_y(max(pdf.get_y(), bottom) + 4)
        elif kind == "table":
            rows = cast(tuple[tuple[str, str], ...], block[1])
            label_mm, grade_mm = float(str(block[2])), float(str(block[3]))
            pdf.set_font("Helvetica", "", 10)
            for label, grade in rows:
                pdf.row(label, grade, label_mm, grade_mm)
            pdf.ln(3)
        elif kind == "space":
            pdf.ln(float(str(block[1])))
        elif kind == "page":
            pdf.add_page()
        else:
            raise ValueError(f"unknown block {kind!r}")
    return bytes(pdf.output())
