"""Places resolve as a reader would: seeds through the whole tag stage, wire-style fixtures through the resolver."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from worker.models import Entity, EntityType, NormalizedArticle, PlaceKind, RawRef, Tags
from worker.settings import Settings
from worker.stages.normalize import normalize
from worker.stages.tag import Tagger
from worker.stages.tag.geonames import fold, gazetteer
from worker.stages.tag.places import Geography, geography
from worker.tools.process import raw_inputs

ROOT = Path(__file__).resolve().parents[3]
SEEDS = sorted((ROOT / "seeds").glob("*.txt"))


def _place(name: str, mentions: int = 1, salient: bool = False) -> Entity:
    return Entity(name=name, type=EntityType.PLACE, mentions=mentions, salient=salient)


def _where(geo: Geography, name: str) -> tuple[str, str | None, str | None]:
    place = next(e.place for e in geo.entities if e.name == name)
    assert place is not None, name
    return place.name, place.country_code, place.region


@pytest.fixture(scope="module")
def seed_tags() -> dict[str, Tags]:
    articles = [normalize(raw) for raw in raw_inputs(SEEDS)]
    tags = Tagger.from_settings(Settings()).tag_many(articles)
    return {a.source.key or "": t for a, t in zip(articles, tags, strict=True)}


def test_seeds_shanghai_beijing_washington(seed_tags: dict[str, Tags]) -> None:
    found = {e.name: e.place for t in seed_tags.values() for e in t.entities if e.place is not None}
    for city, gid, lat, lon in (("Shanghai", 1796236, 31.22, 121.46), ("Beijing", 1816670, 39.91, 116.40)):
        place = found[city]
        assert place.country_code == "CN" and place.kind is PlaceKind.CITY and place.geonames_id == gid
        assert abs((place.latitude or 0) - lat) < 0.05 and abs((place.longitude or 0) - lon) < 0.05
    washington = found["Washington"]
    assert (washington.country_code, washington.region_code, washington.geonames_id) == ("US", "DC", 4140963)


def test_seeds_countries_start_with_china_or_us(seed_tags: dict[str, Tags]) -> None:
    for key, t in seed_tags.items():
        assert t.countries and t.countries[0] in {"CN", "US"}, (key, t.countries)
        assert {"CN", "US"} <= set(t.countries), key


def test_dateline_columbus_ohio() -> None:
    text = "COLUMBUS, Ohio (AP) — City officials in Columbus said on Tuesday they would hire more police."
    geo = geography([_place("Columbus", 2, True)], text, None)
    assert _where(geo, "Columbus") == ("Columbus", "US", "Ohio")
    assert geo.dateline_place is not None and geo.dateline_place.region == "Ohio"
    assert geo.countries == ["US"]


def test_dateline_field_as_normalize_gives_it() -> None:
    geo = geography([_place("Columbus", 1, True)], "City officials in Columbus said on Tuesday.", "Columbus, Ohio")
    assert _where(geo, "Columbus") == ("Columbus", "US", "Ohio")


def test_addison_ill_and_the_abbreviation_itself() -> None:
    text = "ADDISON, Ill. (AP) — A warehouse fire in Addison forced evacuations, Ill. officials said."
    geo = geography([_place("Addison", 2, True), _place("Ill.", 1, True)], text, None)
    assert _where(geo, "Addison") == ("Addison", "US", "Illinois")
    assert _where(geo, "Illinois") == ("Illinois", "US", "Illinois")  # the abbreviation is named in full
    assert geo.dateline_place is not None and geo.dateline_place.geonames_id == 4882920


def test_calgary_alberta() -> None:
    text = "CALGARY, Alberta (AP) — Oil companies in Calgary said on Friday they would cut jobs."
    geo = geography([_place("Calgary", 1, True), _place("Alberta", 1, True)], text, None)
    assert _where(geo, "Calgary") == ("Calgary", "CA", "Alberta")
    assert _where(geo, "Alberta")[1:] == ("CA", "Alberta")
    assert geo.countries == ["CA"]


def test_paris_texas_versus_paris_in_french_politics() -> None:
    texan = "PARIS, Texas (AP) — The small town of Paris, Texas held its spring parade on Saturday."
    geo = geography([_place("Paris", 2, True), _place("Texas", 1, True)], texan, None)
    assert _where(geo, "Paris") == ("Paris", "US", "Texas")
    french = ("President Emmanuel Macron told lawmakers in Paris that France would reform its pensions, "
              "as unions in Lyon and Marseille called strikes.")
    geo = geography([_place("Paris", 2, True), _place("France", 1, True), _place("Lyon"), _place("Marseille")],
                    french, None)
    assert _where(geo, "Paris")[1] == "FR"
    assert geo.countries[0] == "FR"


def test_paris_alone_is_the_capital() -> None:
    geo = geography([_place("Paris", 1, True)], "Talks resumed in Paris on Monday.", None)
    assert _where(geo, "Paris")[1] == "FR"


def test_georgia_the_country_or_the_state() -> None:
    caucasus = ("Georgia accused Moscow of tightening its grip on Abkhazia, the breakaway region, "
                "officials in Tbilisi said.")
    geo = geography([_place("Georgia", 2, True), _place("Abkhazia"), _place("Tbilisi"), _place("Moscow")],
                    caucasus, None)
    assert _where(geo, "Georgia")[:2] == ("Georgia", "GE")
    assert geo.countries[0] == "GE"
    southern = "Voters in Georgia lined up early; in Atlanta and Savannah turnout was high."
    geo = geography([_place("Georgia", 2, True), _place("Atlanta"), _place("Savannah")], southern, None)
    assert _where(geo, "Georgia") == ("Georgia", "US", "Georgia")


def test_washington_is_the_capital_unless_seattle() -> None:
    geo = geography([_place("Washington", 1, True)], "Officials in Washington said.", None)
    assert _where(geo, "Washington")[1:] == ("US", "District of Columbia")
    geo = geography([_place("Washington", 1, True), _place("Seattle")], "In Washington, Seattle voted.", None)
    assert _where(geo, "Washington")[0] == "Washington" and geo.entities[0].place is not None
    assert geo.entities[0].place.kind is PlaceKind.REGION


def test_same_feature_twice_becomes_one_entity() -> None:
    geo = geography([_place("Wisconsin", 2, True), _place("Wis.", 1)], "MADISON, Wis. — In Wisconsin, ...", None)
    names = [e.name for e in geo.entities]
    assert names == ["Wisconsin"] and geo.entities[0].mentions == 3


def test_unknown_and_non_place_entities_pass_through() -> None:
    person = Entity(name="Paris Hilton", type=EntityType.PERSON)
    geo = geography([person, _place("Middle Earthland")], "Paris Hilton visited Middle Earthland.", None)
    assert [e.place for e in geo.entities] == [None, None] and geo.countries == []


def test_small_town_needs_support() -> None:
    alone = geography([_place("Moraine")], "Moraine said the plan would fail.", None)
    assert alone.entities[0].place is None
    ohio = geography([_place("Moraine"), _place("Ohio")], "Moraine, a Dayton suburb in Ohio, voted.", None)
    assert _where(ohio, "Moraine")[1:] == ("US", "Ohio")


def test_other_language_country_names_come_from_cldr() -> None:
    geo = geography([_place("Deutschland")], "Deutschland", None)
    assert _where(geo, "Deutschland")[1] == "DE"


@settings(max_examples=50, deadline=None)
@given(st.text(max_size=40))
def test_fold_is_idempotent(name: str) -> None:
    assert fold(fold(name)) == fold(name)


def test_regions_and_countries_have_points() -> None:
    gaz = gazetteer()
    regions = gaz.regions()
    assert len(regions) > 3500 and len({f.country_code for f in regions}) > 200
    assert sum(f.latitude is None for f in regions) < len(regions) / 10  # no town of 5,000, or coded below admin1
    countries = [f for f, _ in (gaz.lookup(n)[0] for n in ("China", "France", "Brazil", "Nigeria", "Fiji"))]
    assert all(f.latitude is not None and f.kind is PlaceKind.COUNTRY for f in countries)


def test_tagger_fills_geography_for_a_normalized_article() -> None:
    ref = RawRef(topic="t", partition=0, offset=0, key="k", timestamp_ms=0)
    article = NormalizedArticle(article_id="a", source=ref, title="Flooding in Calgary",
                                body="Rivers in Calgary and across Alberta rose on Monday, officials in Canada said.",
                                folded="", content_hash="h", word_count=14, language="en")
    tags = Tagger.from_settings(Settings()).tag(article)
    assert tags.countries == ["CA"]
    assert tags.tone is not None and tags.tone.score is not None


def test_named_areas_resolve_without_a_country_and_stay_apart() -> None:
    text = "European Union leaders discussed the Middle East and patrols in the South China Sea."
    geo = geography([_place("European Union", 1, True), _place("Middle East"), _place("South China Sea")], text, None)
    places = [e.place for e in geo.entities]
    assert [(p.name, p.kind, p.country_code) for p in places if p] == [
        ("European Union", PlaceKind.AREA, None), ("Middle East", PlaceKind.AREA, None),
        ("South China Sea", PlaceKind.AREA, None)]
    eu = places[0]
    assert eu is not None and eu.latitude is not None and 40 < eu.latitude < 55  # centre of its members' cities
    assert geo.countries == []  # an area is not each of its members


def test_first_level_regions_of_any_country() -> None:
    text = "Floods hit Sichuan province while Bavaria and Helmand reported storms."
    geo = geography([_place("Sichuan province"), _place("Bavaria"), _place("Helmand")], text, None)
    assert [(_where(geo, n)[1]) for n in ("Sichuan province", "Bavaria", "Helmand")] == ["CN", "DE", "AF"]
    assert all(e.place is not None and e.place.kind is PlaceKind.REGION for e in geo.entities)


def test_a_list_of_countries_is_not_a_qualifier_and_a_country_name_means_the_country() -> None:
    text = "Leaders from Venezuela, Cuba and Nicaragua met; Mexico and China sent observers."
    names = ("Venezuela", "Cuba", "Nicaragua", "Mexico", "China")
    geo = geography([_place(n) for n in names], text, None)
    assert [e.place.kind if e.place else None for e in geo.entities] == [PlaceKind.COUNTRY] * 5
    assert geo.countries == ["VE", "CU", "NI", "MX", "CN"]


def test_noise_typed_as_a_place_stays_unresolved() -> None:
    geo = geography([_place(n) for n in ("Brexit", "Gunmen", "Grammys", "Kazakh", "Trumpland")],
                    "Brexit talks; Gunmen attacked; the Grammys; Kazakh officials; week two in Trumpland.", None)
    assert [e.place for e in geo.entities] == [None] * 5


def test_a_country_or_a_big_namesake_outranks_a_town_the_context_supports() -> None:
    text = "Officials from Ohio flew to Greece and Lebanon; talks in Geneva resume on Monday."
    geo = geography([_place("Ohio"), _place("Greece"), _place("Lebanon"), _place("Geneva")], text, None)
    assert [_where(geo, n)[1] for n in ("Greece", "Lebanon", "Geneva")] == ["GR", "LB", "CH"]
