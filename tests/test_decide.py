"""The placement and dedup rules on plain values: no database, no network, no clock."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

from monitor.analyze import Classification
from monitor.decide import (
    DUP_NO_PAGE,
    DUP_SAME_TEXT,
    Candidate,
    Known,
    KnownArticle,
    Policy,
    StoryView,
    decide,
    reports_new_event,
    unchanged,
)
from monitor.dedup.neardup import signature

NOW = datetime(2031, 5, 20, 9, 0, tzinfo=UTC)  # any date: nothing here reads the clock
HULL, CWAC, YORK = "E06000010", "E06000050", "E06000014"
NAMES = {HULL: "Kingston upon Hull, City of", CWAC: "Cheshire West and Chester", YORK: "York"}
TRACKED = Policy(
    tracked=frozenset({HULL, CWAC}), news_alert_window=timedelta(days=14), baseline=False
)
LONG_TEXT = " ".join(
    f"Inspectors found that word{n} practice in the area had changed since the last visit."
    for n in range(30)
)


def cls(
    *codes: str,
    itype: str | None = "ilacs_full",
    judgement: str | None = "good",
    relevant: bool = True,
    report_date: date | None = None,
    inspection_date: date | None = None,
    previous: str | None = None,
) -> Classification:
    return Classification(
        relevant=relevant,
        councils=tuple(NAMES[c] for c in codes),
        ons_codes=codes,
        inspection_type=itype,
        judgement=judgement,
        previous_judgement=previous,
        confidence=0.9,
        report_date=report_date,
        inspection_date=inspection_date,
    )


def item(
    url: str,
    c: Classification,
    *,
    published: datetime | None = NOW - timedelta(hours=3),
    digest: str | None = None,
    text: str | None = None,
    title: str = "Children's services rated good",
    page_read: bool = True,
    **extra: Any,
) -> Candidate:
    return Candidate(
        canonical_url=url,
        title=title,
        summary="summary",
        content_hash=digest or f"hash-{url}",
        source="news",
        published=published,
        cls=c,
        signature=signature(text) if text else None,
        page_read=page_read,
        fetch_articles=True,
        **extra,
    )


def story(id: int, code: str, published: date, itype: str = "ilacs_full", **kw: Any) -> StoryView:
    return StoryView(
        id=id,
        event_id=f"{code}-{itype}-{published.isoformat()}",
        ons_code=code,
        inspection_type=itype,
        published=published,
        inspection_date=kw.pop("inspection_date", None),
        **kw,
    )


def stored(id: int, url: str, **kw: Any) -> KnownArticle:
    return KnownArticle(
        id=id,
        canonical_url=url,
        content_hash=kw.pop("content_hash", f"hash-{url}"),
        title=kw.pop("title", "Children's services rated good"),
        summary=kw.pop("summary", "summary"),
        source=kw.pop("source", "news"),
        **kw,
    )


def test_a_new_outcome_starts_one_story_with_alerts_and_a_second_item_joins_it() -> None:
    first = item("https://a.example/1", cls(HULL))
    second = item("https://b.example/2", cls(HULL))
    d1, d2 = decide([first, second], Known(), TRACKED, NOW)
    assert d1.kind == d2.kind == "new"
    assert len(d1.new_stories) == 1 and d1.alerts == 1
    started = d1.new_stories[0]
    assert started.view.event_id == f"{HULL}-ilacs_full-{(NOW - timedelta(hours=3)).date()}"
    assert d2.new_stories == [] and d2.links == [started.id] and d2.joined


def test_baseline_and_untracked_councils_start_stories_without_alerts() -> None:
    baseline = Policy(TRACKED.tracked, TRACKED.news_alert_window, baseline=True)
    (d,) = decide([item("https://a.example/1", cls(HULL))], Known(), baseline, NOW)
    assert len(d.new_stories) == 1 and d.alerts == 0
    (d,) = decide([item("https://a.example/1", cls(YORK))], Known(), TRACKED, NOW)
    assert len(d.new_stories) == 1 and d.alerts == 0


def test_coverage_joins_the_stored_story_and_fills_what_it_did_not_know() -> None:
    known = Known(stories={HULL: [story(7, HULL, (NOW - timedelta(days=2)).date())]})
    (d,) = decide(
        [item("https://a.example/1", cls(HULL, previous="inadequate"))], known, TRACKED, NOW
    )
    assert d.links == [7] and d.joined and d.new_stories == []
    assert d.fills == {7: {"judgement": "good", "previous_judgement": "inadequate"}}


def test_a_follow_up_visit_is_its_own_event_not_a_second_ilacs_alert() -> None:
    full = story(7, CWAC, (NOW - timedelta(days=20)).date(), judgement="requires_improvement")
    known = Known(stories={CWAC: [full]})
    visit = cls(CWAC, itype="focused_visit", judgement="none", previous="requires_improvement")
    (d,) = decide([item("https://a.example/1", visit)], known, TRACKED, NOW)
    assert d.links != [7]
    assert [s.view.inspection_type for s in d.new_stories] == ["focused_visit"]


def test_coverage_days_after_a_report_of_its_programme_joins_it_whatever_type_it_reads_as() -> None:
    # one children's social care report at a time: a focused visit letter three days ago, and
    # an article reading it as a graded inspection, is that event, not a second alert
    visit = story(7, CWAC, (NOW - timedelta(days=3)).date(), "focused_visit", judgement="none")
    known = Known(stories={CWAC: [visit]})
    (d,) = decide([item("https://a.example/1", cls(CWAC))], known, TRACKED, NOW)
    assert d.links == [7] and d.new_stories == [] and d.alerts == 0


def test_other_programmes_and_visits_weeks_apart_are_their_own_events() -> None:
    graded = story(7, CWAC, (NOW - timedelta(days=3)).date(), judgement="requires_improvement")
    known = Known(stories={CWAC: [graded]})
    # a joint targeted area inspection can fall in the same week as a graded inspection
    jtai = cls(CWAC, itype="jtai", judgement="none")
    (d,) = decide([item("https://a.example/1", jtai)], known, TRACKED, NOW)
    assert d.links != [7] and [s.view.inspection_type for s in d.new_stories] == ["jtai"]
    # a monitoring visit three weeks after another event of the programme is news of its own
    later = Known(stories={CWAC: [story(8, CWAC, (NOW - timedelta(days=21)).date())]})
    visit = cls(CWAC, itype="monitoring_visit", judgement="none")
    (d,) = decide([item("https://a.example/2", visit)], later, TRACKED, NOW)
    assert d.links != [8] and [s.view.inspection_type for s in d.new_stories] == [
        "monitoring_visit"
    ]


def test_an_article_the_day_of_another_programmes_report_joins_it_and_lends_it_nothing() -> None:
    # the press covers a report the day it comes out or the next: an article of that day that
    # reads as another programme (an ILACS story that also recalls the area SEND inspection)
    # misreads the report, and its grade and dates are the misreading's
    report = story(7, CWAC, (NOW - timedelta(days=1)).date(), "ilacs_short")
    known = Known(stories={CWAC: [report]})
    misread = cls(CWAC, itype="area_send", judgement="none", inspection_date=date(2031, 3, 2))
    (d,) = decide([item("https://a.example/1", misread)], known, TRACKED, NOW)
    assert d.links == [7] and d.new_stories == [] and d.alerts == 0
    assert d.fills == {}  # the report's story keeps its own (unknown) grade and dates
    # and the other way round: a graded reading beside an area SEND report
    send = story(8, CWAC, NOW.date(), "area_send", judgement="none")
    (d,) = decide(
        [item("https://a.example/2", cls(CWAC, judgement="good"))],
        Known(stories={CWAC: [send]}),
        TRACKED,
        NOW,
    )
    assert d.links == [8] and d.new_stories == [] and d.fills == {}
    # three days apart, it is news of its own (a JTAI can fall in the week of a graded
    # inspection), as is the same reading of an article that gives no date of its own
    apart = story(9, CWAC, (NOW - timedelta(days=3)).date(), "ilacs_short")
    (d,) = decide(
        [item("https://a.example/3", misread)], Known(stories={CWAC: [apart]}), TRACKED, NOW
    )
    assert d.links != [9] and [s.view.inspection_type for s in d.new_stories] == ["area_send"]


def test_old_news_and_no_judgement_never_start_an_alerting_story() -> None:
    stale = item("https://a.example/1", cls(HULL), published=NOW - timedelta(days=30))
    ungraded = item("https://a.example/2", cls(HULL, judgement=None))
    assert [d.new_stories for d in decide([stale, ungraded], Known(), TRACKED, NOW)] == [[], []]
    assert not reports_new_event(cls(HULL, judgement="none"), NOW, NOW, timedelta(days=14))
    assert reports_new_event(
        cls(HULL, itype="monitoring_visit", judgement="none"), NOW, NOW, timedelta(days=14)
    )


def test_an_article_recalling_an_old_inspection_joins_the_new_event_beside_it() -> None:
    today = NOW.date()
    known = Known(stories={HULL: [story(9, HULL, today)]})
    recall = cls(HULL, judgement="requires_improvement", report_date=date(2023, 7, 28))
    (d,) = decide([item("https://a.example/1", recall)], known, TRACKED, NOW)
    assert d.links == [9] and d.new_stories == []


def test_same_text_under_another_url_is_a_copy_that_joins_every_story_of_the_original() -> None:
    original = stored(
        3, "https://wire.example/x", content_hash="same", ons_codes=(HULL,), story_ids=(7,)
    )
    known = Known(
        by_hash={"same": original},
        stories={HULL: [story(7, HULL, NOW.date())]},
    )
    (d,) = decide([item("https://paper.example/y", cls(HULL), digest="same")], known, TRACKED, NOW)
    assert d.kind == "new" and d.copy_of == 3 and d.links == [7] and d.new_stories == []


def test_a_near_duplicate_naming_another_council_is_not_a_copy() -> None:
    a = item("https://a.example/1", cls(HULL), text=LONG_TEXT)
    b = item("https://b.example/2", cls(CWAC), text=LONG_TEXT + " An extra closing line.")
    c = item("https://c.example/3", cls(HULL), text=LONG_TEXT + " Another closing line.")
    d1, d2, d3 = decide([a, b, c], Known(), TRACKED, NOW)
    assert d2.copy_of is None and len(d2.new_stories) == 1  # Cheshire's own news
    assert d3.copy_of == d1.article_id and d3.links == d1.links and d3.new_stories == []


def test_a_stored_url_that_changed_is_a_version_that_keeps_its_stories() -> None:
    known = Known(
        by_url={
            "https://a.example/1": stored(
                5, "https://a.example/1", story_ids=(7,), ons_codes=(HULL,)
            )
        },
        stories={HULL: [story(7, HULL, NOW.date())]},
    )
    changed = item("https://a.example/1", cls(HULL), digest="new text", title="Updated title")
    (d,) = decide([changed], known, TRACKED, NOW)
    assert d.kind == "version" and d.article_id == 5
    assert d.links == [7] and not d.joined and d.new_stories == []


def test_a_stored_url_is_a_duplicate_when_its_text_is_the_same_or_its_page_was_not_read() -> None:
    known = Known(by_url={"https://a.example/1": stored(5, "https://a.example/1")})
    same = item("https://a.example/1", cls(HULL))
    unread = item("https://a.example/1", cls(HULL), digest="other", page_read=False)
    assert [(d.kind, d.reason) for d in decide([same], known, TRACKED, NOW)] == [
        ("duplicate", DUP_SAME_TEXT)
    ]
    assert [(d.kind, d.reason) for d in decide([unread], known, TRACKED, NOW)] == [
        ("duplicate", DUP_NO_PAGE)
    ]


def test_the_same_url_twice_in_one_feed_is_stored_once() -> None:
    d1, d2 = decide(
        [item("https://a.example/1", cls(HULL)), item("https://a.example/1", cls(HULL))],
        Known(),
        TRACKED,
        NOW,
    )
    assert d1.kind == "new" and d2.kind == "duplicate"


def test_a_roundup_links_every_council_it_reports() -> None:
    roundup = cls(HULL, CWAC, judgement="good")
    (d,) = decide([item("https://a.example/1", roundup)], Known(), TRACKED, NOW)
    assert sorted(s.view.ons_code for s in d.new_stories) == sorted([HULL, CWAC])
    assert d.alerts == 2 and d.ons_codes == (HULL, CWAC)


def test_unchanged_feed_items_are_known_before_any_page_is_fetched() -> None:
    a = stored(5, "https://a.example/1", title="T", summary="S")
    assert unchanged(a, title="T", summary="S", source="news")
    assert not unchanged(a, title="T (updated)", summary="S", source="news")
    assert unchanged(a, title="Other outlet's title", summary="S", source="another-feed")
    assert not unchanged(None, title="T", summary="S", source="news")


def test_deciding_does_not_depend_on_the_wall_clock() -> None:
    far = NOW + timedelta(days=3650)
    batch = [item("https://a.example/1", cls(HULL), published=far - timedelta(hours=1))]
    assert decide(batch, Known(), TRACKED, far)[0].alerts == 1
    assert decide(batch, Known(), TRACKED, far + timedelta(days=30))[0].alerts == 0


# -- a new outcome that mentions the old one (issue 15 part 3) --------------------------------
OLD_RI = date(2023, 7, 28)


def test_a_new_grade_that_mentions_the_old_one_starts_the_new_event_never_the_old() -> None:
    """News first: the article's only dates are its own; the old story is never joined."""
    known = Known(stories={HULL: [story(4, HULL, OLD_RI, judgement="requires_improvement")]})
    article = cls(HULL, judgement="good", previous="requires_improvement")
    (d,) = decide([item("https://a.example/1", article)], known, TRACKED, NOW)
    [started] = d.new_stories
    assert 4 not in d.links and d.links == [started.id] and d.alerts == 1
    assert started.view.published == (NOW - timedelta(hours=3)).date()
    assert (started.view.judgement, started.view.previous_judgement) == (
        "good",
        "requires_improvement",
    )


