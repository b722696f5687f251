"""Canonical URLs, content fingerprints and story matching."""

from __future__ import annotations

import base64
from dataclasses import dataclass
from datetime import date
from urllib.parse import quote

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from monitor.dedup import (
    Sighting,
    canonical_url,
    content_hash,
    event_id,
    find_story,
    is_redirect_link,
    page_canonical,
    place,
    publisher_url,
    same_site,
)
from monitor.dedup.neardup import NearDupIndex, estimated_jaccard, signature
from monitor.dedup.stories import awaited_report_story
from monitor.dedup.text import jaccard, shingles


@pytest.mark.parametrize(
    "variant",
    [
        "https://www.example-news.co.uk/news/council-story-123",
        "http://www.example-news.co.uk/news/council-story-123/",
        "https://m.example-news.co.uk/news/council-story-123?utm_source=twitter&utm_medium=social",
        "https://www.example-news.co.uk/news/council-story-123/amp/",
        "https://amp.example-news.co.uk/news/council-story-123#comments",
        "https://www.example-news.co.uk/news/council-story-123?fbclid=abc&at_medium=RSS",
    ],
)
def test_url_variants_share_one_canonical_form(variant: str) -> None:
    assert canonical_url(variant) == "https://example-news.co.uk/news/council-story-123"


def test_meaningful_query_parameters_are_kept_and_sorted() -> None:
    assert canonical_url("https://example.org/a?id=2&page=1") == "https://example.org/a?id=2&page=1"
    assert canonical_url("https://example.org/a?page=1&id=2") == "https://example.org/a?id=2&page=1"


def test_content_hash_ignores_case_spacing_and_punctuation() -> None:
    a = content_hash("Council told to improve", "Inspectors said: services  require improvement.")
    b = content_hash("council told to improve", "inspectors said services require improvement")
    assert a == b
    assert a != content_hash("Council told to improve", "Inspectors said services are good")


@dataclass
class FakeStory:
    id: int
    ons_code: str
    inspection_type: str | None
    published: date | None
    inspection_date: date | None = None
    judgement: str | None = None
    report_id: int | None = None


CWAC = "E06000050"
STORIES = [
    FakeStory(1, CWAC, "ilacs_full", date(2024, 1, 31)),
    FakeStory(2, CWAC, "focused_visit", date(2024, 10, 2)),
    FakeStory(3, "E08000012", "ilacs_full", date(2024, 2, 1)),
]


def test_coverage_days_later_joins_the_same_event() -> None:
    found = find_story(Sighting(CWAC, "ilacs_full", date(2024, 2, 3)), STORIES)
    assert found is not None and found.id == 1


def test_short_and_full_inspections_are_one_family() -> None:
    found = find_story(Sighting(CWAC, "ilacs_short", date(2024, 2, 1)), STORIES)
    assert found is not None and found.id == 1


def test_a_follow_up_visit_is_a_different_event() -> None:
    assert find_story(Sighting(CWAC, "focused_visit", date(2024, 2, 3)), STORIES) is None
    found = find_story(Sighting(CWAC, "focused_visit", date(2024, 10, 10)), STORIES)
    assert found is not None and found.id == 2


def test_another_council_the_same_week_is_another_event() -> None:
    found = find_story(Sighting("E08000012", "ilacs_full", date(2024, 2, 3)), STORIES)
    assert found is not None and found.id == 3
    assert find_story(Sighting("E06000010", "ilacs_full", date(2024, 2, 3)), STORIES) is None


def test_outside_the_window_is_a_new_event() -> None:
    assert find_story(Sighting(CWAC, "ilacs_full", date(2024, 6, 30)), STORIES) is None


def test_event_ids_are_stable_and_readable() -> None:
    assert event_id(CWAC, "ilacs_full", date(2024, 1, 31)) == "E06000050-ilacs_full-2024-01-31"


