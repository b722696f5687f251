"""Which councils a story is about, and the alias and sentence that say so.

Evidence: every variant of the 153 names, their aliases and the abolished authorities, found by
one Aho-Corasick pass (`council_index`), kept on word boundaries, when the original is capitalised
and when the name is not the start of another ("Derby County", "Wigan Athletic", "Newcastle-
under-Lyme", "Greater Manchester", "Bury St Edmunds") nor preceded by a capitalised word that makes
it a surname or another body ("Julie Kent", "NHS Devon"). Each mention scores by position (title,
lead, a header line), what is around it ("X Council", "X's children's services", "visit to X"),
and whether its sentence reports an inspection; several councils beside a grade or type in one
sentence make a roundup, as do a sentence listing three or more councils after one that counted
them with a grade ("12 councils were judged to be performing poorly. They are ...") and three
or more councils each the subject of its own current grade (a roundup told a council a
sentence). "X, its neighbour," after a name, like "neighbouring X" before it or "X's
neighbour Y", is a mention in passing (of X). The URL adds evidence (a council's own site,
an outlet named after a place, a slug). Kept: councils scoring >= 3 and >= 40% of the best;
ambiguous names ("Reading", "Bury", "Durham") count half unless something confirms them
("X Borough", "revisited X", a list of three or more councils, a current grade said of it:
"Derby: good"). Three or more councils
listed beside the older unannounced inspections' finding ("areas for priority action in X, Y
and Z") make a roundup; a grade named
only by rank ("the top grade") makes no sentence's councils subjects. An abolished authority in
a story published after its end is replaced by its successors; one that only changed form
(North Yorkshire County Council -> North Yorkshire) always takes the current name.

Round nine: the counties' standard abbreviations ("Notts", "Herts", "Glos";
`vocabulary.EXTRA_ALIASES`, and "Northants" for the former county); "neighbouring X has been
judged good" makes X a subject of its own grade, not a neighbour in passing; a comparison
opening a sentence ("Unlike North Yorkshire, ...") does not hide the name after it.

Gets wrong: a council named only as "the council" in the body, with nothing in the title or URL;
a roundup naming many councils across a page with no grade or count beside them may lose some;
a council known only by an acronym not in `monitor/data/council_acronyms.csv` (the
unambiguous ones councils use themselves, "KCC", "CYC"; matched in capitals only).
Correct it with aliases in `monitor/data/local_authorities.csv` or words in
`monitor/vocabulary.py` (EXTRA_ALIASES, NOT_COUNCIL_FOLLOWERS, NOT_COUNCIL_PLACES,
AMBIGUOUS_NAMES).
"""

from __future__ import annotations

import csv
import datetime as dt
import itertools
import re
from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import Any
from urllib.parse import unquote, urlsplit

import ahocorasick

from monitor import vocabulary as V
from monitor.analyze.terms import Terms
from monitor.analyze.text import LEAD_CHARS, SNIPPET_CHARS, Doc, bounded, longest, small_number
from monitor.councils import gazetteer

_SUFFIX_RE = re.compile(
    r"^(?:'s)?\s*(?:county |city |borough |metropolitan borough |metropolitan district |"
    r"district )?council\b|^(?:'s)?\s+children(?:'s)? (?:services|social care|first|trust)|"
    r"^'s children|^'s (?:local authority )?children's|^\s+borough\b|"
    # the trade press's abbreviations: "Cumbria CC", "Calderdale MBC", "Bracknell Forest BC"
    r"^\s+(?:cc|mbc|bc)\b|"
    # the body an area SEND inspection inspects: "the Nottinghamshire (SEND) Partnership",
    # "Suffolk's local area partnership"
    r"^(?:'s)?\s+(?:\(?send\)?\s+(?:local area\s+)?|local area\s+)partnership\b"
)
# the party in control, as the press names a council: "Lib-Dem Kingston", "neighbouring Tory
# Richmond council"
_PARTY = (
    r"(?:(?:tory|labour|conservative|lib-?dems?|liberal democrat)(?:-(?:run|led|controlled))?\s+)?"
)
_BEFORE_STRONG_RE = re.compile(
    r"(?:children's services|children's social care|department|services|visit|visits|"
    r"inspection|inspections|"
    r"inspected|inspectors visited|revisited|report for|letter to|found) (?:in|at|of|to|for|on)?\s*"
    r"(?:the )?" + _PARTY + r"$|"
    # the commissioner the government sends to a council ("the government-appointed children's
    # services commissioner for Halton"), not a police and crime commissioner
    r"(?:services|government-appointed|dfe-appointed) commissioner (?:for|at|in|to) (?:the )?$"
)
_NOT_COUNCIL_RE = re.compile(r"^\s*(?:" + V.NOT_COUNCIL_FOLLOWERS + r")\b")
_PRECEDER_RE = re.compile(r"([A-Za-z][A-Za-z']*)[ ]$")
_HEADER_RE = re.compile(
    r"^\W*(?:the )?\S.{0,60}?\s*(?:(?:metropolitan |london )?(?:borough |county |city |"
    r"district )?council)?\W*$"
)


@dataclass(frozen=True)
class Authority:
    name: str
    ons_code: str
    former: bool
    end_year: int | None
    successors: tuple[str, ...] = ()
    end_date: dt.date | None = None  # its last day, when the gazetteer gives it

    def ended_by(self, published: dt.date | None, year: int | None) -> bool:
        """Abolished before a story of this date (or, undated, of a later year than its
        end's: a story of its last year may come before or after its last day)."""
        if not self.former:
            return False
        if published is not None and self.end_date is not None:
            return published > self.end_date
        return bool(self.end_year and year and year > self.end_year)


@dataclass(frozen=True)
class _Index:
    automaton: ahocorasick.Automaton  # lower-cased name -> (key, (Authority | None, variant))
    compact: dict[str, Authority]  # letters only ("northsomerset") for URL host labels
    current: dict[str, Authority]  # official name -> current authority
    # a council's own acronym ("lbbd"): a host label of a council's site only ("lbbd.gov.uk")
    acronyms: dict[str, Authority]


def _variants(name: str) -> set[str]:
    low = name.lower().replace("’", "'")
    out = {low}
    for suffix in (", city of", ", county of"):
        if low.endswith(suffix):
            core = low[: -len(suffix)]
            out |= {core, f"{suffix[2:]} {core}"}
    for text in list(out):
        out.add(text.replace("&", "and"))
        out.add(text.replace(" and ", " & "))
        out.add(text.replace("st. ", "st "))
    for text in list(out):  # "Kingston-upon-Thames", "Bath and North-East Somerset"
        hyphened = re.sub(r" (upon|on|under|in|le) ", r"-\1-", text)
        out.add(re.sub(r"\b(north|south) (east|west)\b", r"\1-\2", hyphened))
        out.add(re.sub(r"\b(north|south) (east|west)\b", r"\1-\2", text))
    return {v for v in out if len(v) >= 3}


@cache
def council_acronyms() -> dict[str, str]:
    """Acronym -> official name: the short names councils give themselves and the local press
    repeats ("KCC"), kept in package data (``monitor/data/council_acronyms.csv``). Only
    acronyms that stand for one council with children's services duties are listed ("NCC" or
    "LCC" could be any of several, so they are not); they match only in capitals."""
    text = resources.files("monitor").joinpath("data", "council_acronyms.csv").read_text("utf-8")
    return {row["acronym"]: row["name"] for row in csv.DictReader(text.splitlines())}


# a council named after two places, or a town and its river: the first word is a town
_COMPOUND_NAME_RE = re.compile(r"^([a-z]{4,})(?: and | with |[ -](?:upon|on)[ -])")