def test_a_new_grade_that_mentions_the_old_one_joins_the_report_that_came_first() -> None:
    """Ofsted first: the report's story (grade not read yet) is joined and learns both grades."""
    old = story(4, HULL, OLD_RI, judgement="requires_improvement")
    known = Known(stories={HULL: [old, story(9, HULL, NOW.date())]})
    article = cls(HULL, judgement="good", previous="requires_improvement")
    (d,) = decide([item("https://a.example/1", article)], known, TRACKED, NOW)
    assert d.links == [9] and d.new_stories == [] and d.joined
    assert d.fills == {9: {"judgement": "good", "previous_judgement": "requires_improvement"}}


def test_an_article_dated_by_an_older_event_lends_the_new_story_none_of_its_facts() -> None:
    known = Known(stories={HULL: [story(9, HULL, NOW.date())]})
    recall = cls(HULL, judgement="requires_improvement", report_date=OLD_RI, inspection_date=OLD_RI)
    (d,) = decide([item("https://a.example/1", recall)], known, TRACKED, NOW)
    assert d.links == [9] and d.new_stories == [] and d.fills == {}


def test_this_inspections_fieldwork_weeks_before_does_not_make_an_article_look_back() -> None:
    """ILACS reports come out some seven weeks after the fieldwork the article gives."""
    fieldwork = (NOW - timedelta(days=50)).date()
    article = cls(HULL, judgement="good", inspection_date=fieldwork)
    (d,) = decide([item("https://a.example/1", article)], Known(), TRACKED, NOW)
    [started] = d.new_stories
    assert d.alerts == 1
    assert started.view.published == (NOW - timedelta(hours=3)).date()  # its own publication
    assert started.view.inspection_date == fieldwork


