"""Text preparation: fold quotes and dashes, drop page noise, cut into sentences.

Page noise dropped: lines such as "Read more", "Image caption", "Advertisement"; readers'
comments below the story; and a page's lists of other stories (`drop_link_lists`: the short
headline lines under "Most read", "Related stories", "More on this story", "Trending" and the
like, up to the first line of prose or the page's own headline), whose headlines name other
councils and grades. Numbered items of minutes and agendas ("42. Ofsted inspection",
"CYP/46/23 Regional adoption agency") are kept as `Doc.items`, so a later step can tell one
item's business from another's.

Every other module works on a `Doc`: the title and body joined, lower-cased once, with sentence
("segment") offsets so a position can be mapped to its sentence in O(log n). `ref_year` is the
story's year (from ``published``, else the latest year the text states) against which "in 2017"
is judged to be looking back: ``published``, else a year in the web address ("/2019/12/20/",
"ofsted2019"), else the latest year the text states (a year after "last"/"previous" counts one
on). Gets wrong: a sentence break after an abbreviation ("St. Helens")
is not a break only when a lower-case word follows; headings with no full stop join the line.
"""

from __future__ import annotations

import bisect
import datetime as dt
import itertools
import re
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qsl, urlsplit

from monitor import vocabulary as V

_FOLD: tuple[tuple[str, str], ...] = (
    ("‘", "'"),
    ("’", "'"),
    ("‛", "'"),
    ("“", '"'),
    ("”", '"'),
    ("\u00a0", " "),
    ("–", "-"),
    ("—", "-"),
)


def fold(text: str) -> str:
    """Straight quotes, plain spaces and hyphens (same length, so offsets stay valid)."""
    if text.isascii():
        return text
    for old, new in _FOLD:
        if old in text:
            text = text.replace(old, new)
    return text


_NOISE_LINE = re.compile(
    r"^\s*(read more|more news|advertising|advertisement|skip to|image caption|image source|"
    r"picture:|photo:|photo by|picture by|credit:|follow bbc|share this|register now|"
    r"already have an account)",
    re.I,
)
# a heading of other stories' headlines ("Most read", "Related stories:"), alone on its line or
# with one headline after a colon ("Related: Swindon school rated outstanding")
_LINK_HEADING = re.compile(
    r"^\W*(?:" + "|".join(V.LINK_LIST_HEADINGS) + r")\s*(?::\s*(?P<rest>.*)|\W*)$", re.I
)
# the heading of readers' comments below a story ("Comments (3)", "Leave a comment")
_COMMENTS_HEADING = re.compile(
    r"^\W*(?:(?:\d+\s+)?(?:reader |readers' |user )?comments(?:\s*\(\d+\))?|"
    # a bare "Comment" is the page's comment button by the headline, not the comments below
    r"\d+\s+comment|comment\s*\(\d+\)|leave a comment|"
    r"add (?:a|your) comment|join the (?:conversation|discussion|debate)|have your say)\W*$",
    re.I,
)
_LIST_ITEM_MARK = re.compile(r"^\s*(?:\d{1,2}[.)]|[-•*>|])\s*")
_LINK_LIST_MAX = 12  # headlines dropped after one heading at most
_PROSE_CHARS = 160  # a line this long is the story's prose, not a headline


def _headline_like(line: str) -> bool:
    """A line of a list of other stories: short, not a sentence of prose (no closing stop)."""
    text = _LIST_ITEM_MARK.sub("", line).strip().rstrip("\"'")
    return len(text) < _PROSE_CHARS and not text.endswith((".", "!", ":", ";", ","))


def drop_link_lists(lines: list[str], title: str | None) -> list[str]:
    """Lines without the page's lists of other stories' headlines: after a heading such as
    "Most read" or "Related stories" (`vocabulary.LINK_LIST_HEADINGS`), the short lines that
    follow it, up to the first line of prose or the page's own headline; and a heading with its
    one headline on the same line ("Most read: Derby school in special measures"). Those
    headlines name other councils and grades ("Wigan children's services rated inadequate").
    Readers' comments after the story ("Comments (3)", once two lines of prose have been read)
    are dropped to the end."""
    own = " ".join((title or "").lower().split())
    out: list[str] = []
    kept: set[str] = set()  # the lines in out
    skipping = 0
    prose = 0  # lines of the story read so far
    for line in lines:
        short = len(line) < 40
        if prose >= 2 and short and _COMMENTS_HEADING.match(line):
            break  # readers' comments below the story name other councils and old grades
        if line.rstrip(" \"'").endswith((".", "!", "?")) and line not in kept:
            prose += 1  # a line said twice is a photo's caption (its alt text, then below it)
        if skipping:
            stripped = line.strip()
            if not stripped:
                continue
            if (
                _headline_like(stripped)
                and " ".join(stripped.lower().split()) != own
                and not _LINK_HEADING.match(stripped)
            ):
                skipping -= 1
                continue
            skipping = 0
        # a heading is short, or a heading and a colon ("Most read: ...")
        heading = short or (len(line) < _PROSE_CHARS and ":" in line[:40])
        m = _LINK_HEADING.match(line) if heading else None
        if m is not None:
            rest = m.group("rest")
            if rest is None or not rest.strip():
                skipping = _LINK_LIST_MAX
            continue
        out.append(line)
        kept.add(line)
    return out