@cache
def council_index() -> _Index:
    """The gazetteer's names as one automaton, plus the places that contain a council's name
    but are not it ("Greater Manchester"), which win as the longer match and are then dropped.

    A former authority that only changed form (North Yorkshire County Council, one successor
    with the same name) is indexed as its successor; one that was split or merged keeps its own
    name for old stories."""
    gaz = gazetteer()
    keys: dict[str, tuple[Authority | None, str]] = {}
    compact: dict[str, Authority] = {}
    current: dict[str, Authority] = {}
    acronyms: dict[str, Authority] = {}
    for council in gaz.councils:
        auth = Authority(council.name, council.ons_code, False, None)
        current[council.name] = auth
        for variant in council.names:
            for key in _variants(variant):
                keys.setdefault(key, (auth, variant))
        for variant in council.names:
            squashed = re.sub(r"[^a-z]", "", variant.lower())
            if len(squashed) >= 4 and not variant.isupper():
                compact.setdefault(squashed, auth)
            elif variant.isupper() and variant.isalpha():
                acronyms.setdefault(variant.lower(), auth)
    # "windsorexpress.co.uk": a local paper's masthead names its town, and a council named
    # after two places ("Windsor and Maidenhead", "Bath and North East Somerset") is its
    # first town's too, in a web address only (the text's "Windsor" may be the castle), and
    # only where no other council's name starts with that word ("Kingston upon Hull",
    # "Kingston upon Thames")
    firsts = Counter(re.split(r"[\s,-]", c.name.lower(), maxsplit=1)[0] for c in gaz.councils)
    for council in gaz.councils:
        town = _COMPOUND_NAME_RE.match(council.name.lower())
        if town and firsts[town.group(1)] == 1:
            compact.setdefault(town.group(1), current[council.name])
    for variant, name in V.EXTRA_ALIASES.items():
        for key in _variants(variant):
            keys.setdefault(key, (current[name], variant))
    for variant, name in council_acronyms().items():
        keys.setdefault(variant.lower(), (current[name], variant))  # matched in capitals only
        acronyms.setdefault(variant.lower(), current[name])
    for former in gaz.former:
        end_year = int(former.end_date[:4]) if former.end_date else None
        same = gaz.lookup(former.name)
        if same is not None and former.successors == (same.name,):
            auth = current[same.name]
        else:
            auth = Authority(
                former.name,
                former.ons_code or "",
                True,
                end_year,
                tuple(former.successors),
                dt.date.fromisoformat(former.end_date) if former.end_date else None,
            )
        for key in _variants(former.name):
            keys.setdefault(key, (auth, former.name))
        for variant, name in V.FORMER_EXTRA_ALIASES.items():
            if name == former.name:
                keys.setdefault(variant.lower(), (auth, variant))
        compact.setdefault(re.sub(r"[^a-z]", "", former.name.lower()), auth)
    for place in V.NOT_COUNCIL_PLACES:
        keys[place] = (None, place)
    automaton = ahocorasick.Automaton()
    for key, value in keys.items():
        automaton.add_word(key, (key, value))
    automaton.make_automaton()
    return _Index(automaton, compact, current, acronyms)


@dataclass
class Mention:
    auth: Authority
    start: int
    end: int
    seg: int
    surface: str
    strong: bool
    passing: bool = False  # "neighbouring X", "like X", "formerly at X", "run by X"


# Words just before a name that make it a council named in passing, not a subject: a neighbour,
# a comparison, someone's previous employer, the operator of another council's services.
_ROW_LABEL_RE = re.compile(r"\s*(?::|-|–|\|)\s")
_PASSING_BEFORE_RE = re.compile(
    r"\b(?:neighbouring|neighbours?,?|neighbour councils?|like|unlike|than|compared (?:with|to)|"
    r"such as|"
    r"similar to|formerly|previously|former|joined from|joins from|moved from|came from|"
    r"run by|managed by|operated by|delivered by|partnership with|partnered with|"
    r"partner council|on behalf of|on loan from|seconded from|"
    # a reorganised council's origin: "the other council created from Cumbria County Council"
    r"created from|formed from|(?:created|formed|carved) out of|replaced|replacing|replaces|"
    r"succeeded|successors? (?:to|of)|(?:split|abolition|break-?up) of|"
    # a company or trust's other clients: "Achieving for Children also provides children's
    # services for Kingston and Richmond"
    r"also (?:provides?|runs?|delivers?|manages?|operates?|serves?|covers?|works? (?:in|for))"
    r"(?: [\w']+){0,3}? (?:for|in|to))\s+"
    r"(?:(?:the|a|an|at|of|in|with|for|[a-z]+ (?:at|of|in|for))\s+)?" + _PARTY + r"$"
)
# what follows a word used as a verb at the start of a sentence ("Reading the report")
_VERB_OBJECT_RE = re.compile(
    r"\s+(?:the|a|an|this|that|these|those|between|through|about|it|them|his|her|their|our|"
    r"your|my|into|up|down|out)\b"
)
# a sentence that lists the councils the sentence before counted ("They are ...", "These
# were ...", "The councils are ...", "The others were ...")
_LIST_OPENING_RE = re.compile(
    r"\W*(?:they|these|those|the others|the rest|(?:the|these|those) (?:\w+ )?"
    r"(?:councils|authorities|areas))\s+"
    r"(?:are|were|include|included|being)\b"
)
# a sentence that gives a list of councils a result: "child protection was rated inadequate at
# Birmingham, Doncaster, Essex and Reading councils", "The councils rated poor were: X, Y, Z"
_LIST_RESULT_RE = re.compile(
    r"\b(?:rated|judged|graded|assessed|deemed|found|performing|performs|performed|"
    r"inadequate|outstanding|excellent|poor|poorly|adequate|good|requires improvement|"
    r"failing|failed|inspected|inspectors visited|"
    # "X, Y and Z were all classed as having at least one 'area for priority action'", "A, B
    # and C fared better in their no-notice inspections"
    r"classed|classified|fared|priority action|areas? for development)\b"
)
# one service run by two or more councils together
_JOINT_SERVICE_RE = re.compile(
    r"\b(?:(?:deliver|run|provide|manage)\w* (?:the |their |its )?(?:children's )?services? "
    r"jointly|jointly (?:deliver|run|provide|manage)\w*|joint (?:children's )?services?|"
    r"shared (?:children's )?services?|"
    r"share (?:a|the|their) (?:children's )?services?|bi-borough|tri-borough|"
    r"(?:deliver|delivers|delivered|run|runs) (?:the |their |its )?(?:children's )?"
    r"services? together)\b"
)
# ... and one that ended: "split from a tri-borough arrangement with Kensington and Chelsea
# and Westminster councils" names former partners, not the service's councils
_JOINT_ENDED_RE = re.compile(
    r"\b(?:split (?:from|with)|splits (?:from|with)|splitting from|left|leaves|leaving|"
    r"ended|ending|came to an end|come to an end|dissolved|dissolution|broke up|break-up|"
    r"break up|collapse|collapsed|pulled out|withdr[ae]w|withdrawing|withdrawal|former|"
    r"formerly)\b"
)


def _joint_ended(low: str) -> bool:
    """Does the story tell of the joint service's end (near any mention of it: in its
    sentence or the next)?"""
    for m in _JOINT_SERVICE_RE.finditer(low):
        if _JOINT_ENDED_RE.search(low, max(0, m.start() - 60), m.end() + 250):
            return True
    return False


