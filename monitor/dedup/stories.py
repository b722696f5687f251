"""Stories: which inspection event a sighting reports.

An inspection event is (council, inspection type, inspection or publication date); its story
holds the Ofsted report and every article about it. A sighting (council, type, judgement,
dates) attaches to the event it reports:

- same council, inspection type in the same family (full and short ILACS and SIF are one
  family; a focused visit, a monitoring visit, a JTAI and an area SEND inspection are each
  their own), and a date within ``STORY_WINDOW`` of the story's publication or inspection
  date; between two candidates, the one with the same judgement, then the nearest, wins;
- a sighting with no type joins the council's only story in the window, or none;
- a sighting whose own event dates are more than ``RECALL_AGE`` before it appeared recalls an
  older event: it attaches to the newer event it appeared beside (any type, the council's only
  story in the window around its publication), or to none, and never starts an event. Only
  this event's dates count: an earlier inspection an article mentions never dates it (the
  analyser gives this inspection's dates only; an article with none is dated by its own
  publication);
- an undated sighting (no date in its feed item or on its page, as council minutes and some
  trade pages are) is dated by the day it was first found, which for a monitor that runs every
  few hours is within a day of its publication (not in a feed's baseline, whose pages may be of
  any age); dated so loosely, it never joins a story that gives another grade, and it never
  starts one (``decide.reports_new_event`` wants a date);
- Ofsted publishes one children's social care report for a council at a time (a graded
  inspection, a focused visit and a monitoring visit come months apart), and the press covers
  it within days: a sighting of that programme that fits no story of its own family joins the
  council's story of the programme within ``PROGRAMME_WINDOW`` (the nearest) instead of
  starting a second event (an article that misreads a focused visit as the full inspection, or
  mentions the visit before, would otherwise alert again). Joint targeted area and area SEND
  inspections are other programmes, which can fall in the same weeks;
- a graded sighting that states no date of its own and gives the grade of the council's
  latest graded story, within ``GRADE_STANDS`` after it (``INADEQUATE_STANDS`` for an
  inadequate grade, which stands until the re-inspection), reports that grade (a blog on the
  minister's letter months after the report), not a new inspection: it joins that story and
  starts none (a council is graded once in years; a re-inspection that gave the same grade
  within the year would reach users by its report, not by such an article);
- so does an area SEND or JTAI sighting with no date of its own within ``PROGRAMME_STANDS``
  after the council's latest story of that programme (a board's update on the written
  statement of action months after the report): those programmes come once in years; and a
  focused visit sighting with no date of its own within ``FOCUSED_STANDS`` of the council's
  latest focused visit (they come months apart at the closest; monitoring visits do not);
- a dated sighting that fits no story of its own programme and that no rule above places,
  within ``SAME_DAYS`` of the council's story of another programme, joins that story (the
  nearest) and starts none: the press covers a report the day it comes out or the next, and
  an article that reads as another programme that day mostly misreads it (an ILACS story that
  recalls the area SEND inspection). A report never joins another programme's story this way,
  so a second report of the same days still alerts;
- a report that fits no story joins the story news started for it before it arrived (no
  report yet, its family, dated after the report within the time that programme's news
  stands: :func:`awaited_report_story`) instead of alerting again;
- articles that waited (relevant, linked to no story of their council because their event was
  unclear) are adopted by a report's story when :func:`adopts` says they fit it: same
  family or untyped, published (or, undated, first found) within ``STORY_WINDOW`` of the
  story's dates; or of its family, published later, giving an event date within
  ``PROGRAMME_WINDOW`` of the story's (a council's paper months after the report, read before
  it), as :func:`recalled_story` links such an article read after the report.

What it gets wrong: two genuinely different events of one council and family inside the
window (rare: Ofsted visits a council at most every few months) become one; a feature weeks
after a report with no type starts nothing and joins only when it is unambiguous. Widen or
narrow ``STORY_WINDOW`` to trade one for the other.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Protocol, TypeVar

from monitor.inspections import ALL_GRADES, GRADES, family

STORY_WINDOW = timedelta(days=45)
# one report of the children's social care programme at a time: coverage within this of one
# is about it, whatever type it reads as
PROGRAMME_WINDOW = timedelta(days=14)
# ... and the press covers a report within days of it: coverage this close to a council's
# report of another programme is about that report (`same_days_story`)
SAME_DAYS = timedelta(days=2)
SOCIAL_CARE_FAMILIES = frozenset({"graded", "focused_visit", "monitoring_visit"})
RECALL_AGE = timedelta(days=120)
# a council's graded inspections are years apart: within this of one, its grade is still news
GRADE_STANDS = timedelta(days=365)
# ... and an inadequate grade stands until the re-inspection, two or three years on: the
# commissioners, trusts and monitoring visits that follow it keep it in the news that long
INADEQUATE_STANDS = timedelta(days=3 * 365)
# an area SEND inspection or a JTAI comes once in years (an area SEND revisit or monitoring
# inspection some eighteen months on at the soonest): within this of one, an article of that
# programme with no date of its own is still about it (a written answer in Parliament on the
# improvement notice sixteen months after the report, blind round 148)
PROGRAMME_STANDS = timedelta(days=540)
_ONCE_IN_YEARS = frozenset({"area_send", "jtai"})
# a focused visit comes between a council's graded inspections, months apart at the closest
# (monitoring visits, every few months, are not counted so): within this of one, a focused
# visit article with no date of its own is still about it
FOCUSED_STANDS = timedelta(days=180)
# the regimes before 2013 (annual performance assessments, safeguarding and looked after
# children inspections, all family "other") graded a council every year or so: within half a
# year of one, its grade is still news
OLDER_REGIME_STANDS = timedelta(days=180)
# how long an undated sighting of each such programme stays its latest story's
_STANDS = {p: PROGRAMME_STANDS for p in _ONCE_IN_YEARS} | {"focused_visit": FOCUSED_STANDS}
RECALLS = "recalls an older event"  # Placement.reason: link it, learn nothing from it
# Placement.reason: link it, learn nothing from it (its grade and dates are its misreading's)
OTHER_PROGRAMME = "another programme's story of the same days"


def event_id(ons_code: str, inspection_type: str | None, when: date | None) -> str:
    """A stable, readable id for an inspection event (the webhook's ``id``)."""
    day = when.isoformat() if when else "undated"
    return f"{ons_code}-{inspection_type or 'unknown'}-{day}"


class StoryLike(Protocol):
    @property
    def id(self) -> int | None: ...
    @property
    def ons_code(self) -> str: ...
    @property
    def inspection_type(self) -> str | None: ...
    @property
    def published(self) -> date | None: ...
    @property
    def inspection_date(self) -> date | None: ...


S = TypeVar("S", bound=StoryLike)


@dataclass(frozen=True)
class Sighting:
    """Something that reports an inspection event of one council.

    ``when`` is the date it is matched by (the report's publication date, else the day the
    sighting appeared); ``seen`` is the day the sighting itself appeared and ``event_date``
    the latest event date its text gives (report or inspection date), when known.
    """

    ons_code: str
    inspection_type: str | None
    when: date | None
    judgement: str | None = None
    seen: date | None = None
    event_date: date | None = None
    dated: bool = True  # False: no date of its own; ``seen`` is the day it was first found


@dataclass(frozen=True)
class Placement:
    """Where a sighting goes: an existing story, and whether it may start a new one."""

    story: StoryLike | None
    may_start: bool
    reason: str


def recalls_older_event(sighting: Sighting) -> bool:
    """The event the sighting's text dates lies long before it appeared: it looks back."""
    if sighting.event_date is None or sighting.seen is None:
        return False
    return sighting.seen - sighting.event_date > RECALL_AGE


def place(sighting: Sighting, stories: Iterable[StoryLike]) -> Placement:
    """The story this sighting reports, or None and whether it may start one."""
    stories = list(stories)
    if recalls_older_event(sighting):
        story = find_story(Sighting(sighting.ons_code, None, sighting.seen), stories)
        if story is None:  # no newer event beside it: the older event it dates, if stored
            story = recalled_story(sighting, stories)
        return Placement(story, False, RECALLS)
    story = find_story(sighting, stories)
    if story is not None:
        return Placement(story, False, "same event")
    if family(sighting.inspection_type) is None:
        return Placement(None, False, "no inspection type")
    near = programme_story(sighting, stories)
    if near is not None:
        return Placement(near, False, "same programme, days apart")
    standing = standing_grade_story(sighting, stories)
    if standing is not None:
        return Placement(standing, False, "the grade the council's latest inspection gave")
    latest = standing_programme_story(sighting, stories)
    if latest is not None:
        return Placement(latest, False, "the council's latest inspection of that programme")
    # (last: where an earlier rule places it, that rule's story is kept; this one only stops
    # a new event)
    same_days = same_days_story(sighting, stories)
    if same_days is not None:
        return Placement(same_days, False, OTHER_PROGRAMME)
    return Placement(None, True, "new event")


def recalled_story(sighting: Sighting, stories: Iterable[S]) -> S | None:
    """The story of the older event a sighting's text dates: the council's story of the
    sighting's programme dated within ``PROGRAMME_WINDOW`` of that event date, the nearest;
    else None.

    A council's cabinet paper or a follow-up story months after a report gives that
    inspection's dates ("the inspection between 2 and 13 March"): it is that event's
    coverage, linked to its story and lending it nothing (`RECALLS`). An untyped sighting
    links to no event this way."""
    programme = family(sighting.inspection_type)
    if programme is None or sighting.event_date is None:
        return None
    dated = Sighting(sighting.ons_code, sighting.inspection_type, sighting.event_date)
    return _nearest(
        dated, stories, PROGRAMME_WINDOW, lambda story: family(story.inspection_type) == programme
    )


def standing_grade_story(sighting: Sighting, stories: Iterable[S]) -> S | None:
    """The council's latest graded story, when a graded sighting that states no date of its
    own gives that story's grade within ``GRADE_STANDS`` after it; else None. Likewise for
    the regimes before 2013 (family "other"), within ``OLDER_REGIME_STANDS``.

    Ofsted grades a council's children's services once in years, so an article weeks or
    months after a report that gives the same grade and no dates of its own (a blog on the
    minister's letter, a scrutiny story, a feature) reports that grade, not a new inspection.
    """
    programme = family(sighting.inspection_type)
    if (
        programme not in ("graded", "other")
        or sighting.judgement not in (GRADES if programme == "graded" else ALL_GRADES)
        or sighting.event_date is not None
        or sighting.when is None
    ):
        return None
    found = _latest_of(stories, sighting.ons_code, programme, sighting.when)
    if found is None:
        return None
    day, latest = found
    if programme == "other":
        stands = OLDER_REGIME_STANDS
    else:
        stands = INADEQUATE_STANDS if sighting.judgement == "inadequate" else GRADE_STANDS
    if getattr(latest, "judgement", None) != sighting.judgement or sighting.when - day > stands:
        return None
    return latest


def _latest_of(
    stories: Iterable[S], ons_code: str, programme: str, when: date
) -> tuple[date, S] | None:
    """The council's latest story of a family dated on or before ``when``, and its date."""
    dated = [
        (day, story.id or 0, story)
        for story in stories
        if story.ons_code == ons_code
        and family(story.inspection_type) == programme
        and (day := story.published or story.inspection_date) is not None
        and day <= when
    ]
    if not dated:
        return None
    day, _id, latest = max(dated, key=lambda d: d[:2])
    return day, latest


def standing_programme_story(sighting: Sighting, stories: Iterable[S]) -> S | None:
    """The council's latest area SEND (or JTAI) story, when a sighting of that programme that
    states no date of its own comes within ``PROGRAMME_STANDS`` after it; likewise its latest
    focused visit within ``FOCUSED_STANDS`` (a local paper's story of the visit four months
    on); else None.

    A health and wellbeing board's update on the written statement of action eight months
    after the report, undated and ungraded, reports that inspection, not a new one (a revisit
    reaches users by its report, which always starts its own event)."""
    programme = family(sighting.inspection_type)
    stands = _STANDS.get(programme) if programme is not None else None
    if programme is None or stands is None or sighting.event_date or sighting.when is None:
        return None
    found = _latest_of(stories, sighting.ons_code, programme, sighting.when)
    if found is None:
        return None
    day, latest = found
    return latest if sighting.when - day <= stands else None


def awaited_report_story(sighting: Sighting, stories: Iterable[S]) -> S | None:
    """For a report that fits no story: the story news started for it before it arrived, when
    that story still has no report, is of the report's family, is dated on or after the
    report's publication (coverage weeks or months on) within the time that programme's news
    stands (``GRADE_STANDS``, ``INADEQUATE_STANDS`` for an inadequate grade, ``PROGRAMME_STANDS``,
    ``FOCUSED_STANDS``, ``OLDER_REGIME_STANDS``; monitoring visits come too often), and gives no
    event date after the report; the earliest such story, else None.

    A council's report comes once in that time, so coverage after it is of it: a cabinet
    paper four months after an outstanding grade, read before the report was (a monitor that
    started on news, a reports site that was down, ``monitor backfill``), is that report's
    story, and the report joins it instead of alerting a second time."""
    programme = family(sighting.inspection_type)
    if programme is None or sighting.when is None:
        return None
    after = []
    for story in stories:
        if story.ons_code != sighting.ons_code or getattr(story, "report_id", None) is not None:
            continue
        if family(story.inspection_type) != programme or story.published is None:
            continue
        if story.inspection_date is not None and story.inspection_date > sighting.when:
            continue  # it dates an event after this report
        if programme == "graded":
            inadequate = getattr(story, "judgement", None) == "inadequate"
            stands: timedelta | None = INADEQUATE_STANDS if inadequate else GRADE_STANDS
        elif programme == "other":
            stands = OLDER_REGIME_STANDS
        else:
            stands = _STANDS.get(programme)
        gap = story.published - sighting.when
        if stands is not None and timedelta(0) <= gap <= stands:
            after.append((gap, story.id or 0, story))
    return min(after, key=lambda a: a[:2])[2] if after else None


def programme_story(sighting: Sighting, stories: Iterable[S]) -> S | None:
    """The council's children's social care story within ``PROGRAMME_WINDOW`` of a sighting
    of that programme (graded inspection, focused or monitoring visit), the nearest; else None.
    Only for a sighting that fits no story of its own family."""
    if not sighting.dated or family(sighting.inspection_type) not in SOCIAL_CARE_FAMILIES:
        return None  # dated only by when it was found, it waits for its report instead
    return _nearest(
        sighting,
        stories,
        PROGRAMME_WINDOW,
        lambda story: family(story.inspection_type) in SOCIAL_CARE_FAMILIES,
    )


def same_days_story(sighting: Sighting, stories: Iterable[S]) -> S | None:
    """The council's story of another programme within ``SAME_DAYS`` of a dated sighting that
    fits no story of its own, the nearest; else None.

    The press covers a report the day it comes out or the next, and a council rarely has two
    reports of different programmes in the same few days; an article that day which reads as
    another programme mostly misreads the report (an ILACS story that recalls the area SEND
    inspection, a SEND story that gives the council's last grade). Joining it costs nothing
    when it was right: a report joins a story of another family only within the social care
    programme (`programme_story`), never a JTAI's or an area SEND inspection's, so the other
    report still alerts; only the article sits in the wrong story."""
    if not sighting.dated:
        return None  # dated only by when it was found, it waits for its report instead
    wanted = family(sighting.inspection_type)
    return _nearest(
        sighting, stories, SAME_DAYS, lambda story: family(story.inspection_type) != wanted
    )


def _nearest(
    sighting: Sighting, stories: Iterable[S], window: timedelta, fits: Callable[[S], bool]
) -> S | None:
    """The council's story that ``fits``, dated within ``window`` of the sighting: the nearest,
    then the oldest."""
    near = []
    for story in stories:
        if story.ons_code != sighting.ons_code or not fits(story):
            continue
        distance = _distance(sighting.when, story)
        if distance is not None and distance <= window:
            near.append((distance, story.id or 0, story))
    return min(near, key=lambda n: n[:2])[2] if near else None


def adopts(
    story: StoryLike,
    inspection_type: str | None,
    published: date | None,
    event_date: date | None = None,
) -> bool:
    """Does a report's story take in an article that waited for its event (the article's
    type, or None, its publication date and the date it gives of its event, if any)?

    Published within ``STORY_WINDOW`` of the story's dates, it does (same family or untyped).
    Published later, as a council's paper months after the report is, it does when it is of
    the story's family and gives an event date within ``PROGRAMME_WINDOW`` of the story's:
    the article an Ofsted-first monitor links to that story as recalling it
    (:func:`recalled_story`), taken in the same when the report is read after it."""
    wanted = family(inspection_type)
    if wanted is not None and family(story.inspection_type) not in (wanted, None):
        return False
    distance = _distance(published, story)
    if distance is not None and distance <= STORY_WINDOW:
        return True
    if wanted is None or family(story.inspection_type) != wanted:
        return False
    distance = _distance(event_date, story)
    return distance is not None and distance <= PROGRAMME_WINDOW


def find_story(sighting: Sighting, stories: Iterable[S]) -> S | None:
    """The existing story this sighting belongs to, or None for a new event."""
    wanted = family(sighting.inspection_type)
    candidates = []
    for story in stories:
        if story.ons_code != sighting.ons_code:
            continue
        if wanted is not None and family(story.inspection_type) not in (wanted, None):
            continue
        distance = _distance(sighting.when, story)
        if distance is None or distance > STORY_WINDOW:
            continue
        if not sighting.dated and _judgement_differs(sighting, story):
            continue  # dated only by when it was found: another grade is another event
        candidates.append((_judgement_differs(sighting, story), distance, story.id or 0, story))
    if not candidates:
        return None
    if wanted is None and len(candidates) > 1:
        return None  # an untyped sighting between two events: attach to neither
    candidates.sort(key=lambda c: c[:3])
    return candidates[0][3]


def _judgement_differs(sighting: Sighting, story: StoryLike) -> bool:
    theirs = getattr(story, "judgement", None)
    return sighting.judgement in GRADES and theirs in GRADES and theirs != sighting.judgement


def _distance(when: date | None, story: StoryLike) -> timedelta | None:
    if when is None:
        return None
    days = [d for d in (story.published, story.inspection_date) if d is not None]
    if not days:
        return None
    return min(abs(when - d) for d in days)
