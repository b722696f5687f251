"""Canonical URLs, content fingerprints and story matching."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pytest

from monitor.dedup import Sighting, canonical_url, content_hash, event_id, find_story


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