# examples of a counted set ("12 councils are now rated good, including X, Y and Z"): the
# counted rule (`_COUNTED_MEMBER_RE`) decides whether they are results
_EXAMPLES_BEFORE_RE = re.compile(
    r"\b(?:including|such as|among them|alongside|like|joining|joins)\W*$"
)
# a line that is only a council's name ("Doncaster Council", "- Surrey County Council"): a
# list's row under a heading ("COUNCILS RATED INADEQUATE")
_NAME_ROW_RE = re.compile(r"^[\s*•>·-]*(?:the )?(?:(?:london )?borough of |city of )?$")
# Words just after a name (and its "Council") that make it a council named in passing:
# "Medway Council, its neighbour, ...", "Derbyshire, a neighbouring authority, ...",
# "Wiltshire's neighbour Swindon"
_PASSING_AFTER_RE = re.compile(
    r",\s*(?:its|their|our|a|the|his|her) (?:near |nearest |close )?(?:neighbou?r(?:ing)?|"
    r"comparator|statistical neighbou?r)\b|"
    # "Wiltshire's neighbour Swindon": the council named is the one the subject neighbours
    r"'s (?:near |nearest |close )?(?:neighbou?r|neighbou?ring)\b|"
    # "made North Tyneside Council, itself rated as 'outstanding', the council's mentor"
    r",\s*(?:itself|themselves) (?:rated|judged|graded)\b"
)
# A council named as the employer of someone the government sends to another council
# ("Hampshire CC's chief executive John Coughlan has been appointed children's commissioner
# at West Sussex", "Dave Hill, director of children's services at Essex County Council, will
# conduct the review in Norfolk"): in a sentence about a commissioner or advisers, a name
# beside its chief executive's or director's title is that person's council, not a subject
_EMPLOYER_AFTER_RE = re.compile(
    r"(?: cc)?'s (?:chief executive|director of children's services|children's services "
    r"director|director of children's social care)\b"
)
_EMPLOYER_BEFORE_RE = re.compile(
    r"\b(?:chief executive|director of children's services|children's services director|"
    r"director of children's social care) (?:of|at) (?:the )?$"
    # "The review, conducted by a commissioner from Essex County Council"
    r"|\b(?:commissioner|adviser|advisor|expert)s? from (?:the )?$"
    # ... or the clients of the company the person leads ("Nick Whitfield, chief executive of
    # Achieving for Children, the community interest company that runs children's services in
    # Kingston upon Thames and Richmond, has been appointed to lead a review ... at Reading")
    r"|\b(?:that|which) (?:runs?|provides?|delivers?) (?:the )?(?:children's )?services? "
    r"(?:in|for) $"
)
_SENT_IN_RE = re.compile(r"\b(?:commissioners?|advis[eo]rs?|review team|appointed to lead)\b")
# What follows a name said in passing as a neighbour that makes it a subject after all: its own
# fresh grade ("..., while neighbouring Kensington and Chelsea has been judged good": two
# councils' results in one story), not a recalled one ("neighbouring Dorset, whose services
# were judged good in 2022"), nor a council running a setting ("homes run by X have been
# rated good")
_NEIGHBOURING_BEFORE_RE = re.compile(r"\bneighbouring\s+(?:the\s+)?$")
_OWN_NEWS_AFTER_RE = re.compile(
    r"(?:'s (?:[\w']+ ){0,3}?(?:services|care))?\s+(?:has|have) (?:now |also |just )?been "
    r"(?:rated|judged|graded|found to be)\b"
)
# A council named as one of a counted set given a result: "28 councils (including X) were
# rated excellent", "five authorities, among them X and Y, were judged inadequate"
_COUNTED_MEMBER_RE = re.compile(
    r"\b(?:\d+|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|several|\w+teen|"
    r"\w+ty(?:-\w+)?) (?:other )?(?:councils|authorities|local authorities|areas|boroughs)"
    r"\s*[(,-]?\s*(?:including|among them|such as)\s+(?:[\w&.' -]+(?:,|\band\b)\s*)*$"
)
_RESULT_VERB_RE = re.compile(
    r"\b(?:rated|rates|judged|graded|assessed|deemed|performing|performs|found)\b"
)
_COUNCIL_SUFFIX_RE = re.compile(
    r"(?:'s)?(?: (?:county|city|borough|metropolitan borough|district))? council\b"
)


def _after_suffix(lower: str, end: int) -> int:
    """The offset after a name's "Council" (or the name's end when none follows)."""
    m = _COUNCIL_SUFFIX_RE.match(lower, end)
    return m.end() if m else end


# "NHS Kent & Medway", "NHS Bath and North East Somerset": a health body, not a council
_NHS_CHAIN_RE = re.compile(r"\bnhs\s+(?:[a-z'-]+\s+){1,4}(?:and|&)\s+$")
# a body a council shares with a place that is not one, named after both ("the City & Hackney
# Safeguarding Children Board", "City and Hackney CCG"): the council is named as the body's,
# in passing
_JOINT_BEFORE_RE = re.compile(r"\b[A-Z][\w'-]+\s+(?:and|&)\s+$")
_JOINT_BODY_AFTER_RE = re.compile(
    r"\s+(?:local\s+)?(?:safeguarding\s+children(?:'s|s')?\s+(?:board|partnership)|"
    r"lscb|lscp|ccg|clinical commissioning group)\b"
)


def _title_case(segment: str) -> bool:
    words = [w for w in re.findall(r"[A-Za-z][A-Za-z']+", segment) if len(w) > 3]
    return bool(words) and sum(w[0].isupper() for w in words) / len(words) > 0.6


def find_mentions(doc: Doc) -> list[Mention]:
    """Every place the text names a council, in order: strong when something around it says it
    is the council itself ("X Council"), in passing when it is named as a neighbour, a
    comparison, an employer or part of another body's name."""
    mentions: list[Mention] = []
    for start, end, (auth, variant) in longest(_name_hits(doc)):
        if auth is None:
            continue
        spot = _spot(doc, start, end)
        if _not_a_council(doc, mentions, spot, auth, variant):
            continue
        passing = _named_in_passing(doc, mentions, spot, auth)
        strong = _named_strongly(doc, spot, variant)
        mentions.append(
            Mention(auth, start, end, spot.seg, spot.surface, strong and not passing, passing)
        )
    _pass_along_lists(doc, mentions)
    _pass_comparison_lists(doc, mentions)
    _own_operator(doc, mentions)
    return mentions


def _name_hits(doc: Doc) -> list[tuple[int, int, Any]]:
    """Every name in the index the text holds on word boundaries, as (start, end, (authority,
    variant)); overlapping ones are all there (`longest` keeps the longest)."""
    raw: list[tuple[int, int, Any]] = []
    for end_idx, (key, value) in council_index().automaton.iter(doc.lower):
        start = end_idx - len(key) + 1
        if bounded(doc.lower, start, end_idx + 1):
            raw.append((start, end_idx + 1, value))
    return raw


@dataclass(frozen=True)
class _Spot:
    """A name where the text gives it: its span and sentence (and where that begins), the name
    as written, the 40 characters after it and, in lower case, up to 40 before it in its
    sentence."""

    start: int
    end: int
    seg: int
    seg_start: int
    surface: str
    after: str
    near: str


def _spot(doc: Doc, start: int, end: int) -> _Spot:
    """The name at ``start:end`` and what is around it (`_Spot`)."""
    seg = doc.seg_of(start)
    seg_start = doc.segs[seg][0]
    return _Spot(
        start,
        end,
        seg,
        seg_start,
        doc.text[start:end],
        doc.lower[end : end + 40],
        doc.lower[max(seg_start, start - 40) : start],
    )


