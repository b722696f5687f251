"""The inspection vocabulary, defined once (SPEC "Classifier interface").

Inspection types, their families (which sightings can be one event), which carry a grade, and
the grades themselves in order. Config choices, the CLI, metrics labels, story placement,
alerts, the timeline and the report reader all read these names from here.
"""

from __future__ import annotations

from typing import Literal, get_args

InspectionTypeName = Literal[
    "ilacs_full",
    "ilacs_short",
    "focused_visit",
    "monitoring_visit",
    "jtai",
    "area_send",
    "sif",
    "annual_rating_2009",
    "other",
]
JudgementName = Literal[
    "outstanding", "good", "requires_improvement", "inadequate", "none", "adequate"
]
INSPECTION_TYPES: tuple[str, ...] = get_args(InspectionTypeName)
JUDGEMENTS: tuple[str, ...] = get_args(JudgementName)

# the four-point scale of SIF (2013-2018) and ILACS (2018-), best first
GRADES: tuple[str, ...] = ("outstanding", "good", "requires_improvement", "inadequate")
# the old scale's grade, only in reports before November 2013 (SPEC)
HISTORICAL_GRADES: tuple[str, ...] = ("adequate",)
ALL_GRADES: frozenset[str] = frozenset(GRADES + HISTORICAL_GRADES)

# inspections that give an overall grade, and visits/inspections that never do ("none")
GRADED_TYPES: frozenset[str] = frozenset({"ilacs_full", "ilacs_short", "sif", "annual_rating_2009"})
UNGRADED_TYPES: frozenset[str] = frozenset(
    {"focused_visit", "monitoring_visit", "jtai", "area_send"}
)

# one event per family: full and short ILACS and SIF are one graded inspection
FAMILY: dict[str, str] = {
    "ilacs_full": "graded",
    "ilacs_short": "graded",
    "sif": "graded",
    "annual_rating_2009": "annual",
    "focused_visit": "focused_visit",
    "monitoring_visit": "monitoring_visit",
    "jtai": "jtai",
    "area_send": "area_send",
    "other": "other",
}


def family(inspection_type: str | None) -> str | None:
    """The event family of an inspection type (None when unknown)."""
    return FAMILY.get(inspection_type or "")