# a live page's entry stamp on its own line: "Posted at 13:20", "16:05", "Updated 9.45am"
_ENTRY_STAMP = re.compile(
    r"^\W*(?:(?:posted|updated|published)(?: at)?\s+)?\d{1,2}[:.]\d{2}\s*(?:am|pm)?"
    r"(?:\s*(?:bst|gmt))?\W*$",
    re.I,
)
# an entry about a council's children's services (or the inspections of them)
_SERVICES_ENTRY = re.compile(
    r"children'?s (?:services|social care)|social care|social work|children in care|"
    r"care leavers|looked after|send\b|special educational|focused visit|monitoring visit|"
    r"joint targeted|ilacs|safeguarding children|child protection",
    re.I,
)


def drop_other_entries(lines: list[str]) -> list[str]:
    """A live page (two or more entries under time stamps, "Posted at 13:20") without the
    entries about anything but children's services: each entry is a story of its own ("Kent
    school rated inadequate" beside "Brighton children's services praised"). The lines before
    the first stamp (the page's headline and summary) stay; if no entry is about children's
    services, every entry stays."""
    stamps = [i for i, line in enumerate(lines) if len(line) < 30 and _ENTRY_STAMP.match(line)]
    if len(stamps) < 2:
        return lines
    bounds = [*stamps, len(lines)]
    entries = [lines[a:b] for a, b in itertools.pairwise(bounds)]
    kept = [e for e in entries if _SERVICES_ENTRY.search(" ".join(e))]
    if not kept:
        return lines
    return lines[: stamps[0]] + [line for entry in kept for line in entry]


# a full stop, unless it ends "St." (St. Helens), "Cllr.", "Dr." and the like; the match
# starts with the stop itself (a literal class: twice as fast as a lookbehind first)
_SENTENCE_SPLIT = re.compile(
    r"[.!?](?<!\bSt\.)(?<!\bDr\.)(?<!\bMr\.)(?<!\bMs\.)(?<!\bMrs\.)(?<!\bCllr\.)"
    r"(?<!\bNo\.)(?<!\bProf\.)\s+(?=[\"'(A-Z0-9•-])"
)
YEAR_RE = re.compile(r"(?=[12])\b(19[89]\d|20[0-4]\d)\b")
# "good for the first time since 2012", "its best rating since 2010": a year that dates the
# last time it was so, not the grade beside it (which is news)
_FIRST_SINCE_RE = re.compile(
    r"\b(?:first|best|highest|lowest|worst)\b(?: [a-z']+){0,3} since\W{0,2}$"
)


def first_since(low: str, pos: int) -> bool:
    """The year at ``pos`` of lower-cased ``low`` follows "the first time since" (or "best ...
    since"): it does not make its sentence look back."""
    return _FIRST_SINCE_RE.search(low, max(0, pos - 45), pos) is not None


# a year in a web address's path, not inside a longer number (BBC story ids)
_URL_YEAR_RE = re.compile(r"(?<!\d)(20[0-4]\d)(?!\d)")
_EARLIER_YEAR_RE = re.compile(
    r"\b(?:last|previous|previously|earlier|since)\b[^.\n]{0,70}?\b(19[89]\d|20[0-4]\d)\b"
)
# "eight years after the council was found to have put children at risk", "almost three years
# later", "five years on": an undated story is at least that long after the earliest year it
# names
_YEARS_LATER_RE = re.compile(
    r"\b(two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|[2-9]|1[0-9]) years "
    r"(?:after|later|on)\b"
)
# "services have deteriorated over the past four years" (since the grade of 2012 it recalls)
_PAST_YEARS_RE = re.compile(
    r"\bover the (?:past|last) (two|three|four|five|six|seven|eight|nine|ten|[2-9]) years\b"
)
_NUMBER_NAMES = {
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
}


