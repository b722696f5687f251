"""The reference data: every current English local authority with children's services duties."""

from __future__ import annotations

import csv
import re
from collections import Counter

import pytest

from monitor.councils import gazetteer, normalise
from tests.conftest import SHARED


def test_there_are_153_authorities_in_the_expected_groups() -> None:
    councils = gazetteer().councils
    assert len(councils) == 153
    groups = Counter(c.ons_code[:3] for c in councils)
    assert groups == {"E06": 63, "E08": 36, "E09": 33, "E10": 21}


def test_ons_codes_and_urns_are_unique_and_well_formed() -> None:
    councils = gazetteer().councils
    codes = [c.ons_code for c in councils]
    assert len(set(codes)) == len(codes)
    assert all(re.fullmatch(r"E(06|08|09|10)\d{6}", code) for code in codes)
    urns = [c.ofsted_urn for c in councils]
    assert all(urn and urn.isdigit() for urn in urns)
    assert len(set(urns)) == len(urns)


def test_every_name_and_alias_resolves_to_exactly_its_authority() -> None:
    gaz = gazetteer()
    owners: dict[str, set[str]] = {}
    for council in gaz.councils:
        for variant in council.names:
            owners.setdefault(normalise(variant), set()).add(council.name)
    clashes = {k: v for k, v in owners.items() if len(v) > 1}
    assert clashes == {}
    for council in gaz.councils:
        for variant in council.names:
            assert gaz.lookup(variant) == council, variant
        assert gaz.lookup(council.ons_code) == council


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("CWAC", "Cheshire West and Chester"),
        ("Hull", "Kingston upon Hull, City of"),
        ("B&NES", "Bath and North East Somerset"),
        ("Bristol", "Bristol, City of"),
        ("Herefordshire", "Herefordshire, County of"),
        ("BCP", "Bournemouth, Christchurch and Poole"),
        ("St Helens Council", "St. Helens"),
        ("London Borough of Barnet", "Barnet"),
        ("e08000012", "Liverpool"),
    ],
)
def test_common_names_resolve(text: str, expected: str) -> None:
    council = gazetteer().lookup(text)
    assert council is not None and council.name == expected


def test_unknown_names_get_suggestions() -> None:
    assert gazetteer().lookup("Chesire West") is None
    assert "Cheshire West and Chester" in gazetteer().suggest("Chesire West")


def test_former_authorities_point_at_current_successors() -> None:
    gaz = gazetteer()
    for former in gaz.former:
        for code in former.successor_ons_codes:
            assert gaz.lookup(code) is not None, (former.name, code)
    cumbria = gaz.former_authority("Cumbria")
    assert cumbria is not None
    assert set(cumbria.successors) == {"Cumberland", "Westmorland and Furness"}


def test_package_data_matches_the_shared_reference() -> None:
    path = SHARED / "reference" / "local_authorities.csv"
    if not path.exists():
        pytest.skip("../shared/reference is not beside the project")
    rows = list(csv.DictReader(path.open(encoding="utf-8")))
    assert {r["ons_code"] for r in rows} == {c.ons_code for c in gazetteer().councils}


def test_every_council_acronym_names_one_current_authority() -> None:
    """The acronym list (package data) names councils of the reference data, one each."""
    from monitor.analyze.councils import council_acronyms

    gaz = gazetteer()
    acronyms = council_acronyms()
    assert acronyms, "monitor/data/council_acronyms.csv is empty or missing"
    for acronym, name in acronyms.items():
        assert acronym.isupper() and acronym.isalpha(), acronym
        assert gaz.by_name(name).name == name  # KeyError if the name is not an authority's
        assert gaz.lookup(acronym) in (None, gaz.by_name(name)), acronym  # no other council's
