"""The features a place name may mean, before the article weighs them (see places.py).

Looked up under the name as written, without a "province"/"state" suffix, or cut where text is
glued to it; narrowed by a qualifier written after it ("Paris, Texas", "ADDISON, Ill."), unless
the name is a country's (in "Venezuela, Cuba" the next name is a list item); read bare
otherwise (see :func:`_bare_reading`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from worker.models import PlaceKind
from worker.stages.tag.geonames import Feature, Gazetteer

#: A city this large is what its name means, even where a region shares the name ("New York").
METROPOLIS = 1_000_000
#: GeoNames' own threshold for its standard city extract (cities15000).
MIN_BARE_POPULATION = 15_000
#: "Guangdong province", "Washington state": the suffix says which kind of feature is meant.
_REGION_SUFFIX = re.compile(r"\s+(?:province|state|region|oblast|prefecture)$", re.IGNORECASE)
#: Where a name runs on into text glued to it ("Crimea,-and", "North Korea.-It"): no place name holds these.
_ARTEFACT = re.compile(r"[,;?!\"“”]|\.-")
#: Up to three capitalised words (or an abbreviation such as "Ill." or "D.C.") after "Name, ".
_QUALIFIER = re.compile(r"\s+((?:[A-Z][\w'’.-]*)(?:\s[A-Z][\w'’.-]*){0,2})")


@dataclass(frozen=True)
class Found:
    """The features a name may mean (each flagged when matched on a secondary name), and whether a
    qualifier written after it narrowed them."""

    features: list[tuple[Feature, bool]]
    qualified: bool = False


def candidates(gaz: Gazetteer, name: str, text: str) -> Found:
    """Features ``name`` may mean, narrowed by a qualifier written after it in ``text``."""
    bare = _REGION_SUFFIX.sub("", name)
    cands = gaz.lookup(name) or gaz.lookup(bare) or gaz.lookup(_ARTEFACT.split(name, 1)[0].rstrip("."))
    if bare != name:
        cands = [c for c in cands if c[0].kind is PlaceKind.REGION] or cands
    ambiguous = len({(f.country_code, f.region_code) for f, _ in cands}) > 1
    small = len(cands) == 1 and cands[0][0].population < MIN_BARE_POPULATION
    country = any(f.kind is PlaceKind.COUNTRY and not alias for f, alias in cands)  # "Venezuela, Cuba" is a list
    within = _qualifier(gaz, name, text) if (ambiguous or small) and not country else []
    narrowed = [c for c in cands if _inside(c[0], within)]
    return Found(narrowed, qualified=True) if narrowed else Found(_bare_reading(cands))


def _bare_reading(cands: list[tuple[Feature, bool]]) -> list[tuple[Feature, bool]]:
    """What an unqualified name can mean to a reader. A country's name means the country, not a town of
    that name ("Greece", New York). A town does not take the name of a region of its own country unless it
    is a capital or a metropolis ("Wyoming" is the state, not Wyoming, Michigan). A small town is read only
    where nothing larger bears the name (Boston, New York, a village, is not "Boston")."""
    if any(f.kind is PlaceKind.COUNTRY and not alias for f, alias in cands):
        cands = [c for c in cands if c[0].kind is not PlaceKind.CITY]
    regions = {f.country_code for f, alias in cands if f.kind is PlaceKind.REGION and not alias}
    cands = [(f, alias) for f, alias in cands if f.kind is not PlaceKind.CITY or f.country_code not in regions
             or f.capital or f.population >= METROPOLIS]
    large = [c for c in cands if not (c[0].kind is PlaceKind.CITY and c[0].population < MIN_BARE_POPULATION)]
    return large or cands


def _qualifier(gaz: Gazetteer, name: str, text: str) -> list[Feature]:
    """Regions or countries written right after ``name`` ("Paris, Texas"; "ADDISON, Ill.")."""
    out: list[Feature] = []
    for form in {f"{name},", f"{name.upper()},"}:
        at = text.find(form)
        while at >= 0:
            m = _QUALIFIER.match(text, at + len(form))
            if m:
                out += _region_or_country(gaz, m.group(1).split())
            at = text.find(form, at + 1)
    return out


def _region_or_country(gaz: Gazetteer, words: list[str]) -> list[Feature]:
    for n in range(len(words), 0, -1):  # longest first: "New Mexico" before "New"
        phrase = " ".join(words[:n])
        found = [f for f, _ in gaz.lookup(phrase) or gaz.lookup(phrase.rstrip(".,"))
                 if f.kind in (PlaceKind.REGION, PlaceKind.COUNTRY)]
        if found:
            return found
    return []


def _inside(f: Feature, within: list[Feature]) -> bool:
    return any(f.country_code == w.country_code and (w.kind is PlaceKind.COUNTRY or f.region_code == w.region_code)
               and f is not w for w in within)


