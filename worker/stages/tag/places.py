"""Places on the map: each place entity resolved to a GeoNames feature, read as a reader would.

A name often fits several features ("Paris", "Georgia", "Columbus",
"Washington"). The article decides, strongest evidence first:

1. a qualifier written next to the name: "Paris, Texas", "ADDISON, Ill.",
   "COLUMBUS, Ohio" keep only the features inside that region or country;
2. the dateline, the other places of the article and the publisher's home
   country: a candidate inside a region the article names (or the dateline's
   region) gains :data:`REGION_WEIGHT`, one inside a country it names gains
   :data:`COUNTRY_WEIGHT` times that country's share of the article's places;
3. prominence: log10 of the population, plus :data:`CAPITAL_BONUS` for a
   national capital and :data:`METROPOLIS_BONUS` for a city of a million.
   A region shares its name with a city inside it ("New York", "Quebec"),
   and readers mean the region unless the city is a metropolis, so regions
   carry :data:`REGION_DISCOUNT`; a town that is neither a capital nor a
   metropolis does not take a region's name from it in its own country
   ("Wyoming" is the state, not Wyoming, Michigan). A named area (a sea, the
   Balkans) scores at least :data:`AREA_PROMINENCE`.

A country's name is never narrowed by the next name ("Venezuela, Cuba" is a
list). A town under :data:`MIN_BARE_POPULATION` stays unresolved unless a
qualifier, the dateline or another place of the article names its region: a
bare small-town name is more often a mislabelled word or an unknown namesake
than that town, and naming the country is weak evidence (the United States is
in most articles). The weights are round numbers chosen from these reading
rules, not fitted; docs/design.md has the reasoning and bench/geo_quality.py
the measured effect on held-out outlets.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass, field

from worker.models import Entity, EntityType, Place, PlaceKind
from worker.stages.tag.geonames import Feature, Gazetteer, gazetteer
from worker.stages.tag.placenames import METROPOLIS, MIN_BARE_POPULATION, Found, candidates

REGION_WEIGHT = 3.0
COUNTRY_WEIGHT = 1.5
HOME_WEIGHT = 0.75
CAPITAL_BONUS = 1.0
METROPOLIS_BONUS = 1.0
REGION_DISCOUNT = 0.5
ALIAS_PENALTY = 0.3
#: A named area ("Atlantic", "Gulf", "Balkans") outranks a town of that name unless the article says otherwise:
#: it scores at least as a place of 10 million people (seas have no population).
AREA_PROMINENCE = 7.0

#: A wire dateline the normalizer left in the lead: "COLUMBUS, Ohio (AP) —".
_LEAD_DATELINE = re.compile(r"^([A-Z][A-Z.'’ -]{2,30}(?:,\s+[A-Z][\w.'’]*(?:\s[A-Z][\w.'’]*)?)?)\s*(?:\([^)]{1,30}\))?"
                            r"\s*[—–-]{1,2}\s")


@dataclass(frozen=True)
class Geography:
    """Place entities with their ``place`` filled in, the article's countries, its dateline's place."""

    entities: list[Entity]
    countries: list[str]
    dateline_place: Place | None


@dataclass
class _Context:
    """What the article says about where it is: how often each region and country is named by the other
    names (the dateline's too), and the publisher's home country. ``own`` is the name being read, which is
    no evidence for itself."""

    regions: Counter[tuple[str | None, str | None]] = field(default_factory=Counter)
    countries: Counter[str | None] = field(default_factory=Counter)
    home: str | None = None
    own: Feature | None = None

    def has_region(self, f: Feature) -> bool:
        key = (f.country_code, f.region_code)
        mine = self.own is not None and self.own.region_code is not None and \
            (self.own.country_code, self.own.region_code) == key
        return self.regions[key] > mine

    def has_country(self, code: str | None) -> bool:
        return self.countries[code] > (self.own is not None and self.own.country_code == code)

    def share(self, code: str | None) -> float:
        """How much of the article's geography is in country ``code``: naming the United States among
        twenty countries says little about which "Geneva" is meant, naming only it says much."""
        mine = self.own is not None
        others = self.countries[code] - (mine and self.own.country_code == code)  # type: ignore[union-attr]
        return others / max(1, sum(self.countries.values()) - mine)


def geography(ents: list[Entity], text: str, dateline: str | None, home_country: str | None = None) -> Geography:
    """Resolve the place entities of one article (``text`` is its title and body)."""
    gaz = gazetteer()
    lead_dateline = dateline or _lead_dateline(text)
    dateline_feature = _dateline(gaz, lead_dateline, text) if lead_dateline else None
    names = {e.name: candidates(gaz, e.name, text) for e in ents if e.type is EntityType.PLACE}
    # Two readings: the first knows only the names with one meaning (and the dateline), the second
    # reads each name against the first reading of all the others ("Atlanta" settles "Georgia").
    first = _read(gaz, names, {n: f for n, found in names.items() if (f := _anchor(found))}, dateline_feature,
                  home_country)
    resolved = _read(gaz, names, first, dateline_feature, home_country)
    out = _merge(gaz, ents, resolved)
    dateline_place = gaz.place(dateline_feature) if dateline_feature else None
    return Geography(entities=out, countries=_countries(out, dateline_place), dateline_place=dateline_place)


def _read(gaz: Gazetteer, names: dict[str, Found], known: dict[str, Feature], dateline: Feature | None,
          home: str | None) -> dict[str, Feature]:
    """Each name's best feature, in the context of the ``known`` features of the other names."""
    if all(len(found.features) == 1 and name in known and not _needs_support(known[name])
           for name, found in names.items()):
        return dict(known)  # every name has one reading: nothing to weigh
    features = [*known.values(), *([dateline] if dateline is not None else [])]
    # A region that is most of its country (England) says no more than the country does.
    context = _Context(Counter((f.country_code, f.region_code) for f in features
                               if f.region_code and not gaz.broad(f.country_code, f.region_code)),
                       Counter(f.country_code for f in features), home)
    out: dict[str, Feature] = {}
    for name, found in names.items():
        context.own = known.get(name)
        best = _best(found, context)
        if best is not None:
            out[name] = best
    return out


def _anchor(found: Found) -> Feature | None:
    """A name with one reading: the context that settles the others."""
    return found.features[0][0] if len(found.features) == 1 else None


def _best(found: Found, context: _Context) -> Feature | None:
    if not found.features:
        return None
    if len(found.features) == 1:
        best = found.features[0][0]  # nothing to weigh
    else:
        _, _, best = max((_score(f, alias, context), -i, f) for i, (f, alias) in enumerate(found.features))
    if _needs_support(best) and not (found.qualified or context.has_region(best) or best.country_code == context.home):
        return None
    return best


def _needs_support(f: Feature) -> bool:
    """A small town: resolved only with support from the article (see :func:`_best`)."""
    return f.kind is PlaceKind.CITY and f.population < MIN_BARE_POPULATION


def _score(f: Feature, alias: bool, context: _Context) -> float:
    s = math.log10(max(f.population, 1))
    if f.kind is PlaceKind.AREA:
        s = max(s, AREA_PROMINENCE)
    if f.kind is PlaceKind.REGION:
        s -= REGION_DISCOUNT
    if f.capital:
        s += CAPITAL_BONUS
    if f.kind is PlaceKind.CITY and f.population >= METROPOLIS:
        s += METROPOLIS_BONUS
    if alias:
        s -= ALIAS_PENALTY
    if f.region_code and context.has_region(f):
        s += REGION_WEIGHT
    elif context.has_country(f.country_code):
        s += REGION_WEIGHT if f.kind is PlaceKind.COUNTRY else COUNTRY_WEIGHT * context.share(f.country_code)
    if f.country_code == context.home:
        s += HOME_WEIGHT
    return s


def _lead_dateline(text: str) -> str | None:
    """The dateline still at the head of the body ("COLUMBUS, Ohio (AP) —"), when normalize left it there."""
    for para in text.split("\n\n", 2)[:2]:
        m = _LEAD_DATELINE.match(para)
        if m:
            return m.group(1)
    return None


def _dateline(gaz: Gazetteer, dateline: str, text: str) -> Feature | None:
    """Resolve 'Columbus, Ohio' or 'SHANGHAI' with the text as context for a bare name."""
    city, _, qualifier = dateline.partition(",")
    city = city.strip().title() if city.isupper() else city.strip()
    cands = candidates(gaz, city, f"{city}, {qualifier.strip()}" if qualifier else text)
    return _best(cands, _Context())


def _merge(gaz: Gazetteer, ents: list[Entity], resolved: dict[str, Feature]) -> list[Entity]:
    """Attach places; entities naming the same feature ("Wis.", "Wisconsin") become one."""
    out: list[Entity] = []
    seen: dict[Feature, int] = {}
    for e in ents:
        f = resolved.get(e.name) if e.type is EntityType.PLACE else None
        if f is None:
            out.append(e)
            continue
        place = gaz.place(f)
        name = place.name if e.name in gaz.abbreviations else e.name
        if f in seen:
            k = seen[f]
            out[k] = _with(out[k], mentions=out[k].mentions + e.mentions, salient=out[k].salient or e.salient)
            continue
        seen[f] = len(out)
        out.append(_with(e, name=name, place=place))
    return out


def _with(e: Entity, **update: object) -> Entity:
    """``e`` with some fields replaced (validating the fields again is quicker than ``model_copy``)."""
    return Entity(**{**e.__dict__, **update})


def _countries(ents: list[Entity], dateline_place: Place | None) -> list[str]:
    """Countries by salience: salient first, then by mentions, then by first appearance."""
    mentions: Counter[str] = Counter()
    salient: set[str] = set()
    order: dict[str, int] = {}
    located = [(e.place, e.mentions, e.salient) for e in ents if e.place is not None]
    if dateline_place is not None:
        located.insert(0, (dateline_place, 1, True))
    for place, n, is_salient in located:
        cc = place.country_code
        if cc is None:
            continue
        mentions[cc] += n
        order.setdefault(cc, len(order))
        if is_salient:
            salient.add(cc)
    return sorted(mentions, key=lambda cc: (cc not in salient, -mentions[cc], order[cc]))
