"""A cheap first look at a feed item's title and summary: is its page worth fetching?

It must never drop a relevant item (recall first): it passes anything that mentions Ofsted,
an inspection or visit, or children's social care vocabulary. The analyser decides later.

Measured on ``../shared/corpus/dev.jsonl`` and ``dev2.jsonl`` (110 relevant of 179;
``benchmarks/sources.py`` and ``tests/sources/test_prefilter.py``): recall 100% on title + the
first 300 characters of the text (what a feed summary carries) and on title + full text (a
trust's "Reduction in children entering care" story names neither Ofsted nor children's
services in its first 300 characters, hence the care phrases); on titles alone it misses
2 of dev.jsonl's 48 ("Statement from Chair", "Special report: How far can a stretched sector
bend..."), which is why the summary is always passed too. It lets through 27 of dev.jsonl's 30
irrelevant items (hard negatives: schools, children's homes, adult social care, national
Ofsted news): the corpus is built of near misses, so this says little about ordinary news,
most of which it drops. The names of the frameworks before 2009 (joint area review, annual
performance assessment) are there too: a council's page on one names neither Ofsted nor an
inspection in its first lines. Cost: about 6 microseconds per item (one compiled regex over the
lower-cased text).
"""

from __future__ import annotations

import re

_TERMS = re.compile(
    r"ofsted|inspect|inadequate|requires? improvement|outstanding|"
    r"children(?:'|’)?s (?:services|trust)|social care|social work|social services|"
    r"care leavers?|\b(?:in|into|entering|needing|leaving) care\b|looked[- ]after|"
    r"child protection|safeguarding|"
    r"vulnerable children|\bsend\b|special educational needs|focused visit|monitoring visit|"
    r"watchdog|jtai|joint area review|annual performance assessment"
)  # lower case, matched against lower-cased text: 4x faster than re.IGNORECASE here


def worth_fetching(*texts: str | None) -> bool:
    """True when any text has inspection or children's-social-care vocabulary."""
    return any(text and _TERMS.search(text.lower()) for text in texts)
