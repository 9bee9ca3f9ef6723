"""The gazetteer index format: feature columns and a name index, written by geobuild, read by geonames.

One JSON document (gzip): each feature field is one column, strings joined by
newlines and numbers packed as little-endian integers (base64), so loading
creates no per-feature objects; the name index is a newline-joined list of
folded names with one integer reference each. A reference ``r >= 0`` is one
feature, ``2 * feature + alias`` (alias: matched on one of its other names);
``r < 0`` points into ``groups``, where ``groups[-r - 1]`` holds a count and
that many such entries.
"""

from __future__ import annotations

import base64
import sys
from array import array
from dataclasses import dataclass, field
from typing import Any

from worker.models import PlaceKind

FORMAT = 1
#: No latitude or longitude (a sea, a territory without cities).
MISSING = -(2**31)
#: Coordinates are kept to 4 decimals (about 10 m), as GeoNames gives them.
SCALE = 10_000
KIND_CODES = {PlaceKind.CITY: "c", PlaceKind.REGION: "r", PlaceKind.COUNTRY: "n", PlaceKind.CONTINENT: "t",
              PlaceKind.AREA: "a"}
KINDS = {code: kind for kind, code in KIND_CODES.items()}


@dataclass(frozen=True, slots=True, eq=False)
class Feature:
    """One gazetteer entry, as plain fields. The gazetteer makes one object per entry, so features compare
    (and hash, quickly) by identity."""

    name: str
    kind: PlaceKind
    country_code: str | None
    region_code: str | None
    latitude: float | None
    longitude: float | None
    geonames_id: int | None
    population: int
    capital: bool = False


@dataclass
class Table:
    """Features and the names they are found by, in insertion order (the builder inserts in a fixed order)."""

    rows: list[Feature] = field(default_factory=list)
    names: dict[str, list[int]] = field(default_factory=dict)
    abbreviations: dict[str, int] = field(default_factory=dict)

    def add(self, row: Feature, names: list[str], others: list[str] | tuple[str, ...] = (),
            abbreviations: tuple[str, ...] = ()) -> None:
        """File ``row`` under its folded ``names``, its folded ``others`` (secondary names), and exact
        ``abbreviations`` ("Ill.")."""
        index = len(self.rows)
        self.rows.append(row)
        for alias, keys in ((0, names), (1, others)):
            for key in keys:
                refs = self.names.setdefault(key, [])
                if all(r // 2 != index for r in refs):
                    refs.append(2 * index + alias)
        for a in abbreviations:
            self.abbreviations[a] = index

    def encoded(self) -> dict[str, Any]:
        keys = sorted(self.names)
        refs, groups = array("i"), array("i")
        for key in keys:
            entries = self.names[key]
            if len(entries) == 1:
                refs.append(entries[0])
            else:
                refs.append(-len(groups) - 1)
                groups.extend([len(entries), *entries])
        codes = sorted({r.country_code for r in self.rows if r.country_code})
        regions = sorted({r.region_code for r in self.rows if r.region_code})
        return {
            "format": FORMAT, "names": "\n".join(r.name for r in self.rows),
            "kinds": "".join(KIND_CODES[r.kind] for r in self.rows),
            "country_codes": "\n".join(codes), "region_codes": "\n".join(regions),
            "country": _pack("H", [codes.index(r.country_code) + 1 if r.country_code else 0 for r in self.rows]),
            "region": _pack("H", _indices([r.region_code for r in self.rows], regions)),
            "latitude": _pack("i", [_scaled(r.latitude) for r in self.rows]),
            "longitude": _pack("i", [_scaled(r.longitude) for r in self.rows]),
            "geonames_id": _pack("i", [r.geonames_id or 0 for r in self.rows]),
            "population": _pack("q", [r.population for r in self.rows]),
            "capital": _pack("B", [int(r.capital) for r in self.rows]),
            "keys": "\n".join(keys), "refs": _pack("i", refs), "groups": _pack("i", groups),
            "abbreviations": self.abbreviations,
        }


def _indices(values: list[str | None], table: list[str]) -> list[int]:
    position = {v: i + 1 for i, v in enumerate(table)}
    return [position[v] if v else 0 for v in values]


def _scaled(x: float | None) -> int:
    return MISSING if x is None else round(round(x, 4) * SCALE)


def _pack(code: str, values: Any) -> str:
    a = array(code, values)
    if sys.byteorder != "little":
        a.byteswap()
    return base64.b64encode(a.tobytes()).decode("ascii")


def unpack(code: str, text: str) -> array[Any]:
    """A column written by :func:`_pack`."""
    a = array(code)
    a.frombytes(base64.b64decode(text))
    if sys.byteorder != "little":
        a.byteswap()
    return a