def _not_a_council(
    doc: Doc, mentions: list[Mention], spot: _Spot, auth: Authority, variant: str
) -> bool:
    """The name does not name a council here: not capitalised (an acronym not in capitals),
    the start of another name ("Derby County") or a compound one ("Bromley-by-Bow"), a
    surname or another body's after a capitalised word ("Julie Kent", "NHS Devon"), an
    ambiguous name used as a verb to open a sentence ("Reading the report"), or a place in an
    NHS body's name ("NHS Kent & Medway")."""
    surface, after, end = spot.surface, spot.after, spot.end
    if not surface[0].isupper():
        return True
    if variant.isupper() and not surface[:2].isupper():
        return True  # abbreviations only in capitals
    if _NOT_COUNCIL_RE.match(after) and not _SUFFIX_RE.match(after):
        return True
    if doc.text[end : end + 1] in "-‐" and doc.text[end + 1 : end + 2].isupper():
        return True  # a compound name: "Kim Bromley-Derry", "Bromley-By-Bow"
    if _after_other_name(doc, mentions, spot, auth):
        return True
    if (
        surface.lower() in V.AMBIGUOUS_NAMES
        and spot.start == spot.seg_start
        and _VERB_OBJECT_RE.match(after)
        and not _SUFFIX_RE.match(after)
    ):
        return True  # "Reading the report ..." at the start of a sentence (not "Bury SEND")
    return bool(_NHS_CHAIN_RE.search(spot.near))


def _after_other_name(doc: Doc, mentions: list[Mention], spot: _Spot, auth: Authority) -> bool:
    """A word just before the name makes it a surname or another body's: "NHS", or any
    capitalised word not known to go before a council's name, outside a title-case sentence
    and unless that word ends another council's name in a list."""
    start = spot.start
    before = doc.text[max(spot.seg_start, start - 30) : start]
    prev = _PRECEDER_RE.search(before)
    if not prev:
        return False
    word = prev.group(1)
    if word.upper() == "NHS":
        return True
    # (unless the word ends another council's name: a list whose separator was lost,
    # "Birmingham; Coventry Knowsley; Manchester Rotherham and Slough")
    listed = (
        bool(mentions)
        and mentions[-1].end == start - 1
        and doc.text[start - 1] == " "
        and mentions[-1].auth != auth
    )
    return (
        word[0].isupper()
        and word.lower() not in V.NAME_PRECEDERS_OK
        and not _title_case(doc.seg_text(spot.seg))
        and not listed
    )


def _named_in_passing(doc: Doc, mentions: list[Mention], spot: _Spot, auth: Authority) -> bool:
    """The council is named in passing, not as a subject: in a body's name shared with
    another place or a region's, after or before words of passing ("neighbouring X", "X, its
    neighbour,"), after the council whose place it is ("St Helens in Lancashire"), or as the
    employer of someone sent to another council."""
    return (
        _in_shared_body(doc, mentions, spot)
        or _passing_words(doc, spot)
        or _place_of_council_before(doc, mentions, spot, auth)
        or _employer_of_one_sent(doc, spot)
    )


def _in_shared_body(doc: Doc, mentions: list[Mention], spot: _Spot) -> bool:
    """The name is part of a body's that a place which is no council shares ("the City &
    Hackney Safeguarding Children Board"), or of a body of all a region's councils ("the
    Pan-Lancashire Children's Safeguarding Assurance Partnership")."""
    start, end = spot.start, spot.end
    joint_before = _JOINT_BODY_AFTER_RE.match(doc.lower, end) and _JOINT_BEFORE_RE.search(
        doc.text, max(spot.seg_start, start - 30), start
    )
    # ... unless the place named first is a council too ("the Leicestershire and Rutland
    # LSCB" is both councils' board)
    joint = bool(joint_before) and not (
        mentions and joint_before is not None and mentions[-1].end > joint_before.start()
    )
    # "the Pan-Lancashire Children's Safeguarding Assurance Partnership": a body of all
    # the county's councils, named for the region
    pan = doc.lower.endswith(("pan-", "pan "), max(0, start - 4), start)
    return joint or pan


def _passing_words(doc: Doc, spot: _Spot) -> bool:
    """Outside the title, words before or after the name that pass it by ("neighbouring X",
    "like X", "X, its neighbour,"), unless a neighbour's own news follows ("neighbouring X has
    been judged good")."""
    end, near = spot.end, spot.near
    return (
        spot.start >= doc.title_end
        and (
            bool(_PASSING_BEFORE_RE.search(near))
            or _PASSING_AFTER_RE.match(doc.lower, _after_suffix(doc.lower, end)) is not None
        )
        and not (
            _NEIGHBOURING_BEFORE_RE.search(near)
            and _OWN_NEWS_AFTER_RE.match(doc.lower, _after_suffix(doc.lower, end))
        )
    )


def _place_of_council_before(
    doc: Doc, mentions: list[Mention], spot: _Spot, auth: Authority
) -> bool:
    """Another council named just before in the same sentence, then " in " and this one: where
    the council before it is ("St Helens in Lancashire")."""
    return (
        bool(mentions)
        and mentions[-1].seg == spot.seg
        and doc.lower[mentions[-1].end : spot.start] == " in "
        and mentions[-1].auth != auth
    )


def _employer_of_one_sent(doc: Doc, spot: _Spot) -> bool:
    """The council of someone sent to another one: named beside its chief executive's or
    director's title in a sentence about a commissioner or advisers ("Hampshire CC's chief
    executive ... appointed children's commissioner at West Sussex")."""
    return bool(
        (
            _EMPLOYER_BEFORE_RE.search(spot.near)
            or _EMPLOYER_AFTER_RE.match(doc.lower, _after_suffix(doc.lower, spot.end))
        )
        and _SENT_IN_RE.search(doc.seg_text(spot.seg).lower())
    )


def _named_strongly(doc: Doc, spot: _Spot, variant: str) -> bool:
    """Something says the name is the council itself: "Council" (or "'s children's services")
    after it, an acronym the council uses for itself ("KCC"), or words before it that make it
    the one inspected or served ("inspection of X", "children's services in X")."""
    return (
        bool(_SUFFIX_RE.match(spot.after))
        or variant in council_acronyms()  # "KCC" names the council itself, as "Kent Council"
        or bool(_BEFORE_STRONG_RE.search(spot.near))
    )


_LIST_GAP_RE = re.compile(r"^(?:'s)?(?: council)?\s*(?:,|,?\s*(?:and|or|&))\s*$")


def _runs(doc: Doc, mentions: list[Mention]) -> Iterator[list[Mention]]:
    """Runs of council names in one sentence joined by commas, "and", "or" or "&" (a single
    name is a run of one)."""
    chain: list[Mention] = []
    for m in mentions:
        if (
            chain
            and m.seg == chain[-1].seg
            and _LIST_GAP_RE.match(doc.lower[chain[-1].end : m.start])
        ):
            chain.append(m)
            continue
        if chain:
            yield chain
        chain = [m]
    if chain:
        yield chain


_OPERATOR_BEFORE_RE = re.compile(
    r"\b(?:services?|social care|department),? (?:(?:are|is|being) )?(?:run|managed|operated|"
    r"delivered) by\s+(?:the\s+)?$"
)


def _own_operator(doc: Doc, mentions: list[Mention]) -> None:
    """A council that runs another's services ("run by Hampshire County Council") is named in
    passing; where no other council is named, the services it runs are its own ("children's
    services run by Norfolk County Council"), and it is the subject (not of a setting it runs:
    "children's homes run by X")."""
    if not mentions or any(not m.passing for m in mentions):
        return
    for m in mentions:
        seg_start = doc.segs[m.seg][0]
        if _OPERATOR_BEFORE_RE.search(doc.lower, max(seg_start, m.start - 40), m.start):
            m.passing = False