# -- undated articles (no date in the feed item or on the page) --------------------------------


def test_an_undated_article_is_dated_by_the_day_it_was_found() -> None:
    """Council minutes and some trade pages carry no date: such an article joins the event of
    the days it was found in, and (dated so loosely) starts none and alerts nobody."""
    known = Known(stories={HULL: [story(9, HULL, (NOW - timedelta(days=3)).date())]})
    minutes = cls(HULL, judgement="requires_improvement", previous="good")
    (d,) = decide([item("https://a.example/1", minutes, published=None)], known, TRACKED, NOW)
    assert d.links == [9] and d.joined and d.new_stories == []
    (d,) = decide([item("https://a.example/1", minutes, published=None)], Known(), TRACKED, NOW)
    assert d.links == [] and d.new_stories == []  # it waits for the report
    # in a feed's baseline, being found today says nothing of an undated page's age
    baseline = Policy(TRACKED.tracked, TRACKED.news_alert_window, baseline=True)
    (d,) = decide([item("https://a.example/1", minutes, published=None)], known, baseline, NOW)
    assert d.links == [] and d.new_stories == []


def test_an_undated_article_giving_another_grade_is_another_event() -> None:
    known = Known(
        stories={HULL: [story(9, HULL, (NOW - timedelta(days=3)).date(), judgement="good")]}
    )
    other = cls(HULL, judgement="inadequate")
    (d,) = decide([item("https://a.example/1", other, published=None)], known, TRACKED, NOW)
    assert d.links == [] and d.new_stories == []
    (d,) = decide([item("https://a.example/1", other)], known, TRACKED, NOW)  # dated: it joins
    assert d.links == [9]