def small_number(word: str) -> int:
    """A count as written in a story: "five" or "5"."""
    return int(word) if word.isdigit() else _NUMBER_NAMES[word]


# a numbered item of minutes or an agenda, its heading on a line of its own: "42. Ofsted
# inspection of children's services", "Item 7: Revenue budget", "CYP/45/23 Ofsted inspection"
_ITEM_HEADING_RE = re.compile(
    r"^[ \t]*(?:(?:[Ii]tem|[Mm]inute|[Aa]genda [Ii]tem)\s+)?"
    r"(?:\d{1,3}[a-z]?|[A-Z]{1,6}/\d{1,4}/\d{2,4})(?:[.):]|\s*-)?[ \t]+"
    r"(?!(?:January|February|March|April|May|June|July|August|September|October|November|"
    r"December)\b)[A-Z][^\n]{2,100}(?<![.!?,;])$",
    re.M,
)
LEAD_CHARS = 420
SNIPPET_CHARS = 300  # longest evidence sentence, for alerts and `monitor show`


@dataclass
class Doc:
    text: str
    lower: str
    segs: list[tuple[int, int]]
    seg_starts: list[int]
    title_end: int
    ref_year: int | None
    ref_date: dt.date | None = None  # the publication date, when known
    # the latest the publication can be: the period's last day when only a year or month is
    # known ("2019" is any day of 2019), else ref_date
    ref_until: dt.date | None = None
    year_guessed: bool = False  # ref_year is only the latest year the text mentions
    # offsets of the numbered items of minutes or an agenda ("42. Ofsted inspection",
    # "CYP/45/23 Regional adoption agency"), in order; empty for other pages
    items: list[int] = field(default_factory=list)

    def item_of(self, pos: int) -> int:
        """The index of the minutes' item holding ``pos`` (-1 before the first or none)."""
        return bisect.bisect_right(self.items, pos) - 1

    def seg_of(self, pos: int) -> int:
        return bisect.bisect_right(self.seg_starts, pos) - 1

    def seg_text(self, i: int) -> str:
        start, end = self.segs[i]
        return self.text[start:end]

    def snippet(self, i: int, start: int | None = None, end: int | None = None) -> str:
        """Sentence ``i`` on one line, cut to SNIPPET_CHARS around ``start:end`` if too long."""
        seg_start, seg_end = self.segs[i]
        if seg_end - seg_start <= SNIPPET_CHARS:
            return " ".join(self.text[seg_start:seg_end].split())
        centre = (start + (end or start)) // 2 if start is not None else seg_start
        lo = max(seg_start, min(centre - SNIPPET_CHARS // 2, seg_end - SNIPPET_CHARS + 2))
        hi = min(seg_end, lo + SNIPPET_CHARS - 2)
        text = " ".join(self.text[lo:hi].split())
        return ("…" if lo > seg_start else "") + text + ("…" if hi < seg_end else "")


def url_year(url: str | None) -> int | None:
    """A plausible publication year in a web address's path ("/2019/12/20/", "ofsted2019"),
    else the year of a BBC News article's number (`_bbc_year`) or of a Newsquest one
    (`_newsquest_year`)."""
    if not url:
        return None
    try:
        parts = urlsplit(url if "//" in url else f"//{url}")
    except ValueError:  # "http://[broken": no address to read
        return None
    years = [int(y) for y in _URL_YEAR_RE.findall(parts.path)]
    if not years:
        # a query naming its year or date ("?searchyear=2017", "&date=2019-05-02"): a number
        # in any other parameter may be an id
        years = [
            int(y)
            for name, value in parse_qsl(parts.query)
            if _DATED_PARAM_RE.search(name.lower())
            for y in _URL_YEAR_RE.findall(value)
        ]
    if years:
        return years[0]
    return _bbc_year(parts.hostname or "", parts.path) or _newsquest_year(parts.path)


_DATED_PARAM_RE = re.compile(r"year|date")


# BBC News numbers its articles in order ("/news/uk-england-kent-11798697"): the first number
# of each year, 2010-2024, read off dated BBC pages (numbers since 2024 are slugs, "c0j...o")
_BBC_YEAR_STARTS = (
    (8_400_000, 2010),
    (12_100_000, 2011),
    (16_400_000, 2012),
    (20_900_000, 2013),
    (25_550_000, 2014),
    (30_650_000, 2015),
    (35_200_000, 2016),
    (38_480_000, 2017),
    (42_550_000, 2018),
    (46_700_000, 2019),
    (50_960_000, 2020),
    (55_530_000, 2021),
    (59_850_000, 2022),
    (64_140_000, 2023),
    (67_880_000, 2024),
)
_BBC_HOSTS = (".bbc.co.uk", ".bbc.com", ".bbci.co.uk")
_BBC_LAST_NUMBER = 70_000_000  # past this, no year is claimed
_BBC_ARTICLE_RE = re.compile(r"^/news/(?:[a-z0-9]+-)*(\d{8})/?$")


def _bbc_year(host: str, path: str) -> int | None:
    if not (
        host.endswith(".bbc.co.uk") or host.endswith(".bbc.com") or host.endswith("bbci.co.uk")
    ):
        return None
    m = _BBC_ARTICLE_RE.match(path)
    if m is None:
        return None
    number = int(m.group(1))
    if not _BBC_YEAR_STARTS[0][0] <= number < _BBC_LAST_NUMBER:
        return None
    return max(year for start, year in _BBC_YEAR_STARTS if number >= start)


# Newsquest's local titles (the Northern Echo, the Oxford Mail, the Bournemouth Echo and about 200
# more) number their articles in one sequence ("/news/13639111.council-chief-.../"): dated
# articles of theirs, (number, year, month), read off the labelled pages, in two runs. An
# undated article between two of one run is dated by straight-line interpolation, and given a
# year only when that is further from a new year than a quarter of the two neighbours' gap (at
# most two months), and the gap is at most 18 months. No year is claimed outside the runs:
# before the first, after the last, or between them (in 2022 the titles Newsquest took over
# from Archant re-published their archives under numbers of that stretch: a 2017 story of the
# East London Advertiser is 20962834), nor from January to May 2018, when the SIF's last reports
# and the first ILACS ones came out together. An archive article moved to the site later has a
# later number than its date: the year is then too late, never too early.
_NEWSQUEST_DATED = (
    (
        (8_817_832, 2010, 12),
        (9_738_134, 2012, 5),
        (9_807_623, 2012, 7),
        (10_592_133, 2013, 8),
        (11_100_386, 2014, 3),
        (13_490_481, 2015, 5),
        (13_637_842, 2015, 9),
        (14_146_533, 2015, 12),
        (14_280_764, 2016, 2),
        (14_582_809, 2016, 6),
        (14_601_055, 2016, 7),
        (15_466_516, 2017, 8),
        (15_513_094, 2017, 9),
        (15_644_912, 2017, 11),
        (15_904_106, 2018, 1),
        (16_038_588, 2018, 2),
        (16_242_507, 2018, 5),
        (16_284_001, 2018, 6),
        (16_396_469, 2018, 8),
        (17_339_930, 2019, 1),
        (17_501_976, 2019, 3),
        (17_639_047, 2019, 5),
        (17_803_059, 2019, 7),
        (17_816_195, 2019, 8),
        (18_118_909, 2019, 12),
        (18_216_246, 2020, 1),
        (19_062_392, 2021, 2),
        (19_533_242, 2021, 8),
        (19_729_806, 2021, 11),
        (19_936_947, 2022, 2),
    ),
    (
        (23_110_224, 2022, 11),
        (23_146_792, 2022, 12),
        (23_377_266, 2023, 3),
        (23_455_735, 2023, 4),
        (23_656_498, 2023, 7),
        (23_696_203, 2023, 8),
        (23_777_998, 2023, 9),
        (23_916_580, 2023, 11),
        (23_992_933, 2023, 12),
        (24_047_037, 2024, 1),
        (24_324_026, 2024, 5),
        (24_453_153, 2024, 7),
    ),
)
_NEWSQUEST_ARTICLE_RE = re.compile(r"^/(?:[A-Za-z0-9_-]+/)*(\d{7,8})\.[A-Za-z0-9_-]+/$")
_NEWSQUEST_MAX_MARGIN_MONTHS = 2.0
_NEWSQUEST_MAX_GAP_MONTHS = 18
_BOTH_FRAMEWORKS = (2018 * 12, 2018 * 12 + 4)  # January to May 2018, as months since year 0


def _newsquest_year(path: str) -> int | None:
    m = _NEWSQUEST_ARTICLE_RE.match(path)
    if m is None:
        return None
    number = int(m.group(1))
    for run in _NEWSQUEST_DATED:
        for (lo, y0, m0), (hi, y1, m1) in itertools.pairwise(run):
            if lo <= number <= hi:
                return _interpolated_year(number, lo, hi, y0 * 12 + m0 - 1, y1 * 12 + m1 - 1)
    return None


def _interpolated_year(number: int, lo: int, hi: int, start: int, end: int) -> int | None:
    """The year of ``number`` between dated numbers ``lo`` and ``hi`` (their months since year
    0, ``start`` and ``end``), or None when that is too close to call."""
    gap = end - start
    if gap > _NEWSQUEST_MAX_GAP_MONTHS:
        return None
    month = start + gap * (number - lo) / (hi - lo)
    year = int(month // 12)
    into_year = month - year * 12
    margin = min(_NEWSQUEST_MAX_MARGIN_MONTHS, gap / 4)
    if start // 12 != end // 12 and min(into_year, 12 - into_year) < margin:
        return None
    if _BOTH_FRAMEWORKS[0] <= month <= _BOTH_FRAMEWORKS[1] + 1:
        return None
    return year


def prepare(
    text: str,
    title: str | None,
    published: dt.date | None,
    url: str | None = None,
    published_until: dt.date | None = None,
) -> Doc:
    lines = [ln for ln in fold(text).splitlines() if not _NOISE_LINE.match(ln)]
    body = "\n".join(drop_other_entries(drop_link_lists(lines, fold(title or ""))))
    head = fold(title or "").strip()
    full = f"{head}\n{body}" if head else body
    segs: list[tuple[int, int]] = []
    pos = 0
    for line in full.split("\n"):
        start = pos
        pos += len(line) + 1
        if not line.strip():
            continue
        last = 0
        for m in _SENTENCE_SPLIT.finditer(line):
            segs.append((start + last, start + m.start() + 1))
            last = m.end()
        segs.append((start + last, start + len(line)))
    if not segs:
        segs = [(0, len(full))]
    ref_year = published.year if published else url_year(url)
    year_guessed = ref_year is None
    if ref_year is None:
        years = [int(y) for y in YEAR_RE.findall(full)]
        years += [int(y) + 1 for y in _EARLIER_YEAR_RE.findall(full.lower())]
        if years:
            years += [min(years) + small_number(n) for n in _YEARS_LATER_RE.findall(full.lower())]
            years += [min(years) + small_number(n) for n in _PAST_YEARS_RE.findall(full.lower())]
        ref_year = max(years) if years else _chief_inspector_year(full.lower())
    items = [m.start() for m in _ITEM_HEADING_RE.finditer(full)]
    return Doc(
        items=items if len(items) >= 2 else [],
        text=full,
        lower=full.lower(),
        segs=segs,
        seg_starts=[s for s, _ in segs],
        title_end=len(head),
        ref_year=ref_year,
        ref_date=published,
        ref_until=published_until or published,
        year_guessed=year_guessed and ref_year is not None,
    )


# Ofsted's chief inspectors (HMCI) and a year inside each one's term: a text that names no year
# but quotes the chief inspector is of that term (Christine Gilbert 2006-2011: the annual
# ratings; Sir Michael Wilshaw 2012-2016: the SIF's years; Amanda Spielman 2017-2023 and Sir
# Martyn Oliver from 2024: ILACS's)
_CHIEF_INSPECTORS = (
    (re.compile(r"\bchristine gilbert\b"), 2010),
    (re.compile(r"\b(?:michael|mr) wilshaw\b"), 2015),
    (re.compile(r"\bamanda spielman\b"), 2020),
    (re.compile(r"\bmartyn oliver\b"), 2025),
)


def _chief_inspector_year(lower: str) -> int | None:
    """The term's year of the one chief inspector a text names, else None."""
    found = {year for pattern, year in _CHIEF_INSPECTORS if pattern.search(lower)}
    return found.pop() if len(found) == 1 else None


def bounded(lower: str, start: int, end: int) -> bool:
    """True if lower[start:end] is a whole word (or words)."""
    if start > 0 and lower[start - 1].isalnum():
        return False
    return not (end < len(lower) and lower[end].isalnum())


def longest(hits: list[tuple[int, int, Any]]) -> list[tuple[int, int, Any]]:
    """Non-overlapping hits, preferring the longest at each place."""
    hits.sort(key=lambda h: (h[0], -(h[1] - h[0])))
    out: list[tuple[int, int, Any]] = []
    last_end = -1
    for hit in hits:
        if hit[0] >= last_end:
            out.append(hit)
            last_end = hit[1]
    return out
