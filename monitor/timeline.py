"""A council's inspection history: rows oldest first, a trend drawn in text, a chart file.

:func:`timeline_select` is the query (stories joined to their Ofsted report);
:func:`trend_lanes` and :func:`trend_summary` draw the judgement trend for a terminal (pure);
:func:`plot` draws the same history as an SVG or PNG chart with matplotlib, an optional
extra (``pip install 'ofsted-monitor[plot]'``).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy import Select, func, select

from monitor import inspections
from monitor.models import Report, Story

GRADES = tuple(reversed(inspections.GRADES))  # worst first: the chart's lanes, bottom up
GRADE_LABELS = {
    "inadequate": "Inadequate",
    "requires_improvement": "Requires improvement",
    "good": "Good",
    "outstanding": "Outstanding",
}
LANE_WIDTH = 4
TIMELINE_COLUMNS = (
    "story_id",
    "council",
    "ons_code",
    "inspection_type",
    "inspection_date",
    "published",
    "judgement",
    "sub_judgements",
    "url",
    "pdf_url",
    "report_id",
)

_S = Story.__table__.c  # type: ignore[attr-defined]
_R = Report.__table__.c  # type: ignore[attr-defined]


class PlotUnavailable(RuntimeError):
    """matplotlib is not installed."""


def timeline_select(ons_codes: Sequence[str]) -> Select[Any]:
    """Every stored event of these councils, oldest first, with its report's link."""
    return (
        select(
            _S.id.label("story_id"),
            _S.council,
            _S.ons_code,
            _S.inspection_type,
            func.coalesce(_S.inspection_date, _R.inspection_start).label("inspection_date"),
            func.coalesce(_S.published, _R.published).label("published"),
            _S.judgement,
            _R.sub_judgements,
            func.coalesce(_R.pdf_url, _R.url).label("url"),
            _R.pdf_url,
            _R.id.label("report_id"),
        )
        .select_from(Story.__table__.outerjoin(Report.__table__, _R.id == _S.report_id))  # type: ignore[attr-defined]
        .where(_S.ons_code.in_(list(ons_codes)))
        .order_by(
            func.coalesce(_S.published, _R.published, _S.inspection_date).asc().nulls_first(),
            _S.id.asc(),
        )
    )


def trend_lanes(judgements: Sequence[str | None]) -> list[str]:
    """One text cell per row: four lanes (inadequate .. outstanding), a dot at the grade, a
    line from the previous grade; ungraded visits show a hollow dot at the standing grade."""
    cells = []
    previous: int | None = None
    for judgement in judgements:
        lanes = ["·"] + [" "] * (LANE_WIDTH - 1)
        line = list(lanes * len(GRADES))
        line = line[: (len(GRADES) - 1) * LANE_WIDTH + 1]
        if judgement in GRADES:
            here = GRADES.index(judgement) * LANE_WIDTH
            if previous is not None and previous != here:
                low, high = sorted((previous, here))
                for i in range(low, high + 1):
                    line[i] = "─"
            line[here] = "●"
            previous = here
        elif previous is not None:
            line[previous] = "○"
        cells.append("".join(line).rstrip())
    return cells


def trend_summary(rows: Sequence[dict[str, Any]]) -> str:
    """'inadequate (2019) → requires improvement (2021) → good (2024)', graded events only."""
    steps = []
    for row in rows:
        if row.get("judgement") in GRADES:
            when = row.get("published") or row.get("inspection_date")
            year = f" ({when.year})" if isinstance(when, date) else ""
            steps.append(f"{GRADE_LABELS[row['judgement']].lower()}{year}")
    return " → ".join(steps) if steps else "no graded inspection stored"


def plot(rows: Sequence[dict[str, Any]], path: Path, title: str) -> None:
    """Draw the history: graded inspections as a stepped line, visits as ticks below."""
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError as exc:
        raise PlotUnavailable(
            "--plot needs matplotlib: pip install 'ofsted-monitor[plot]'"
        ) from exc
    graded = [
        (r["published"] or r["inspection_date"], GRADES.index(r["judgement"]), r)
        for r in rows
        if r.get("judgement") in GRADES and (r["published"] or r["inspection_date"])
    ]
    others = [
        (r["published"] or r["inspection_date"], r)
        for r in rows
        if r.get("judgement") not in GRADES and (r["published"] or r["inspection_date"])
    ]
    figure, axes = plt.subplots(figsize=(9, 3.6), dpi=150)
    colours = ["#c0392b", "#e67e22", "#27ae60", "#1f618d"]
    if graded:
        xs = [g[0] for g in graded]
        ys = [g[1] for g in graded]
        axes.step(xs, ys, where="post", color="#7f8c8d", linewidth=1.2, zorder=1)
        axes.scatter(xs, ys, c=[colours[y] for y in ys], s=70, zorder=2)
        for x, y, row in graded:
            axes.annotate(
                (row.get("inspection_type") or "").replace("_", " "),
                (x, y),
                textcoords="offset points",
                xytext=(0, 8),
                ha="center",
                fontsize=7,
            )
    if others:
        axes.scatter(
            [o[0] for o in others],
            [-0.7] * len(others),
            marker="|",
            s=120,
            color="#555555",
            label="visits and other ungraded events",
        )
        axes.legend(loc="upper left", fontsize=7, frameon=False)
    axes.set_yticks(range(len(GRADES)), [GRADE_LABELS[g] for g in GRADES])
    axes.set_ylim(-1.1, len(GRADES) - 0.4)
    axes.set_title(title, fontsize=10, loc="left")
    axes.grid(axis="y", color="#eeeeee")
    for side in ("top", "right"):
        axes.spines[side].set_visible(False)
    figure.text(
        0.99, 0.01, "Source: Ofsted reports (ofsted-monitor)", ha="right", fontsize=6, color="#777"
    )
    figure.tight_layout()
    figure.savefig(path, format=path.suffix.lstrip(".").lower())
    plt.close(figure)
