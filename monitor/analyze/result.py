"""The analyser's answer about one text: `Classification` and its JSON form (SPEC "Classifier
interface"). Values only; every decision is made elsewhere in the package."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

GRADES = ("outstanding", "good", "requires_improvement", "inadequate")


@dataclass(frozen=True)
class Classification:
    """The analyser's decision about one text (see the module docstring)."""

    relevant: bool
    councils: tuple[str, ...]
    ons_codes: tuple[str, ...]
    inspection_type: str | None
    judgement: str | None
    previous_judgement: str | None
    confidence: float
    inspection_date: dt.date | None = None
    report_date: dt.date | None = None
    sub_judgements: dict[str, str] = field(default_factory=dict)
    send_outcome: str | None = None
    evidence: dict[str, Any] = field(default_factory=dict)
    # the type an inspection left untyped most likely was (an ILACS inspection of a council
    # last judged good or outstanding: the short one), for placing the article in a story;
    # never reported as its type
    likely_type: str | None = None

    @property
    def event_type(self) -> str | None:
        """The type that places the article among its council's events."""
        return self.inspection_type or self.likely_type

    @property
    def event_date(self) -> dt.date | None:
        """The latest date the text gives of this inspection (its report's or its own; the
        analyser never gives an earlier inspection's), which dates the event it reports."""
        return max((d for d in (self.report_date, self.inspection_date) if d), default=None)

    def to_json(self, id: str | None = None) -> dict[str, Any]:
        """SPEC's classifier output object, plus the extra fields."""
        return {
            "id": id,
            "relevant": self.relevant,
            "councils": list(self.councils),
            "inspection_type": self.inspection_type,
            "judgement": self.judgement,
            "previous_judgement": self.previous_judgement,
            "confidence": round(self.confidence, 3),
            "ons_codes": list(self.ons_codes),
            "inspection_date": _iso(self.inspection_date),
            "report_date": _iso(self.report_date),
            "sub_judgements": dict(self.sub_judgements),
            "send_outcome": self.send_outcome,
            "evidence": self.evidence,
        }


# classify's confidence for a text with no relevance evidence at all (a relevance score of 0)
_NO_EVIDENCE_CONFIDENCE = round(1.0 - 1.0 / (1.0 + pow(2.718281828, 5.0 / 2.0)), 3)
NO_VOCABULARY = (
    "no inspection or children's social care vocabulary in the title or summary "
    "(monitor.prefilter): not analysed"
)
# what a text is taken for without analysing it: a feed item whose title and summary have no
# inspection or children's social care vocabulary (and whose page was therefore not fetched)
# is not relevant, and nothing else is read from it (no councils, type, grade or dates)
UNREAD = Classification(
    relevant=False,
    councils=(),
    ons_codes=(),
    inspection_type=None,
    judgement=None,
    previous_judgement=None,
    confidence=_NO_EVIDENCE_CONFIDENCE,
    evidence={"relevance": [], "relevance_score": 0.0, "prefilter": NO_VOCABULARY},
)


def _iso(value: dt.date | None) -> str | None:
    return value.isoformat() if value else None