# -- URLs ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "variant",
    [
        "https://www.northshire-gazette.co.uk/news/local/fostering-review-4412?outputType=amp",
        "https://www.northshire-gazette.co.uk/news/local/fostering-review-4412.amp",
        "http://mobile.northshire-gazette.co.uk/news/local/fostering-review-4412?amp=1&utm_campaign=x",
        "HTTPS://WWW.Northshire-Gazette.co.uk/news/local/fostering-review-4412/?msclkid=9",
    ],
)
def test_more_amp_and_tracking_variants(variant: str) -> None:
    assert (
        canonical_url(variant)
        == "https://northshire-gazette.co.uk/news/local/fostering-review-4412"
    )


def _google_news_link(target: str) -> str:
    """A Google News RSS link in the older format: a base64url protobuf with the URL in it."""
    raw = target.encode()
    message = b"\x08\x13\x22" + bytes([len(raw)]) + raw + b"\xd2\x01\x00"
    token = base64.urlsafe_b64encode(message).decode().rstrip("=")
    return f"https://news.google.com/rss/articles/{token}?oc=5&hl=en-GB&gl=GB&ceid=GB:en"


def test_google_news_links_resolve_to_the_publisher() -> None:
    target = "https://www.northshire-gazette.co.uk/news/local/fostering-review-4412"
    link = _google_news_link(target)
    assert link.startswith("https://news.google.com/rss/articles/CBMi")
    assert publisher_url(link) == target
    assert is_redirect_link(link)
    assert canonical_url(publisher_url(link) or link) == canonical_url(target)


def test_click_through_links_resolve_and_opaque_ones_do_not() -> None:
    target = "https://www.example-news.co.uk/news/council-story-123"
    assert publisher_url(f"https://www.google.com/url?rct=j&sa=t&url={quote(target)}") == target
    assert publisher_url(f"https://www.bing.com/news/apiclick.aspx?url={quote(target)}") == target
    # newer Google News ids are opaque: the fetch follows the redirect instead
    assert publisher_url("https://news.google.com/rss/articles/AU_yqLOpaqueToken123?oc=5") is None
    assert publisher_url(target) is None and not is_redirect_link(target)


def test_a_page_canonical_wins_only_when_same_site_and_not_the_home_page() -> None:
    page = "https://www.northshire-gazette.co.uk/news/local/fostering-review-4412?utm_source=x"
    good = "https://northshire-gazette.co.uk/news/local/fostering-review-4412"
    assert page_canonical(good, page) == good
    assert page_canonical("https://www.wire-service.example/story/77", page) is None
    assert page_canonical("https://www.northshire-gazette.co.uk/", page) is None
    assert page_canonical(None, page) is None
    assert same_site("https://news.bbc.co.uk/a", "https://www.bbc.co.uk/b")
    assert not same_site("https://bbc.co.uk/a", "https://itv.co.uk/b")


# -- near-duplicate text ----------------------------------------------------------------------

BASE = " ".join(
    f"Paragraph {i}: inspectors from the watchdog visited Northshire council's children's "
    f"services in week {i} and spoke to {i + 3} social workers about caseloads, supervision, "
    f"placements and the help given to care leavers moving into their own flats."
    for i in range(12)
)


def test_near_duplicates_are_found_and_different_texts_are_not() -> None:
    index = NearDupIndex()
    sig = signature(BASE)
    assert sig is not None and len(sig) == 512
    index.add(1, sig)
    other = signature(
        " ".join(
            f"Item {i}: the county's bus timetable changes on route {i} from Monday, "
            f"with {i + 2} fewer evening services and a new stop near the hospital car park."
            for i in range(12)
        )
    )
    assert other is not None
    index.add(2, other)
    edited = "By a Local Democracy Reporter. " + BASE.replace("week 4", "the fourth week")
    edited_sig = signature(edited)
    assert edited_sig is not None
    assert jaccard(shingles(edited), shingles(BASE)) >= 0.8
    found = index.query(edited_sig)
    assert [key for key, _ in found] == [1]
    assert found == index.scan(edited_sig)
    assert index.query(edited_sig, exclude=1) == []