def _pass_along_lists(doc: Doc, mentions: list[Mention]) -> None:
    """A list of councils named in passing is named in passing throughout: "councils such as
    Leeds and Hampshire", "neighbouring Kent, Surrey and Sussex" (a list: joined by "and" or
    "or" somewhere, so "Compared with Derby, Nottingham was ..." is not one)."""
    for chain in _runs(doc, mentions):
        if len(chain) >= 2 and chain[0].passing:
            gaps = [doc.lower[a.end : b.start] for a, b in itertools.pairwise(chain)]
            if any(re.search(r"\b(?:and|or)\b|&", gap) for gap in gaps):
                for member in chain[1:]:
                    member.passing, member.strong = True, False


# "puts the borough in line with the three other London councils inspected this year: A, B
# and C were all told ...": the others a story compares its council with
_COMPARED_OTHERS_RE = re.compile(
    r"\b(?:in line with|compared (?:with|to)|in comparison with|the same as|alongside|like)\b"
    r"[^.;]{0,80}?\bother\b[^.;]*$"
)


# "The report comes around a year after children's services in A and B were criticised": the
# earlier events a story sets its own after
_EARLIER_EVENT_RE = re.compile(r"\b(?:comes?|came|follows?|followed)\b[^.;]{0,40}?\bafter\b[^.;]*$")


def _pass_comparison_lists(doc: Doc, mentions: list[Mention]) -> None:
    """A list of councils the story compares its own with ("in line with the three other
    councils inspected this year: A, B and C"), or sets its news after ("comes a year after A
    and B were rated inadequate"), is named in passing, when some council outside the list is
    named too."""
    for chain in _runs(doc, mentions):
        if any(c.passing for c in chain):
            continue
        seg_start = doc.segs[chain[0].seg][0]
        before = doc.lower[seg_start : chain[0].start]
        if not (
            (len(chain) >= 2 and _COMPARED_OTHERS_RE.search(before))
            or _EARLIER_EVENT_RE.search(before)
        ):
            continue
        members = {c.auth for c in chain}
        if not any(m.auth not in members for m in mentions):
            continue
        for m in mentions:
            if m.auth in members and m.seg == chain[0].seg:
                m.passing, m.strong = True, False


def _list_chains(doc: Doc, runs: list[list[Mention]]) -> dict[int, int]:
    """For each mention (by id) the length of the list of councils it stands in ("Birmingham,
    Calderdale, Doncaster and Essex"), none of them named in passing."""
    out: dict[int, int] = {}
    for chain in runs:
        lead = doc.lower[max(doc.segs[chain[0].seg][0], chain[0].start - 20) : chain[0].start]
        size = len({c.auth for c in chain})
        if any(c.passing for c in chain) or _EXAMPLES_BEFORE_RE.search(lead):
            size = 0  # a comparison's examples, not a list of results
        for c in chain:
            out[id(c)] = size
    return out


# "All five areas visited -", "the three councils inspected,": a count just before its list
_COUNT_BEFORE_LIST_RE = re.compile(
    r"\b(two|three|four|five|six|seven|eight|nine|ten|[2-9]|10) (?:\w+ )?(?:areas|councils|"
    r"authorities|local authorities|boroughs|counties)\b(?: \w+){0,2}\W{0,4}$"
)


def _counted_complete_list(doc: Doc, runs: list[list[Mention]]) -> set[Authority]:
    """The councils of a list whose count is stated just before it and matches it ("All five
    areas visited - A, B, C, D and E"); empty when no such list."""
    for chain in runs:
        members = {c.auth for c in chain}
        if len(members) < 2 or any(c.passing for c in chain):
            continue
        seg_start = doc.segs[chain[0].seg][0]
        lead = doc.lower[max(seg_start, chain[0].start - 60) : chain[0].start]
        m = _COUNT_BEFORE_LIST_RE.search(lead)
        if m is None:
            continue
        word = m.group(1)
        count = small_number(word)
        if count == len(members):
            return members
    return set()


_COUNT_NOUN_RE = re.compile(
    r"\b(two|three|four|five|six|seven|eight|nine|ten|[2-9]|10) (?:\w+ ){0,2}?(?:councils|"
    r"authorities|local authorities|boroughs|counties|areas)\b"
)


def _counted_before(doc: Doc, runs: list[list[Mention]], grade_segs: set[int]) -> set[Authority]:
    """The councils of a list whose number the sentence before, one giving a grade, states
    ("Two London boroughs have become the first to be rated outstanding. ... Kensington and
    Chelsea, and Westminster ...")."""
    out: set[Authority] = set()
    for run in runs:
        members = {c.auth for c in run}
        prev = run[0].seg - 1
        if len(members) < 2 or any(c.passing for c in run) or prev < 0 or prev not in grade_segs:
            continue
        for m in _COUNT_NOUN_RE.finditer(doc.seg_text(prev).lower()):
            if small_number(m.group(1)) == len(members):
                out |= members
    return out


def _name_row_seg(
    doc: Doc, seg: int, per_seg: dict[int, set[Authority]], first: dict[int, Mention]
) -> bool:
    """The line is one council's name and nothing else (``first``: each line's first name)."""
    return seg in first and _name_row(doc, first[seg], per_seg)


def _name_row(doc: Doc, m: Mention, per_seg: dict[int, set[Authority]]) -> bool:
    if len(per_seg.get(m.seg, ())) != 1:
        return False
    start, end = doc.segs[m.seg]
    rest = doc.lower[_after_suffix(doc.lower, m.end) : end].strip(" .,;:*\t")
    return not rest and _NAME_ROW_RE.match(doc.lower[start : m.start]) is not None


def _council_site(host: str) -> bool:
    """The host is a council's own site ("modgov.lbbd.gov.uk")."""
    return any(marker in host for marker in V.COUNCIL_SITE_MARKERS)


def _url_evidence(url: str | None) -> tuple[dict[Authority, float], bool]:
    """The councils a web address names, by its host and its path, and whether it is a
    council's own site."""
    if not url:
        return {}, False
    index = council_index()
    try:
        parts = urlsplit(url if "//" in url else f"//{url}")
        host = (parts.hostname or "").lower()
    except ValueError:  # "http://[not an address]/": no host to read councils from
        return {}, False
    site = _council_site(host)
    found: dict[Authority, float] = {}
    for label in host.split("."):
        if label in {"www", "co", "uk", "com", "org", "net", "gov", "news", "feeds"}:
            continue
        # "bracknell-forest.gov.uk": a council's name is one label, its words hyphenated
        label = label.replace("-", "") if site else label
        own = index.acronyms.get(label) if site else None
        if own is not None:  # "modgov.lbbd.gov.uk": the council's own site
            found[own] = max(found.get(own, 0.0), 6.0)
            continue
        for length in range(len(label), 3, -1):
            auth = index.compact.get(label[:length])
            if auth is None:
                continue
            if label.startswith("shire", length):
                break  # "yorkshirepost": the county's name, not York's
            if auth.former and not site:
                break
            if site and length == len(label):
                found[auth] = max(found.get(auth, 0.0), 6.0)
            else:
                found[auth] = max(found.get(auth, 0.0), 3.0)
            break
    slug = re.sub(r"[^a-z0-9]+", " ", unquote(parts.path).lower())
    for end_idx, (key, (auth, _variant)) in index.automaton.iter(slug):
        start = end_idx - len(key) + 1
        if auth is not None and bounded(slug, start, end_idx + 1) and not auth.former:
            found[auth] = max(found.get(auth, 0.0), 2.0)
    return found, site