def test_an_article_months_after_a_report_giving_its_grade_joins_it_and_alerts_nobody() -> None:
    """A blog on the minister's letter 80 days after the report: no dates of its own, the grade
    the council's latest inspection gave. Ofsted grades a council once in years, so it is that
    report's coverage, not a second alert."""
    report = story(7, CWAC, (NOW - timedelta(days=80)).date(), judgement="requires_improvement")
    known = Known(
        stories={CWAC: [story(3, CWAC, date(2014, 6, 1), judgement="inadequate"), report]}
    )
    blog = cls(CWAC, judgement="requires_improvement", previous="inadequate")
    (d,) = decide([item("https://a.example/1", blog)], known, TRACKED, NOW)
    assert d.links == [7] and d.new_stories == [] and d.alerts == 0


def test_a_new_grade_a_dated_inspection_or_a_grade_past_a_year_is_its_own_event() -> None:
    report = story(7, CWAC, (NOW - timedelta(days=80)).date(), judgement="requires_improvement")
    known = Known(stories={CWAC: [report]})
    fieldwork = (NOW - timedelta(days=30)).date()
    for article in (
        cls(CWAC, judgement="good", previous="requires_improvement"),  # another grade
        # the same grade from an inspection the article dates itself: Ofsted's word wins
        cls(CWAC, judgement="requires_improvement", inspection_date=fieldwork),
    ):
        (d,) = decide([item("https://a.example/1", article)], known, TRACKED, NOW)
        assert 7 not in d.links and len(d.new_stories) == 1 and d.alerts == 1
    # a year on, the same grade is a new inspection's ("remains good")
    old = Known(stories={CWAC: [story(7, CWAC, date(2030, 4, 1), judgement="good")]})
    (d,) = decide([item("https://a.example/2", cls(CWAC, judgement="good"))], old, TRACKED, NOW)
    assert d.links != [7] and len(d.new_stories) == 1
    # the grade of an older inspection, not the latest one, is not a grade that stands
    later = story(8, CWAC, (NOW - timedelta(days=60)).date(), judgement="good")
    newer = Known(stories={CWAC: [report, later]})
    article = cls(CWAC, judgement="requires_improvement")
    (d,) = decide([item("https://a.example/3", article)], newer, TRACKED, NOW)
    assert d.links not in ([7], [8])


