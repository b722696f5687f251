"""A council's history as an SVG chart, the one ``monitor timeline --plot`` draws (pure).

Graded inspections are dots on four lanes (inadequate at the bottom, outstanding at the top)
joined by a stepped line; visits and other ungraded events are ticks below. The geometry is
computed here; the template writes the SVG, so every label is escaped there.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from monitor.timeline import GRADE_LABELS, GRADES

WIDTH, HEIGHT = 720.0, 230.0
LEFT, RIGHT, TOP, BOTTOM = 150.0, 16.0, 16.0, 54.0
TICK_Y = HEIGHT - BOTTOM + 18
GRADE_COLOURS = {
    "outstanding": "#1f618d",
    "good": "#27ae60",
    "requires_improvement": "#e67e22",
    "inadequate": "#c0392b",
}


@dataclass(frozen=True)
class Mark:
    x: float
    y: float
    colour: str
    label: str  # the tooltip: date, type, judgement
    href: str | None = None


@dataclass
class Chart:
    width: float = WIDTH
    height: float = HEIGHT
    lanes: list[tuple[float, str]] = field(default_factory=list)  # (y, grade label)
    years: list[tuple[float, str]] = field(default_factory=list)  # (x, year)
    step_path: str = ""
    dots: list[Mark] = field(default_factory=list)
    ticks: list[Mark] = field(default_factory=list)
    tick_y: float = TICK_Y

    @property
    def empty(self) -> bool:
        return not self.dots and not self.ticks


def _when(row: dict[str, Any]) -> date | None:
    value = row.get("published") or row.get("inspection_date")
    return value if isinstance(value, date) else None


def _label(row: dict[str, Any], day: date) -> str:
    kind = (row.get("inspection_type") or "event").replace("_", " ")
    grade = row.get("judgement")
    text = GRADE_LABELS.get(grade or "", grade or "no grade")
    return f"{day.isoformat()}: {kind}, {text}"


def timeline_chart(rows: Sequence[dict[str, Any]], href: Any = None) -> Chart:
    """Lay out ``timeline_select`` rows; ``href(row)`` links each mark (optional)."""
    dated = [(d, r) for r in rows if (d := _when(r)) is not None]
    chart = Chart()
    plot_h = HEIGHT - TOP - BOTTOM
    lane_y = {g: TOP + plot_h - i * plot_h / (len(GRADES) - 1) for i, g in enumerate(GRADES)}
    chart.lanes = [(lane_y[g], GRADE_LABELS[g]) for g in GRADES]
    if not dated:
        return chart
    first = date(min(d for d, _ in dated).year, 1, 1)
    last = date(max(d for d, _ in dated).year + 1, 1, 1)
    span = max((last - first).days, 1)

    def x_of(day: date) -> float:
        return LEFT + (day - first).days / span * (WIDTH - LEFT - RIGHT)

    step = max(1, (last.year - first.year) // 8)
    chart.years = [(x_of(date(y, 1, 1)), str(y)) for y in range(first.year, last.year + 1, step)]
    path: list[str] = []
    previous_y: float | None = None
    for day, row in dated:
        grade = row.get("judgement")
        link = href(row) if href else None
        if grade in GRADES:
            x, y = x_of(day), lane_y[grade]
            if previous_y is None:
                path.append(f"M{x:.1f},{y:.1f}")
            else:
                path.append(f"H{x:.1f}V{y:.1f}")
            previous_y = y
            chart.dots.append(Mark(x, y, GRADE_COLOURS[grade], _label(row, day), link))
        else:
            chart.ticks.append(Mark(x_of(day), TICK_Y, "#555555", _label(row, day), link))
    chart.step_path = "".join(path)
    return chart