def _beside_outcome(doc: Doc, mentions: list[Mention], terms: Terms) -> bool:
    """A (non-passing) mention shares its sentence with an area SEND outcome in the 2023
    framework's words, or with an inspection type named outright ("a joint inspection")."""
    outcome_segs = {
        doc.seg_of(start)
        for start, _e, phrase, kind, payload in terms.hits
        if (kind == "send" and phrase in V.SEND_OUTCOME_NAMES)
        or (kind == "type" and payload[1] >= V.FRAMEWORK_NAMED)
    }
    return any(m.seg in outcome_segs and not m.passing for m in mentions)


@dataclass
class CouncilResult:
    chosen: list[Authority]
    scores: dict[Authority, float]
    roundup: bool
    evidence: dict[str, dict[str, str]]  # official name -> {"alias": ..., "sentence": ...}
    # successors added only because they share a named one's service (`_sibling_successors`)
    siblings: frozenset[str] = frozenset()


@dataclass
class _Story:
    """Where a story names its councils, read once (:func:`_index_mentions`); the steps of
    :func:`choose_councils` after only read it."""

    doc: Doc
    mentions: list[Mention]
    terms: Terms
    grade_segs: set[int]
    graded: set[Authority] | None  # the councils a current grade is said of
    per_seg: defaultdict[int, set[Authority]]  # each sentence's councils
    passing_in: defaultdict[int, set[Authority]]  # each sentence's councils named in passing
    first_of_seg: dict[int, Mention]  # each sentence's first name
    runs: list[list[Mention]]  # the lists of names, found once for the rules below
    chains: dict[int, int]  # id of a mention -> the length of the list it is in


@dataclass
class _Tally:
    """What the councils score, step by step: each step of :func:`choose_councils` may add to a
    council's score and to the councils confirmed, in a roundup or given a result by a list."""

    scores: defaultdict[Authority, float] = field(default_factory=lambda: defaultdict(float))
    confirmed: set[Authority] = field(default_factory=set)
    # given a result by a list of three or more councils
    list_given: set[Authority] = field(default_factory=set)
    roundup_members: set[Authority] = field(default_factory=set)
    best: dict[Authority, tuple[float, Mention]] = field(default_factory=dict)  # its top mention


def choose_councils(
    doc: Doc,
    mentions: list[Mention],
    terms: Terms,
    grade_segs: set[int],
    url: str | None,
    published: dt.date | None,
    graded: set[Authority] | None = None,
) -> CouncilResult:
    """Score every council named (see the module docstring) and keep the subjects. ``graded``
    are the councils a current grade is said of: when that is one council, the others are
    background (a partner, a neighbour) and count half."""
    story = _index_mentions(doc, mentions, terms, grade_segs, graded)
    tally = _Tally()
    for m in mentions:
        _score_mention(story, tally, m)
    _counted_before_bonus(story, tally)
    from_url = _url_bonus(story, tally, url)
    _roundup_rules(story, tally)
    _confirm(story, tally)
    _discount(story, tally, published)
    chosen = _as_counted(story, tally, _kept(story, tally))
    return _result(story, tally, chosen, from_url, url, published)


def _index_mentions(
    doc: Doc,
    mentions: list[Mention],
    terms: Terms,
    grade_segs: set[int],
    graded: set[Authority] | None,
) -> _Story:
    """Each sentence's councils (all, and those in passing), its first name, and the lists."""
    per_seg: defaultdict[int, set[Authority]] = defaultdict(set)
    passing_in: defaultdict[int, set[Authority]] = defaultdict(set)
    first_of_seg: dict[int, Mention] = {}
    for m in mentions:
        per_seg[m.seg].add(m.auth)
        first_of_seg.setdefault(m.seg, m)
        if m.passing:
            passing_in[m.seg].add(m.auth)
    runs = list(_runs(doc, mentions))  # the lists of names, found once for the rules below
    chains = _list_chains(doc, runs)
    return _Story(
        doc, mentions, terms, grade_segs, graded, per_seg, passing_in, first_of_seg, runs, chains
    )


def _list_heading(story: _Story, m: Mention) -> tuple[bool, int]:
    """Whether a mention's sentence is a list of councils, and which sentence heads the list."""
    doc, per_seg, passing_in = story.doc, story.per_seg, story.passing_in
    prev_seg = m.seg - 1
    # a list after "... rated inadequate:" or a sentence of three or more councils after
    # one with a grade ("12 councils were judged to be performing poorly. They are X, Y, Z")
    in_list = prev_seg >= 0 and (
        doc.seg_text(prev_seg).rstrip().endswith(":")
        or (
            len(per_seg[m.seg] - passing_in.get(m.seg, set())) >= 3
            and _LIST_OPENING_RE.match(doc.lower, doc.segs[m.seg][0]) is not None
        )
    )
    if not in_list and _name_row(doc, m, per_seg):
        # a column of names under a heading: the heading is the first line above them that
        # is not one
        head = prev_seg
        while head >= 0 and _name_row_seg(doc, head, per_seg, story.first_of_seg):
            head -= 1
        if head >= 0 and head < prev_seg:
            prev_seg, in_list = head, True
        elif head >= 0:
            in_list = True
    return in_list, prev_seg


def _place_score(story: _Story, tally: _Tally, m: Mention, eventful: bool) -> float:
    """A mention's score by its place (title, lead, header), its words, an inspection beside it."""
    doc = story.doc
    lead_end = doc.title_end + LEAD_CHARS
    score = 1.0
    if m.start < doc.title_end:
        score += 3.0
        tally.confirmed.add(m.auth)
    elif m.start < lead_end:
        score += 1.0
    if m.strong:
        score += 2.0
        tally.confirmed.add(m.auth)
    if eventful:
        score += 1.0
    seg_text = doc.seg_text(m.seg)
    if len(seg_text) < 70 and _HEADER_RE.match(seg_text) and m.start >= doc.title_end:
        score += 1.0
    return score