def test_an_area_send_update_months_after_its_report_joins_it_and_alerts_nobody() -> None:
    """A health and wellbeing board's update on the written statement of action, eight months
    after the area SEND report, with no date of its own: that inspection's coverage, not a
    second alert (an area SEND inspection comes once in years)."""
    report = story(7, CWAC, (NOW - timedelta(days=240)).date(), "area_send", judgement="none")
    known = Known(stories={CWAC: [story(3, CWAC, date(2028, 6, 1)), report]})
    update = cls(CWAC, itype="area_send", judgement="none")
    (d,) = decide([item("https://a.example/1", update)], known, TRACKED, NOW)
    assert d.links == [7] and d.new_stories == [] and d.alerts == 0


def test_an_area_send_article_dated_or_past_eighteen_months_or_of_another_programme_is_news() -> (
    None
):
    report = story(7, CWAC, (NOW - timedelta(days=240)).date(), "area_send", judgement="none")
    known = Known(stories={CWAC: [report]})
    fieldwork = (NOW - timedelta(days=20)).date()
    for article in (
        # a revisit the article dates itself
        cls(CWAC, itype="area_send", judgement="none", inspection_date=fieldwork),
        # a JTAI is another programme
        cls(CWAC, itype="jtai", judgement="none"),
    ):
        (d,) = decide([item("https://a.example/1", article)], known, TRACKED, NOW)
        assert 7 not in d.links and len(d.new_stories) == 1 and d.alerts == 1
    # sixteen months on (a written answer in Parliament on what followed), still the report's;
    # more than eighteen months on, when a revisit may come, an undated article of the
    # programme is a new inspection's
    update = cls(CWAC, itype="area_send", judgement="none")
    later = story(7, CWAC, (NOW - timedelta(days=480)).date(), "area_send", judgement="none")
    (d,) = decide(
        [item("https://a.example/2", update)], Known(stories={CWAC: [later]}), TRACKED, NOW
    )
    assert d.links == [7] and d.new_stories == [] and d.alerts == 0
    old = story(7, CWAC, (NOW - timedelta(days=600)).date(), "area_send", judgement="none")
    (d,) = decide([item("https://a.example/3", update)], Known(stories={CWAC: [old]}), TRACKED, NOW)
    assert d.links != [7] and len(d.new_stories) == 1


