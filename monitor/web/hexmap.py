"""The hex map of England's upper-tier authorities: layout (package data) and SVG geometry.

The layout is ``data/england-upper-tier.hexjson`` (HexJSON, ``odd-r``: odd rows sit half a hex
to the right; ``r`` grows northwards), derived from odileeds/hexmaps under the MIT licence (see
``data/LICENSE-hexmaps.txt``). This module is pure: it turns the layout and a colour per
authority into polygons; the page template draws them.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from functools import cache
from importlib import resources

LAYOUT_FILE = "england-upper-tier.hexjson"
ATTRIBUTION = (
    "Hex layout: Open Innovations (odileeds/hexmaps, MIT licence), "
    "adapted for the 2020-2023 unitary authorities"
)
RADIUS = 14.0  # centre to corner, in SVG units


@dataclass(frozen=True)
class Hex:
    ons_code: str
    name: str
    q: int
    r: int


@dataclass(frozen=True)
class Cell:
    """One drawn hex: where it is and how it looks."""

    ons_code: str
    name: str
    points: str  # the polygon's corners, "x,y x,y ..."
    x: float  # centre
    y: float


@cache
def layout() -> dict[str, Hex]:
    """The packaged layout, keyed by ONS code."""
    text = resources.files("monitor.web").joinpath("data", LAYOUT_FILE).read_text("utf-8")
    doc = json.loads(text)
    if doc.get("layout") != "odd-r":
        raise ValueError(f"{LAYOUT_FILE}: expected the odd-r layout, got {doc.get('layout')!r}")
    return {
        code: Hex(ons_code=code, name=h["n"], q=int(h["q"]), r=int(h["r"]))
        for code, h in doc["hexes"].items()
    }


def cells(hexes: dict[str, Hex] | None = None, radius: float = RADIUS) -> list[Cell]:
    """Pointy-topped hexes in SVG coordinates (y grows downwards, so north is up)."""
    hexes = layout() if hexes is None else hexes
    if not hexes:
        return []
    width = math.sqrt(3) * radius
    top = max(h.r for h in hexes.values())
    left = min(h.q for h in hexes.values())
    out = []
    for h in sorted(hexes.values(), key=lambda h: (-h.r, h.q)):
        x = (h.q - left) * width + (width / 2 if h.r % 2 else 0) + width / 2 + 2
        y = (top - h.r) * radius * 1.5 + radius + 2
        corners = [
            (
                x + radius * math.cos(math.radians(60 * i - 30)),
                y + radius * math.sin(math.radians(60 * i - 30)),
            )
            for i in range(6)
        ]
        points = " ".join(f"{cx:.1f},{cy:.1f}" for cx, cy in corners)
        out.append(Cell(ons_code=h.ons_code, name=h.name, points=points, x=x, y=y))
    return out


def view_box(drawn: list[Cell], radius: float = RADIUS) -> str:
    """The SVG viewBox that holds every hex with a small margin."""
    if not drawn:
        return "0 0 10 10"
    width = max(c.x for c in drawn) + radius + 2
    height = max(c.y for c in drawn) + radius + 2
    return f"0 0 {width:.0f} {height:.0f}"