def _score_mention(story: _Story, tally: _Tally, m: Mention) -> None:
    """What one mention adds to its council's score, roundups, results by list and best mention."""
    doc, terms, grade_segs = story.doc, story.terms, story.grade_segs
    per_seg, passing_in = story.per_seg, story.passing_in
    if m.passing:
        tally.scores[m.auth] += 0.5
        return
    seg_terms = terms.by_seg.get(m.seg, [])
    kinds = {kind for _, kind, _ in seg_terms}
    typed = any(kind == "type" and p[1] >= 1.5 for _, kind, p in seg_terms)
    eventful = "event" in kinds or typed or m.seg in grade_segs
    in_list, prev_seg = _list_heading(story, m)
    if in_list and (
        prev_seg in grade_segs or any(k == "type" for _, k, _ in terms.by_seg.get(prev_seg, []))
    ):
        eventful = True
    score = _place_score(story, tally, m, eventful)
    seg_text = doc.seg_text(m.seg)
    seg_lower = seg_text.lower()
    several = len(per_seg[m.seg] - passing_in.get(m.seg, set())) >= 2
    counted = bool(_COUNTED_MEMBER_RE.search(doc.lower, doc.segs[m.seg][0], m.start)) and (
        eventful or _RESULT_VERB_RE.search(seg_lower) is not None
    )
    # three or more councils listed in a sentence that gives the older unannounced
    # inspections' finding ("inspectors found areas for priority action in X, Y and Z"):
    # those inspections gave no grade, so no grade sentence makes their roundups
    listed = "ungraded_old" in kinds and len(per_seg[m.seg] - passing_in.get(m.seg, set())) >= 3
    # "Derby: inconsistent experiences and outcomes": a row giving an area SEND outcome, as
    # "Barnsley - outstanding" gives a grade
    outcome_row = (
        "send" in kinds
        and not doc.lower[doc.segs[m.seg][0] : m.start].strip(" -*•>\t")
        and _ROW_LABEL_RE.match(doc.lower, _after_suffix(doc.lower, m.end)) is not None
    )
    if outcome_row:
        eventful = True
        score += 1.0
        tally.confirmed.add(m.auth)
    chain = story.chains.get(id(m), 0)
    result_list = chain >= 3 and (
        _LIST_RESULT_RE.search(seg_lower) is not None
        # "... found to be inadequate has risen to four. Those councils were X, Y and Z."
        or (in_list and _LIST_RESULT_RE.search(doc.seg_text(prev_seg).lower()) is not None)
    )
    if result_list:
        eventful = True
        tally.confirmed.add(m.auth)
        tally.list_given.add(m.auth)
    if (
        (several and (m.seg in grade_segs or typed))
        or (in_list and prev_seg in grade_segs)
        or result_list
        or counted
        or listed
        or outcome_row
    ):
        score += 2.0
        tally.roundup_members.add(m.auth)
    if "peer review" in seg_text.lower() or "review" in {p for p, k, _ in seg_terms if k == "neg"}:
        score -= 2.0
    tally.scores[m.auth] += score
    if m.auth not in tally.best or score > tally.best[m.auth][0]:
        tally.best[m.auth] = (score, m)


def _counted_before_bonus(story: _Story, tally: _Tally) -> None:
    """The councils of a list a graded sentence before it counts: each scores, in a roundup."""
    # "Two London boroughs have become the first to be rated outstanding. ... Ofsted said
    # Kensington and Chelsea, and Westminster ...": a sentence with a grade counts councils,
    # the next names as many
    for auth in _counted_before(story.doc, story.runs, story.grade_segs):
        tally.scores[auth] += 3.0
        tally.roundup_members.add(auth)
        tally.list_given.add(auth)
        tally.confirmed.add(auth)


def _url_bonus(story: _Story, tally: _Tally, url: str | None) -> dict[Authority, float]:
    """The councils the web address names, scored when the story names them or names none."""
    from_url, council_site = _url_evidence(url)
    mentioned = {m.auth for m in story.mentions}
    # "readingchronicle.co.uk" on a story naming Wokingham Borough Council, and Reading
    # nowhere: a local paper's town covers its neighbours too, so its web address names the
    # story's council only when the story names none
    others_named = not council_site and any(not m.passing for m in story.mentions)
    for auth, bonus in from_url.items():
        if others_named and auth not in mentioned:
            continue
        tally.scores[auth] += bonus
        tally.confirmed.add(auth)
    return from_url


def _roundup_rules(story: _Story, tally: _Tally) -> None:
    """Roundups: three or more councils each graded, a list given one result (joint, "both")."""
    doc, graded, scores = story.doc, story.graded, tally.scores
    if graded is not None and len(graded) >= 3:
        # a roundup told a council a sentence ("Sheffield was rated good. ... Inspectors
        # rated Thurrock inadequate."): each council a current grade is said of is a subject
        for auth in graded:
            if auth in scores:
                scores[auth] += 1.0
                tally.roundup_members.add(auth)
    # councils that run one service together ("Kensington and Chelsea and Westminster, who
    # deliver the service jointly"): what is said of the service is said of each of them
    for run in story.runs:
        members = {c.auth for c in run}
        if len(members) >= 2 and not any(c.passing for c in run):
            seg_start, seg_end = doc.segs[run[0].seg]
            if _JOINT_SERVICE_RE.search(doc.lower, seg_start, seg_end) and not _joint_ended(
                doc.lower
            ):
                top_member = max(scores[a] for a in members)
                for auth in members:
                    scores[auth] = max(scores[auth], top_member)
                    tally.roundup_members.add(auth)
                    tally.list_given.add(auth)  # given the grade the one service is given
            elif _BOTH_AFTER_RE.match(doc.lower, _after_suffix(doc.lower, run[-1].end)) or (
                doc.lower.endswith("both ", seg_start, run[0].start)
            ):
                # "Lewisham and Tower Hamlets are both said to be providing 'excellent'
                # performance", "both Sutton and Merton were rated good": one result for each
                top_member = max(scores[a] for a in members)
                for auth in members:
                    scores[auth] = max(scores[auth], top_member)
                    tally.roundup_members.add(auth)
                    tally.list_given.add(auth)


def _confirm(story: _Story, tally: _Tally) -> None:
    """Which councils are confirmed (not a town or a surname): in a roundup, graded, in a list."""
    confirmed = tally.confirmed
    confirmed |= tally.roundup_members
    if story.graded:
        # a current rating said of an ambiguous name ("Derby: good", "Reading was rated
        # inadequate") makes it the council, not a town, a team or a race
        confirmed |= story.graded
    # an ambiguous name ("Kent", "Reading", "Bury") in a list of three or more councils is one
    # of them, not a surname or a town
    for m in story.mentions:
        if not m.passing and len(story.per_seg[m.seg] - story.passing_in.get(m.seg, set())) >= 3:
            confirmed.add(m.auth)


def _discount(story: _Story, tally: _Tally, published: dt.date | None) -> None:
    """Which scores halve: beside a lone graded council, ambiguous unconfirmed, long abolished."""
    graded, list_given, scores = story.graded, tally.list_given, tally.scores
    lone_subject = graded is not None and len(graded) == 1
    for auth in list(scores):
        if lone_subject and graded is not None and auth not in graded | list_given:
            # one council graded: the others are partners or neighbours, unless a list gave
            # them a result too
            scores[auth] *= 0.5
        ambiguous = auth.name.lower() in V.AMBIGUOUS_NAMES or any(
            m.surface.lower() in V.AMBIGUOUS_NAMES for m in story.mentions if m.auth == auth
        )
        if ambiguous and auth not in tally.confirmed:
            scores[auth] *= 0.5
        if (
            auth.former
            and published
            and auth.end_year
            and published.year > auth.end_year + 1
            and auth.name not in V.SHARED_SERVICE_FORMERS  # its trust still bears the name
        ):
            scores[auth] *= 0.5


def _kept(story: _Story, tally: _Tally) -> list[Authority]:
    """Which councils the scores keep: >= 3 and >= 40% of the best, told a result, the only one."""
    doc, mentions, terms, graded = story.doc, story.mentions, story.terms, story.graded
    list_given, scores = tally.list_given, tally.scores
    chosen: list[Authority] = []
    if scores:
        top = max(scores.values())
        order = sorted(scores, key=lambda a: (-scores[a], a.name))
        # a roundup told a council a sentence: each council given its own current grade is a
        # subject however much more the headline's councils score ("Barnet outstanding as
        # Torbay leaves inadequate ... And Southend-on-Sea ... have been rated good")
        told = graded if graded is not None and len(graded) >= 3 else set()
        # so is each council a list gives a result ("rated inadequate at Birmingham, Doncaster,
        # Essex and Reading councils"), however often the story names its lead council
        told = told | list_given
        if list_given and graded:
            # and, beside them, a council given its own grade ("The third member of the
            # Tri-borough, Hammersmith and Fulham, was rated good")
            told |= graded
        # (a council told its own grade is a subject however little it scores otherwise: the
        # Tri-borough's third member, named once, paragraphs past the lead, still scores 2)
        chosen = [
            a
            for a in order
            if (scores[a] >= 3.0 and scores[a] >= 0.4 * top) or (a in told and scores[a] >= 2.0)
        ]
        if not chosen and len(order) == 1 and top >= 2.0:
            chosen = order  # the only council named, once, beside the inspection
        elif (
            not chosen and len(order) == 1 and top >= 1.5 and _beside_outcome(doc, mentions, terms)
        ):
            # "Children with SEND in Halton have inconsistent experiences and outcomes": an
            # area SEND inspection's subject is the local area, named as a place in the
            # sentence that gives the outcome
            chosen = order
    return chosen


