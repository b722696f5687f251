"""The --search grammar: parsing into a Query, and compiling to FTS5 and tsquery text."""

from __future__ import annotations

from datetime import date

import pytest

from monitor.query import (
    AnyOf,
    DateRange,
    Query,
    QueryError,
    Term,
    fts5_exclude,
    fts5_match,
    parse,
    parse_range,
    tsquery,
)


def test_words_are_anded_and_lower_cased() -> None:
    q = parse("Ofsted Inadequate")
    assert q.include == (AnyOf((Term(("ofsted",)),)), AnyOf((Term(("inadequate",)),)))
    assert fts5_match(q) == '"ofsted" AND "inadequate"'
    assert tsquery(q) == "'ofsted' & 'inadequate'"


def test_phrase_or_exclusion_and_title() -> None:
    q = parse('"special measures" OR inadequate -school intitle:"children\'s services"')
    assert q.include == (
        AnyOf((Term(("special", "measures")), Term(("inadequate",)))),
        AnyOf((Term(("children's", "services"), title_only=True),)),
    )
    assert q.exclude == (Term(("school",)),)
    assert fts5_match(q) == (
        '(("special measures" OR "inadequate") AND title : "children\'s services") NOT ("school")'
    )
    assert tsquery(q) == (
        "(('special' <-> 'measures') | 'inadequate') & ('children''s':A <-> 'services':A) "
        "& !'school'"
    )


def test_only_excluded_words_have_no_match_expression() -> None:
    q = parse("-school -nursery")
    assert fts5_match(q) is None and not q.ranked and q.has_text
    assert fts5_exclude(q) == '"school" OR "nursery"'


def test_quotes_inside_words_cannot_break_the_match_syntax() -> None:
    q = parse('hull" OR')
    # an unclosed quote reads to the end of the text
    assert q.include == (AnyOf((Term(("hull",)),)), AnyOf((Term(("or",)),)))
    assert '"' not in fts5_match(parse("a*b:c")).replace('"a b c"', "")  # type: ignore[union-attr]


def test_filters() -> None:
    q = parse(
        'council:hull council:"Cheshire West and Chester" -council:york type:ilacs '
        "judgement:ri outlet:bbc date:2024-01..2024-06"
    )
    assert q.councils == ("hull", "Cheshire West and Chester")
    assert q.not_councils == ("york",)
    assert q.types == ("ilacs_full", "ilacs_short")
    assert q.judgements == ("requires_improvement",)
    assert q.outlets == ("bbc",)
    assert q.dates == (DateRange(date(2024, 1, 1), date(2024, 6, 30)),)
    assert not q.has_text


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2024", DateRange(date(2024, 1, 1), date(2024, 12, 31))),
        ("2024-02", DateRange(date(2024, 2, 1), date(2024, 2, 29))),
        ("2024-02-03", DateRange(date(2024, 2, 3), date(2024, 2, 3))),
        ("2023-11..", DateRange(date(2023, 11, 1), None)),
        ("..2019", DateRange(None, date(2019, 12, 31))),
    ],
)
def test_date_ranges(text: str, expected: DateRange) -> None:
    assert parse_range(text) == expected


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("counsil:hull", "did you mean council:?"),
        ("type:ilac", "did you mean ilacs"),
        ("judgement:bad", "unknown judgement 'bad'"),
        ("date:2024-13", "not a real date"),
        ("date:2024-06..2024-01", "ends before it starts"),
        ("date:yesterday", "use YYYY, YYYY-MM or YYYY-MM-DD"),
        ("OR hull", "OR must stand between"),
        ("hull OR", "not at the end"),
        ("hull OR -york", "OR cannot join an excluded term"),
        ("council:", "council: needs a value"),
    ],
)
def test_errors_say_what_to_write(text: str, message: str) -> None:
    with pytest.raises(QueryError, match=message.replace("?", r"\?").replace("(", r"\(")):
        parse(text)


def test_empty_query() -> None:
    assert parse("  ") == Query()
    assert fts5_match(Query()) is None and tsquery(Query()) is None
