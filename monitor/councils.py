"""Reference data: the English local authorities with children's services duties.

Loaded once from package data (``monitor/data/local_authorities.csv`` and
``former_authorities.csv``, built from ``../shared/reference``). Lookups accept the
official name, any alias, an ONS code or an Ofsted URN, after normalising case, ``&``/``and``,
``St.``/``St`` and the usual "council", "city of", "london borough of" wrappers.
"""

from __future__ import annotations

import csv
import difflib
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache
from importlib import resources

ONS_CODE_RE = re.compile(r"^E(06|08|09|10)\d{6}$")

_WRAPPERS = (
    "royal borough of",
    "london borough of",
    "metropolitan borough council",
    "metropolitan district council",
    "borough council",
    "county council",
    "city council",
    "council of the",
    "city of",
    "council",
)


@dataclass(frozen=True)
class Council:
    """One current local authority."""

    name: str
    ons_code: str
    la_type: str
    region: str
    aliases: tuple[str, ...]
    ofsted_urn: str | None
    notes: str = ""

    @property
    def names(self) -> tuple[str, ...]:
        return (self.name, *self.aliases)


@dataclass(frozen=True)
class FormerAuthority:
    """An abolished authority and the councils that took over its duties."""

    name: str
    ons_code: str | None
    successors: tuple[str, ...]
    successor_ons_codes: tuple[str, ...]
    end_date: str
    ofsted_urn: str | None
    notes: str = ""


_ST = re.compile(r"\bst\.")
_PUNCTUATION = re.compile(r"[,()]")
_SPACES = re.compile(r"\s+")
_WRAPPER_RES = tuple(re.compile(rf"(^|\s){re.escape(w)}(\s|$)") for w in _WRAPPERS)


def normalise(name: str) -> str:
    """Fold a council name for comparison: 'St. Helens Council' -> 'st helens'."""
    text = name.lower().replace("&", " and ").replace("’", "'")
    text = _ST.sub("st", text)
    text = _PUNCTUATION.sub(" ", text)
    text = _SPACES.sub(" ", text).strip()
    for wrapper, pattern in zip(_WRAPPERS, _WRAPPER_RES, strict=True):
        if wrapper in text:  # most names carry one wrapper at most
            text = pattern.sub(" ", text).strip()
    return _SPACES.sub(" ", text).strip()


@dataclass
class Gazetteer:
    """All current and former authorities, indexed for lookup."""

    councils: tuple[Council, ...]
    former: tuple[FormerAuthority, ...]
    _by_key: dict[str, Council] = field(default_factory=dict, repr=False)
    _ambiguous: set[str] = field(default_factory=set, repr=False)

    def __post_init__(self) -> None:
        for council in self.councils:
            self._by_key[council.ons_code.lower()] = council
            if council.ofsted_urn:
                self._by_key[council.ofsted_urn] = council
            for variant in council.names:
                key = normalise(variant)
                other = self._by_key.get(key)
                if other is not None and other is not council:
                    self._ambiguous.add(key)
                self._by_key[key] = council
        for key in self._ambiguous:
            self._by_key.pop(key, None)

    def lookup(self, text: str) -> Council | None:
        """The council named by ``text`` (name, alias, ONS code or URN), or None."""
        key = text.strip()
        if ONS_CODE_RE.match(key.upper()):
            return self._by_key.get(key.lower())
        return self._by_key.get(key) or self._by_key.get(normalise(key))

    def by_name(self, name: str) -> Council:
        """The council with exactly this official name (KeyError if none)."""
        for council in self.councils:
            if council.name == name:
                return council
        raise KeyError(name)

    def suggest(self, text: str, n: int = 3) -> list[str]:
        """Official names close to ``text``, for "did you mean" messages."""
        wanted = normalise(text)
        keys = {normalise(v): c.name for c in self.councils for v in c.names}
        close = difflib.get_close_matches(wanted, list(keys), n=n * 2, cutoff=0.6)
        seen: list[str] = []
        for key in close:
            if keys[key] not in seen:
                seen.append(keys[key])
        if not seen:  # substring fallback: "cheshire" -> both Cheshires
            seen = [c.name for c in self.councils if wanted and wanted in normalise(c.name)]
        return seen[:n]

    def search(self, query: str | None) -> list[Council]:
        """Councils whose name, alias, ONS code, type or region contains ``query``."""
        if not query:
            return list(self.councils)
        wanted = normalise(query)
        exact = self.lookup(query)
        hits = [
            c
            for c in self.councils
            if any(wanted in normalise(v) for v in c.names)
            or wanted in c.ons_code.lower()
            or wanted in c.region.lower()
            or wanted in c.la_type.lower()
        ]
        if exact is not None and exact not in hits:
            hits.insert(0, exact)
        return hits

    def former_authority(self, text: str) -> FormerAuthority | None:
        wanted = normalise(text)
        for former in self.former:
            if normalise(former.name) == wanted or (
                former.ons_code and former.ons_code.lower() == text.strip().lower()
            ):
                return former
        return None

    def resolve_many(self, names: Iterable[str]) -> list[Council]:
        """Resolve names or ``all``; unknown ones raise KeyError with the text."""
        out: list[Council] = []
        for text in names:
            if text.strip().lower() == "all":
                return list(self.councils)
            council = self.lookup(text)
            if council is None:
                raise KeyError(text)
            if council not in out:
                out.append(council)
        return out


def _split(value: str) -> tuple[str, ...]:
    return tuple(v.strip() for v in value.split(";") if v.strip())


def _read_csv(name: str) -> list[dict[str, str]]:
    text = resources.files("monitor").joinpath("data", name).read_text(encoding="utf-8")
    return list(csv.DictReader(text.splitlines()))


@cache
def gazetteer() -> Gazetteer:
    """The package's reference data, loaded once."""
    councils = tuple(
        Council(
            name=row["name"],
            ons_code=row["ons_code"],
            la_type=row["la_type"],
            region=row["region"],
            aliases=_split(row["aliases"]),
            ofsted_urn=row["ofsted_urn"] or None,
            notes=row.get("notes") or "",
        )
        for row in _read_csv("local_authorities.csv")
    )
    former = tuple(
        FormerAuthority(
            name=row["name"],
            ons_code=row["ons_code"] or None,
            successors=_split(row["successors"]),
            successor_ons_codes=_split(row["successor_ons_codes"]),
            end_date=row["end_date"],
            ofsted_urn=row["ofsted_urn"] or None,
            notes=row.get("notes") or "",
        )
        for row in _read_csv("former_authorities.csv")
    )
    return Gazetteer(councils=councils, former=former)