def test_a_focused_visit_story_months_after_its_letter_joins_it_and_alerts_nobody() -> None:
    """A local paper's story of the focused visit four and a half months after the letter,
    with no date of its own (blind round 120, 2026-12-07): that visit's coverage, not a second
    alert. A monitoring visit article is not held so: those visits come every few months."""
    letter = story(7, CWAC, (NOW - timedelta(days=138)).date(), "focused_visit", judgement="none")
    known = Known(stories={CWAC: [letter]})
    article = cls(CWAC, itype="focused_visit", judgement="none")
    (d,) = decide([item("https://a.example/1", article)], known, TRACKED, NOW)
    assert d.links == [7] and d.new_stories == [] and d.alerts == 0
    # beyond half a year, or dated by its own visit, it is a new visit's
    old = story(7, CWAC, (NOW - timedelta(days=200)).date(), "focused_visit", judgement="none")
    (d,) = decide(
        [item("https://a.example/2", article)], Known(stories={CWAC: [old]}), TRACKED, NOW
    )
    assert d.links != [7] and len(d.new_stories) == 1
    dated = cls(
        CWAC,
        itype="focused_visit",
        judgement="none",
        inspection_date=(NOW - timedelta(days=20)).date(),
    )
    (d,) = decide([item("https://a.example/3", dated)], known, TRACKED, NOW)
    assert 7 not in d.links and len(d.new_stories) == 1
    # a monitoring visit months after the last is the next one
    visit = story(8, CWAC, (NOW - timedelta(days=120)).date(), "monitoring_visit", judgement="none")
    monitored = cls(CWAC, itype="monitoring_visit", judgement="none")
    (d,) = decide(
        [item("https://a.example/4", monitored)], Known(stories={CWAC: [visit]}), TRACKED, NOW
    )
    assert d.links != [8] and len(d.new_stories) == 1


def test_an_inadequate_grade_stands_until_the_reinspection() -> None:
    """A trade paper's story of the commissioner's review 18 months after an inadequate
    report, with no date of its own (blind round 131 replay, 2026-12-07): the intervention is
    that inspection's aftermath, not a second alert. Another grade is still news."""
    report = story(7, CWAC, (NOW - timedelta(days=550)).date(), judgement="inadequate")
    known = Known(stories={CWAC: [report]})
    aftermath = cls(CWAC, judgement="inadequate", previous="inadequate")
    (d,) = decide([item("https://a.example/1", aftermath)], known, TRACKED, NOW)
    assert d.links == [7] and d.new_stories == [] and d.alerts == 0
    lifted = cls(CWAC, judgement="requires_improvement", previous="inadequate")
    (d,) = decide([item("https://a.example/2", lifted)], known, TRACKED, NOW)
    assert 7 not in d.links and len(d.new_stories) == 1 and d.alerts == 1
    # past three years, the same grade is a re-inspection's
    old = story(7, CWAC, (NOW - timedelta(days=1200)).date(), judgement="inadequate")
    (d,) = decide(
        [item("https://a.example/3", aftermath)], Known(stories={CWAC: [old]}), TRACKED, NOW
    )
    assert d.links != [7] and len(d.new_stories) == 1
