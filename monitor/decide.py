"""What to do with one feed's items: a pure decision on plain values.

The cycle parses and analyses a feed's items, loads what the database knows about them in a
few set-based queries (:mod:`monitor.batch`), and asks :func:`decide` what each item is:

- **duplicate** (and why): its URL is stored and unchanged, or it repeats a stored text;
- **version** of a stored article: same canonical URL, changed text (it keeps its stories and
  may start one only if it had none);
- **new** article, possibly a **syndicated copy** of a stored one (the same text, or a
  near-duplicate that names the same councils): a copy joins every story of what it copies
  and never starts one;

and, for every relevant item, which stories it **joins** or **starts** (``dedup.stories``
places it) and which new stories get **alerts**. Items of one feed see each other: the second
of two items about one event joins the story the first starts.

Nothing here touches the database or the clock: ``now`` and every stored fact come in as
values, so each rule is a unit test on plain values (``tests/test_decide.py``).
:mod:`monitor.batch` applies the decisions in one transaction; if the process dies between
the two, nothing was written and the next cycle decides again.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta
from typing import Any, Literal

from monitor.analyze import Classification
from monitor.dedup.lsh import DUPLICATE_JACCARD, estimated_jaccard
from monitor.dedup.stories import OTHER_PROGRAMME, RECALLS, Sighting, event_id, place
from monitor.dedup.versions import changed_in_feed
from monitor.inspections import GRADED_TYPES


@dataclass(frozen=True)
class KnownArticle:
    """A stored article as far as deciding needs it (or one decided earlier in the batch,
    with a negative ``id``)."""

    id: int
    canonical_url: str
    content_hash: str
    title: str | None
    summary: str | None
    source: str
    ons_codes: tuple[str, ...] = ()
    duplicate_of: int | None = None
    story_ids: tuple[int, ...] = ()  # primary first


@dataclass(frozen=True)
class StoryView:
    """A story as placement needs it (``dedup.stories.StoryLike``); a negative ``id`` is a
    story planned earlier in this batch."""

    id: int | None
    event_id: str
    ons_code: str
    inspection_type: str | None
    published: date | None
    inspection_date: date | None
    judgement: str | None = None
    previous_judgement: str | None = None


@dataclass(frozen=True)
class Candidate:
    """One analysed feed item, ready to be decided."""

    canonical_url: str
    title: str | None
    summary: str | None
    content_hash: str
    source: str
    published: datetime | None
    cls: Classification
    signature: bytes | None = None
    page_read: bool = False
    fetch_articles: bool = False  # the source reads article pages
    row: dict[str, Any] = field(default_factory=dict)  # the article's columns, for apply

    @property
    def kept_signature(self) -> bytes | None:
        """The signature stored and indexed for later texts to match: a relevant article's
        only. Any text with a signature is matched against the index, but only relevant
        articles are originals: a copy whose lead names no council (not relevant on its own)
        stored first must not make the copies that name it, later, copies of nothing, with
        no story and no alert."""
        return self.signature if self.cls.relevant else None


@dataclass
class Known:
    """What the database knows about a batch (loaded by :func:`monitor.batch.load_known`)."""

    by_url: dict[str, KnownArticle] = field(default_factory=dict)
    by_hash: dict[str, KnownArticle] = field(default_factory=dict)
    near: dict[str, list[KnownArticle]] = field(default_factory=dict)  # canonical url -> ...
    stories: dict[str, list[StoryView]] = field(default_factory=dict)  # ons code -> stories


@dataclass(frozen=True)
class Policy:
    """The settings deciding needs."""

    tracked: frozenset[str]
    news_alert_window: timedelta
    baseline: bool


@dataclass(frozen=True)
class NewStory:
    id: int  # negative: a placeholder until applied
    council: str
    view: StoryView
    first_seen_via: str
    alert: bool


@dataclass
class Decision:
    """What one item is, and what it does to the stories."""

    kind: Literal["duplicate", "new", "version"]
    reason: str = ""
    article_id: int | None = None  # the stored article (version), or the placeholder (new)
    copy_of: int | None = None  # the article this one repeats (may be a placeholder)
    ons_codes: tuple[str, ...] = ()  # article_council rows to add
    links: list[int] = field(default_factory=list)  # stories to link, primary first
    new_stories: list[NewStory] = field(default_factory=list)
    fills: dict[int, dict[str, Any]] = field(default_factory=dict)  # story id -> fields
    already: tuple[int, ...] = ()  # stories the article covered before

    @property
    def joined(self) -> bool:
        """Did it join a story it did not cover before (other than one it started)?"""
        started = {s.id for s in self.new_stories}
        return any(i not in self.already and i not in started for i in self.links)

    @property
    def alerts(self) -> int:
        return sum(1 for s in self.new_stories if s.alert)


DUP_UNCHANGED = "same URL, unchanged in the feed"
DUP_SAME_TEXT = "same URL, same text"
DUP_NO_PAGE = "same URL, page not read (a summary never replaces a text)"


def unchanged(
    known: KnownArticle | None, *, title: str | None, summary: str | None, source: str
) -> bool:
    """Before any page is fetched: is this item a stored URL that the feed shows unchanged?"""
    return known is not None and not changed_in_feed(
        known, title=title, summary=summary, source=source
    )


def reports_new_event(
    cls: Classification, published: datetime | None, now: datetime, window: timedelta
) -> bool:
    """Does this article clearly report a new inspection outcome (enough to alert on)?"""
    if not (cls.relevant and cls.councils and cls.event_type):
        return False
    if cls.event_type in GRADED_TYPES and cls.judgement in (None, "none"):
        return False
    if cls.event_type not in GRADED_TYPES and cls.judgement is None:
        return False
    return published is not None and now - published <= window


def decide(
    candidates: Sequence[Candidate], known: Known, policy: Policy, now: datetime
) -> list[Decision]:
    """One decision per candidate, in order; later candidates see the earlier ones."""
    state = _Batch(known, policy, now)
    return [state.decide(c) for c in candidates]


class _Batch:
    def __init__(self, known: Known, policy: Policy, now: datetime) -> None:
        self.known = known
        self.policy = policy
        self.now = now
        self.by_url = dict(known.by_url)
        self.by_hash = dict(known.by_hash)
        self.stories = {code: list(views) for code, views in known.stories.items()}
        self.signed: list[tuple[KnownArticle, bytes]] = []  # this batch's new texts
        self._next_article = -1
        self._next_story = -1

    # -- per item -------------------------------------------------------------------------
    def decide(self, c: Candidate) -> Decision:
        stored = self.by_url.get(c.canonical_url)
        if stored is not None:
            return self._stored(c, stored)
        original = self._original(c)
        article_id = self._next_article
        self._next_article -= 1
        codes = list(c.cls.ons_codes)
        decision = Decision("new", article_id=article_id)
        if original is not None:
            decision.copy_of = original.duplicate_of or original.id
            decision.reason = "syndicated copy"
            codes += original.ons_codes
            for story_id in original.story_ids:
                self._link(decision, story_id, c.cls)
        decision.ons_codes = tuple(dict.fromkeys(code for code in codes if code))
        self._attach(c, decision, may_start=original is None)
        mine = KnownArticle(
            id=article_id,
            canonical_url=c.canonical_url,
            content_hash=c.content_hash,
            title=c.title,
            summary=c.summary,
            source=c.source,
            ons_codes=decision.ons_codes,
            duplicate_of=decision.copy_of,
            story_ids=tuple(decision.links),
        )
        self.by_url[c.canonical_url] = mine
        self.by_hash.setdefault(c.content_hash, mine)
        if c.kept_signature:
            self.signed.append((mine, c.kept_signature))
        return decision

    def _stored(self, c: Candidate, stored: KnownArticle) -> Decision:
        if c.fetch_articles and not c.page_read:
            return Decision("duplicate", DUP_NO_PAGE, article_id=stored.id)
        if stored.content_hash == c.content_hash and not changed_in_feed(
            stored, title=c.title, summary=c.summary, source=c.source
        ):
            return Decision("duplicate", DUP_SAME_TEXT, article_id=stored.id)
        decision = Decision("version", "text changed", article_id=stored.id)
        decision.links = list(stored.story_ids)
        decision.already = stored.story_ids
        decision.ons_codes = tuple(x for x in c.cls.ons_codes if x and x not in stored.ons_codes)
        self._attach(c, decision, may_start=not stored.story_ids)
        self.by_url[c.canonical_url] = replace(
            stored,
            content_hash=c.content_hash,
            title=c.title,
            summary=c.summary,
            ons_codes=tuple(dict.fromkeys((*stored.ons_codes, *decision.ons_codes))),
            story_ids=tuple(decision.links),
        )
        return decision

    def _original(self, c: Candidate) -> KnownArticle | None:
        """The article this text repeats: the same words, else a near-duplicate that names
        the same councils (councils' press releases share a template: each is its own
        council's news)."""
        same = self.by_hash.get(c.content_hash)
        if same is not None:
            return same
        if c.signature is None:
            return None
        mine = set(c.cls.ons_codes)
        candidates: list[KnownArticle] = list(self.known.near.get(c.canonical_url, ()))
        candidates += [
            a for a, sig in self.signed if estimated_jaccard(sig, c.signature) >= DUPLICATE_JACCARD
        ]
        for found in candidates:
            theirs = set(found.ons_codes)
            if mine and theirs and mine != theirs:
                continue
            return self.by_url.get(found.canonical_url, found)
        return None

    # -- stories --------------------------------------------------------------------------
    def _link(self, decision: Decision, story_id: int, cls: Classification) -> None:
        if story_id not in decision.links:
            decision.links.append(story_id)
        self._fill(decision, story_id, cls)

    def _fill(self, decision: Decision, story_id: int, cls: Classification) -> None:
        """Coverage may know what the story does not yet (never overwrite what is known)."""
        for code, views in self.stories.items():
            for i, view in enumerate(views):
                if view.id != story_id:
                    continue
                fields: dict[str, Any] = {}
                if view.judgement is None and cls.judgement is not None:
                    fields["judgement"] = cls.judgement
                if view.previous_judgement is None and cls.previous_judgement is not None:
                    fields["previous_judgement"] = cls.previous_judgement
                if view.inspection_date is None and cls.inspection_date is not None:
                    fields["inspection_date"] = cls.inspection_date
                if fields:
                    self.stories[code][i] = replace(view, **fields)
                    decision.fills.setdefault(story_id, {}).update(fields)
                return

    def _attach(self, c: Candidate, decision: Decision, *, may_start: bool) -> None:
        cls = c.cls
        if not cls.relevant:
            return
        # dates: this inspection's own (the analyser never gives an earlier inspection's),
        # else the article's publication; an earlier inspection it mentions never dates it.
        # An undated article (no date in its item or page) is dated by the day it was found,
        # except in a feed's baseline, where being found says nothing of a page's age.
        dated = c.published is not None
        seen = c.published.date() if c.published else None
        if seen is None and not self.policy.baseline:
            seen = self.now.date()
        when = cls.report_date or seen
        for name, code in zip(cls.councils, cls.ons_codes, strict=False):
            if not code:
                continue
            stories = self.stories.setdefault(code, [])
            sighting = Sighting(
                code, cls.event_type, when, cls.judgement, seen, cls.event_date, dated
            )
            placement = place(sighting, stories)
            if placement.story is not None and placement.story.id is not None:
                if placement.reason not in (RECALLS, OTHER_PROGRAMME):
                    self._link(decision, placement.story.id, cls)
                elif placement.story.id not in decision.links:
                    # it dates itself by an older event, or reads as another programme than
                    # the story's: its grade and dates are that event's (or that misreading's),
                    # never the story's
                    decision.links.append(placement.story.id)
                continue
            if not (may_start and placement.may_start):
                continue
            if any(s.id in decision.links for s in stories):
                continue  # already covers an event of this council (inherited from its original)
            if not reports_new_event(cls, c.published, self.now, self.policy.news_alert_window):
                continue
            eid = event_id(code, cls.event_type, when)
            same_event = next((s for s in stories if s.event_id == eid), None)
            if same_event is not None and same_event.id is not None:  # undated, so not placed
                if same_event.id not in decision.links:
                    decision.links.append(same_event.id)
                continue
            view = StoryView(
                id=self._next_story,
                event_id=eid,
                ons_code=code,
                inspection_type=cls.event_type,
                published=when,
                inspection_date=cls.inspection_date,
                judgement=cls.judgement,
                previous_judgement=cls.previous_judgement,
            )
            self._next_story -= 1
            stories.append(view)
            decision.links.append(view.id or 0)
            decision.new_stories.append(
                NewStory(
                    id=view.id or 0,
                    council=name,
                    view=view,
                    first_seen_via=f"news:{c.source}",
                    alert=not self.policy.baseline and code in self.policy.tracked,
                )
            )


def story_views(rows: Iterable[Any]) -> dict[str, list[StoryView]]:
    """Stories (ORM rows or anything with their attributes) grouped by council."""
    out: dict[str, list[StoryView]] = {}
    for s in rows:
        out.setdefault(s.ons_code, []).append(
            StoryView(
                id=s.id,
                event_id=s.event_id,
                ons_code=s.ons_code,
                inspection_type=s.inspection_type,
                published=s.published,
                inspection_date=s.inspection_date,
                judgement=s.judgement,
                previous_judgement=s.previous_judgement,
            )
        )
    return out