def _as_counted(story: _Story, tally: _Tally, chosen: list[Authority]) -> list[Authority]:
    """The councils kept, made up to the headline's count, or cut to a list counted as whole."""
    doc, mentions, runs, graded = story.doc, story.mentions, story.runs, story.graded
    scores = tally.scores
    chosen = list(chosen)  # the caller's list is left as it was
    wanted = _headline_count(doc)
    if wanted and scores and len(chosen) < wanted:
        order = sorted(scores, key=lambda a: (-scores[a], a.name))
        # "Inspectors praise progress at two 'inadequate' councils", "Trio of councils rated
        # 'outstanding'": the headline counts the story's councils, so the next named ones
        # (each named outside passing, with a score of its own) make up the count
        named = {m.auth for m in mentions if not m.passing}
        extra = [a for a in order if a not in chosen and a in named and scores[a] >= 2.0]
        chosen += extra[: wanted - len(chosen)]
    complete = _counted_complete_list(doc, runs)
    if complete and len(chosen) > len(complete):
        # "All five areas visited - A, B, C, D and E - were found to ...": the count says the
        # list is the whole set, so a council also named beside it without a grade of its own
        # ("Two years on from the scandal in Rotherham") is background; one in another list
        # ("... and assessed those in Birmingham, Essex and Reading to be inadequate") is not
        in_lists = {c.auth for run in runs if len(run) >= 2 for c in run}
        chosen = [
            a
            for a in chosen
            if a in complete or a in in_lists or (graded is not None and a in graded)
        ]
    return chosen


def _evidence(
    story: _Story,
    tally: _Tally,
    chosen: list[Authority],
    from_url: dict[Authority, float],
    url: str | None,
) -> dict[str, dict[str, str]]:
    """Each kept council's evidence: its best mention's alias and sentence, or the web address."""
    evidence: dict[str, dict[str, str]] = {}
    for auth in chosen:
        if auth in tally.best:
            m = tally.best[auth][1]
            evidence[auth.name] = {
                "alias": m.surface,
                "sentence": story.doc.snippet(m.seg, m.start, m.end),
            }
        elif auth in from_url and url:
            evidence[auth.name] = {"alias": "(web address)", "sentence": url[:SNIPPET_CHARS]}
    return evidence


def _result(
    story: _Story,
    tally: _Tally,
    chosen: list[Authority],
    from_url: dict[Authority, float],
    url: str | None,
    published: dt.date | None,
) -> CouncilResult:
    """Whether the councils kept are a roundup, and abolished authorities replaced by successors."""
    doc, mentions, scores = story.doc, story.mentions, tally.scores
    roundup = len([a for a in chosen if a in tally.roundup_members]) >= 2
    evidence = _evidence(story, tally, chosen, from_url, url)
    year = published.year if published else doc.ref_year
    # an undated story naming the trust that runs a split county's shared service (set up just
    # before the split): the latest year such a text mentions is only a lower bound, and the
    # trust's inspections are its successors'
    trust_era = set() if published else {a for a in chosen if _named_as_trust(doc, mentions, a)}
    by_name = {a.name for a in chosen}
    chosen = _successors(chosen, evidence, published, year, trust_era)
    chosen = _sibling_successors(chosen, evidence, scores, published, year)
    # successors brought in by their abolished name (the trust) beside one named itself
    siblings = frozenset(
        a.name
        for a in chosen
        if a.name not in by_name
        and any(f.former and a.name in f.successors and by_name & set(f.successors) for f in scores)
    )
    for auth in chosen:
        if auth not in scores:  # a successor: as sure as the abolished name that stood for it
            scores[auth] = max(
                (scores[a] for a in scores if a.former and auth.name in a.successors), default=0.0
            )
    return CouncilResult(chosen, dict(scores), roundup, evidence, siblings)


_BOTH_AFTER_RE = re.compile(r"\s+(?:are|were|have|had|have been|had been|was) both\b")
_COUNT_WORDS = {"two": 2, "both": 2, "pair": 2, "three": 3, "trio": 3, "four": 4, "five": 5}
_HEADLINE_COUNT_RE = re.compile(
    r"\b(two|both|pair|three|trio|four|five)\b(?: of)?(?: [\w'‘’-]+){0,2} (?:councils|authorities|"
    r"local authorities|boroughs|counties|london boroughs)\b"
)


def _headline_count(doc: Doc) -> int:
    """The number of councils the headline says the story is about, or 0."""
    m = _HEADLINE_COUNT_RE.search(doc.lower, 0, doc.title_end)
    return _COUNT_WORDS[m.group(1)] if m else 0


def _sibling_successors(
    chosen: list[Authority],
    evidence: dict[str, dict[str, str]],
    scores: dict[Authority, float],
    published: dt.date | None,
    year: int | None,
) -> list[Authority]:
    """One successor of an abolished authority chosen while the abolished name is also named
    (its trust: "Children First Northamptonshire ... North Northamptonshire"): the shared
    service is both successors', so the others join."""
    out = list(chosen)
    current = council_index().current
    for former in scores:
        if former.name not in V.SHARED_SERVICE_FORMERS:
            continue
        if not former.ended_by(published, year) or len(former.successors) < 2:
            continue
        present = [a for a in out if a.name in former.successors]
        if not present:
            continue
        for name in former.successors:
            successor = current.get(name)
            if successor is not None and successor not in out:
                out.append(successor)
                evidence.setdefault(name, evidence[present[0].name])
    return out


_TRUST_AFTER_RE = re.compile(r"(?:'s)? children'?s trust\b")


def _named_as_trust(doc: Doc, mentions: list[Mention], auth: Authority) -> bool:
    """An abolished authority whose successors share one service, named as that service's
    trust ("Northamptonshire Children's Trust", "Children First Northamptonshire")."""
    if not (auth.former and auth.name in V.SHARED_SERVICE_FORMERS):
        return False
    return any(
        m.auth == auth
        and (
            _TRUST_AFTER_RE.match(doc.lower, m.end) is not None
            or doc.lower[max(0, m.start - 15) : m.start] == "children first "
        )
        for m in mentions
    )


def _successors(
    chosen: list[Authority],
    evidence: dict[str, dict[str, str]],
    published: dt.date | None,
    year: int | None,
    trust_era: set[Authority] | frozenset[Authority] = frozenset(),
) -> list[Authority]:
    """An abolished authority named in a story from after its end stands for its successors
    (a 2024 story about "Northamptonshire Children's Trust" is about North and West
    Northamptonshire), as does one in ``trust_era`` (an undated story naming the trust)."""
    out: list[Authority] = []
    current = council_index().current
    for auth in chosen:
        if (auth.ended_by(published, year) or auth in trust_era) and auth.successors:
            for name in auth.successors:
                successor = current.get(name)
                if successor is not None and successor not in out:
                    out.append(successor)
                    if name not in evidence and auth.name in evidence:
                        evidence[name] = evidence[auth.name]
            evidence.pop(auth.name, None)
        elif auth not in out:
            out.append(auth)
    return out
