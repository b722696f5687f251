"""The hex map layout: every current authority has exactly one hex, and no two share one."""

from __future__ import annotations

import tomllib
from collections import Counter
from importlib import resources

from monitor.councils import gazetteer
from monitor.web.hexmap import cells, layout
from tests.conftest import ROOT


def neighbours(q: int, r: int) -> set[tuple[int, int]]:
    """The six neighbours of a hex in an odd-r layout (odd rows shifted right)."""
    shift = 1 if r % 2 else 0
    return {
        (q - 1, r),
        (q + 1, r),
        (q - 1 + shift, r - 1),
        (q + shift, r - 1),
        (q - 1 + shift, r + 1),
        (q + shift, r + 1),
    }


def test_every_current_authority_has_exactly_one_hex() -> None:
    hexes = layout()
    codes = [c.ons_code for c in gazetteer().councils]
    assert sorted(hexes) == sorted(codes)
    assert len(hexes) == 153
    for council in gazetteer().councils:
        assert hexes[council.ons_code].name == council.name


def test_no_two_authorities_share_a_hex() -> None:
    places = Counter((h.q, h.r) for h in layout().values())
    assert [p for p, n in places.items() if n > 1] == []
    drawn = cells()
    assert len({c.points for c in drawn}) == len(drawn) == 153


def test_successor_authorities_sit_together() -> None:
    hexes = layout()
    for a, b in [("E06000063", "E06000064"), ("E06000061", "E06000062")]:
        assert (hexes[b].q, hexes[b].r) in neighbours(hexes[a].q, hexes[a].r), (a, b)
    # North Yorkshire keeps its place beside York
    york, north_yorkshire = hexes["E06000014"], hexes["E06000065"]
    assert abs(york.r - north_yorkshire.r) <= 1


def test_layout_ships_with_its_attribution() -> None:
    folder = resources.files("monitor.web").joinpath("data")
    notice = folder.joinpath("LICENSE-hexmaps.txt").read_text("utf-8")
    assert "MIT License" in notice and "Open Innovations" in notice
    package_data = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["tool"][
        "setuptools"
    ]["package-data"]["monitor"]
    assert "web/data/*" in package_data
