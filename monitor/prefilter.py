"""A cheap first look at a feed item's title and summary: is its page worth fetching?

It must never drop a relevant item (recall first): it passes anything that mentions Ofsted,
an inspection or visit, or children's social care vocabulary. The analyser decides later.
"""

from __future__ import annotations

import re

_TERMS = re.compile(
    r"ofsted|inspect|inadequate|requires? improvement|outstanding|"
    r"children'?s services|children’s services|social care|social work|care leavers?|"
    r"children in care|looked[- ]after|child protection|safeguarding|\bsend\b|"
    r"special educational needs|focused visit|monitoring visit|watchdog|jtai",
    re.IGNORECASE,
)


def worth_fetching(*texts: str | None) -> bool:
    """True when any text has inspection or children's-social-care vocabulary."""
    return any(text and _TERMS.search(text) for text in texts)