def test_estimated_similarity_counts_equal_values_whichever_bit_differs() -> None:
    # the share of the 128 MinHash values two signatures have in common: a value differing
    # in any single bit (top, bottom or middle of any of its 4 bytes) is not equal
    sig = signature(BASE)
    assert sig is not None
    assert estimated_jaccard(sig, sig) == 1.0
    for bit in range(32):
        changed = bytearray(sig)
        lanes = range(0, 128, 3)  # 43 of the values
        for lane in lanes:
            changed[lane * 4 + bit // 8] ^= 1 << (bit % 8)
        assert estimated_jaccard(sig, bytes(changed)) == (128 - len(lanes)) / 128
    with pytest.raises(ValueError):
        estimated_jaccard(sig, sig[:100])


def test_short_texts_get_no_signature() -> None:
    assert signature("Council told to improve children's services.") is None
    assert signature(None) is None


def test_the_index_rebuilds_from_stored_bytes_and_reindexes_updates() -> None:
    first = NearDupIndex()
    sig = signature(BASE)
    assert sig is not None
    first.add(7, sig)
    rebuilt = NearDupIndex()
    assert rebuilt.add_many([(7, bytes(sig))]) == 1 and rebuilt.last_id == 7
    assert rebuilt.query(sig) == first.query(sig) == [(7, 1.0)]
    rebuilt.remove(7)
    assert rebuilt.query(sig) == [] and len(rebuilt) == 0
    rebuilt.add(7, sig)
    rebuilt.add(7, sig)  # re-adding a key replaces it
    assert len(rebuilt) == 1


def test_the_index_forgets_rows_read_inside_a_transaction_that_rolled_back() -> None:
    # a group commit's catch-up read rows 8 and 9, then the transaction rolled back
    index = NearDupIndex()
    sig = signature(BASE)
    assert sig is not None
    index.add_many([(7, sig), (8, sig), (9, sig)])
    index.forget_after(7)
    assert index.query(sig) == [(7, 1.0)] and index.last_id == 7  # the next catch-up: from 7


# -- events --------------------------------------------------------------------------------


def test_a_sighting_that_recalls_an_old_event_never_starts_one() -> None:
    old = Sighting(
        CWAC, "ilacs_full", date(2025, 3, 1), "inadequate", date(2025, 3, 1), date(2024, 1, 20)
    )
    placement = place(old, STORIES)
    assert not placement.may_start and placement.reason == "recalls an older event"
    # it dates the council's January 2024 inspection: it is coverage of that event's story
    assert placement.story is STORIES[0]
    # an event date no story of its programme has is no event's
    elsewhere = Sighting(
        CWAC, "ilacs_full", date(2025, 3, 1), "inadequate", date(2025, 3, 1), date(2023, 6, 20)
    )
    assert place(elsewhere, STORIES).story is None and not place(elsewhere, STORIES).may_start
    # nor does a sighting of another programme, or with no type, take that story
    for kind in ("area_send", None):
        other = Sighting(CWAC, kind, date(2025, 3, 1), None, date(2025, 3, 1), date(2024, 1, 20))
        assert place(other, STORIES).story is None
    # beside a newer event of the council, it attaches to that one
    beside = Sighting(
        CWAC, "ilacs_full", date(2024, 10, 5), None, date(2024, 10, 5), date(2024, 1, 20)
    )
    found = place(beside, STORIES).story
    assert found is not None and found.id == 2


def test_judgement_breaks_a_tie_between_two_candidate_events() -> None:
    stories = [
        FakeStory(1, CWAC, "ilacs_full", date(2024, 1, 31), judgement="good"),
        FakeStory(2, CWAC, "ilacs_short", date(2024, 2, 20), judgement="inadequate"),
    ]
    found = find_story(Sighting(CWAC, "ilacs_full", date(2024, 2, 12), "good"), stories)
    assert found is not None and found.id == 1
    found = find_story(Sighting(CWAC, "ilacs_full", date(2024, 2, 12)), stories)
    assert found is not None and found.id == 2  # no judgement: the nearest


def test_a_report_read_after_its_coverage_joins_the_story_news_started_for_it() -> None:
    """News read first (a monitor started on news, a reports site that was down, a backfill):
    the report is the event of its programme's story dated after it, while that programme's
    news stands, and only of a story with no report of its own."""
    report = Sighting(CWAC, "ilacs_full", date(2024, 2, 1))
    cabinet = FakeStory(7, CWAC, "ilacs_full", date(2024, 6, 3), judgement="outstanding")
    assert awaited_report_story(report, [cabinet]) is cabinet  # four months on
    # a story with its own report, another programme or council, or before the report: no
    for other in (
        FakeStory(7, CWAC, "ilacs_full", date(2024, 6, 3), report_id=3),
        FakeStory(7, CWAC, "focused_visit", date(2024, 6, 3)),
        FakeStory(7, "E08000012", "ilacs_full", date(2024, 6, 3)),
        FakeStory(7, CWAC, "ilacs_full", date(2023, 12, 1)),
        # dated by an inspection after the report: a later event
        FakeStory(7, CWAC, "ilacs_full", date(2024, 6, 3), inspection_date=date(2024, 5, 1)),
    ):
        assert awaited_report_story(report, [other]) is None
    # a grade's news stands a year, an inadequate's until the re-inspection
    later = FakeStory(7, CWAC, "ilacs_full", date(2025, 3, 1), judgement="good")
    assert awaited_report_story(report, [later]) is None
    failed = FakeStory(7, CWAC, "ilacs_full", date(2025, 3, 1), judgement="inadequate")
    assert awaited_report_story(report, [failed]) is failed
    # an area SEND report's news stands eighteen months; monitoring visits come too often
    send = Sighting(CWAC, "area_send", date(2024, 2, 1))
    board = FakeStory(8, CWAC, "area_send", date(2025, 5, 1), judgement="none")
    assert awaited_report_story(send, [board]) is board
    visit = Sighting(CWAC, "monitoring_visit", date(2024, 2, 1))
    later_visit = FakeStory(9, CWAC, "monitoring_visit", date(2024, 5, 1), judgement="none")
    assert awaited_report_story(visit, [later_visit]) is None
    # of two, the earliest after the report
    first = FakeStory(10, CWAC, "ilacs_full", date(2024, 3, 1))
    assert awaited_report_story(report, [cabinet, first]) is first


def test_an_older_regimes_grade_stands_half_a_year() -> None:
    """Before 2013 a council was graded every year or so (annual performance assessments,
    safeguarding and looked after children inspections): an undated story of the same grade
    within half a year is that report's, whichever came first; later, or another grade, is
    not."""
    apa = FakeStory(11, CWAC, "other", date(2008, 12, 15), judgement="inadequate", report_id=5)
    review = Sighting(CWAC, "other", date(2009, 2, 25), "inadequate", date(2009, 2, 25))
    assert place(review, [apa]).story is apa and not place(review, [apa]).may_start
    for other in (
        Sighting(CWAC, "other", date(2009, 8, 25), "inadequate", date(2009, 8, 25)),  # 8 months
        Sighting(CWAC, "other", date(2009, 2, 25), "adequate", date(2009, 2, 25)),
    ):
        assert place(other, [apa]).story is None and place(other, [apa]).may_start
    # read first, the story news started is the report's when it comes
    news = FakeStory(12, CWAC, "other", date(2009, 2, 25), judgement="inadequate")
    report = Sighting(CWAC, "other", date(2008, 12, 15))
    assert awaited_report_story(report, [news]) is news
    late = FakeStory(12, CWAC, "other", date(2009, 8, 25), judgement="inadequate")
    assert awaited_report_story(report, [late]) is None


def test_a_sighting_the_day_of_another_programmes_story_joins_it_and_starts_none() -> None:
    send = FakeStory(5, CWAC, "area_send", date(2024, 3, 14), judgement="none", report_id=4)
    graded = FakeStory(6, CWAC, "ilacs_full", date(2024, 3, 18))
    for day, joined in (
        (date(2024, 3, 14), send),
        (date(2024, 3, 16), send),
        (date(2024, 3, 19), graded),
    ):
        placement = place(Sighting(CWAC, "jtai", day, "none", day), [send, graded])
        assert placement.story is joined and not placement.may_start
        assert placement.reason == "another programme's story of the same days"
    # further apart, or dated only by the day it was found, it is not that story's
    apart = place(Sighting(CWAC, "jtai", date(2024, 3, 11), "none"), [send])
    assert apart.story is None and apart.may_start
    found = Sighting(CWAC, "jtai", date(2024, 3, 14), "none", date(2024, 3, 14), dated=False)
    assert place(found, [send]).story is None
    # its own programme's story is found first, however near the other
    jtai = FakeStory(7, CWAC, "jtai", date(2024, 3, 1), judgement="none")
    assert place(Sighting(CWAC, "jtai", date(2024, 3, 14)), [send, jtai]).story is jtai


def test_a_new_typed_sighting_may_start_an_event_and_an_untyped_one_may_not() -> None:
    assert place(Sighting("E06000010", "ilacs_full", date(2024, 2, 3)), STORIES).may_start
    assert not place(Sighting("E06000010", None, date(2024, 2, 3)), STORIES).may_start


_LABEL = st.text("abcdefghijklmnopqrstuvwxyz0123456789", min_size=1, max_size=8)
_SEGMENT = st.text(
    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._~-", max_size=12
)


@settings(max_examples=3000, deadline=None)
@given(
    scheme=st.sampled_from(["http", "https"]),
    host=st.lists(_LABEL, min_size=1, max_size=4).map(".".join),
    port=st.one_of(st.none(), st.integers(0, 70000)),
    segments=st.lists(_SEGMENT, min_size=0, max_size=5),
)
def test_canonical_url_skips_w3lib_only_where_w3lib_keeps_the_url(
    scheme: str, host: str, port: int | None, segments: list[str]
) -> None:
    """The shortcut for plain links (no w3lib parsing) gives w3lib's answer: each URL it
    takes is one w3lib's canonical form returns unchanged."""
    from w3lib.url import canonicalize_url

    from monitor.dedup.urls import _w3lib_keeps

    url = f"{scheme}://{host}{'' if port is None else f':{port}'}" + "".join(
        f"/{s}" for s in segments
    )
    if _w3lib_keeps(url):
        assert canonicalize_url(url, keep_fragments=False) == url


def test_plain_links_take_the_shortcut_and_others_do_not() -> None:
    from monitor.dedup.urls import _w3lib_keeps

    assert _w3lib_keeps("https://www.bbc.co.uk/news/articles/c0123456789o")
    assert _w3lib_keeps("http://127.1.0.1:40141/paper1/news/2026/11/23/kent-ofsted/")
    for url in (
        "https://example.org/news?id=1",
        "https://example.org/news#top",
        "https://example.org/a/../b",
        "https://example.org/caf%C3%A9",
        "https://Example.org/news",
        "https://example.org:99999/news",
        "https://example.org",
    ):
        assert not _w3lib_keeps(url), url


@settings(max_examples=2000, deadline=None)
@given(st.binary(max_size=300))
def test_a_body_hash_by_byte_table_is_the_content_hash_of_its_latin1_text(data: bytes) -> None:
    from monitor.dedup.text import content_hash_latin1

    assert content_hash_latin1(data) == content_hash(data.decode("latin-1"))
