"""The shipped gazetteer index is what geobuild makes from the pinned packages, and reads back faithfully."""

from __future__ import annotations

import gzip

import orjson
import pytest

from worker.models import PlaceKind
from worker.stages.tag.geobuild import build
from worker.stages.tag.geonames import INDEX_PATH, Gazetteer, gazetteer
from worker.stages.tag.geotable import Feature, Table


def test_index_is_up_to_date_with_the_pinned_packages() -> None:
    assert build() == INDEX_PATH.read_bytes(), "run: python -m worker.stages.tag.geobuild"


def _table() -> Gazetteer:
    table = Table()
    table.add(Feature("Springfield", PlaceKind.CITY, "US", "IL", 39.80172, -89.64371, 4250542, 116250), ["springfield"])
    table.add(Feature("Illinois", PlaceKind.REGION, "US", "IL", 40.0, -89.0, 4896861, 12_000_000), ["illinois"],
              abbreviations=("Ill.",))
    table.add(Feature("Springfield", PlaceKind.CITY, "US", "MA", 42.10148, -72.58981, 4951788, 155929, False),
              ["springfield"], ["spfld"])
    table.add(Feature("Red Sea", PlaceKind.AREA, None, None, None, None, None, 0), ["red sea"])
    table.add(Feature("Ottawa", PlaceKind.CITY, "CA", "08", 45.41117, -75.69812, 6094817, 812129, True), ["ottawa"])
    return Gazetteer(orjson.loads(gzip.decompress(gzip.compress(orjson.dumps(table.encoded())))))


def test_columns_read_back_as_written() -> None:
    gaz = _table()
    springfields = gaz.lookup("Springfield")
    assert [(f.region_code, f.geonames_id, alias) for f, alias in springfields] == [("IL", 4250542, False),
                                                                                 ("MA", 4951788, False)]
    il = springfields[0][0]
    assert (il.latitude, il.longitude, il.population, il.capital) == (39.8017, -89.6437, 116250, False)
    assert gaz.lookup("SPFLD") == [(springfields[1][0], True)]
    assert gaz.lookup("Ill.")[0][0].name == "Illinois" and gaz.region("US", "IL") is gaz.lookup("Illinois")[0][0]
    sea = gaz.lookup("the Red Sea")[0][0]
    assert (sea.kind, sea.country_code, sea.latitude, sea.geonames_id) == (PlaceKind.AREA, None, None, None)
    assert gaz.lookup("Ottawa")[0][0].capital and gaz.lookup("Atlantis") == []


def test_a_stale_format_is_refused() -> None:
    doc = orjson.loads(gzip.decompress(INDEX_PATH.read_bytes()))
    doc["format"] = 0
    with pytest.raises(ValueError, match="geobuild"):
        Gazetteer(doc)


@pytest.mark.parametrize(("name", "expected"), [
    ("Sichuan", ("Sichuan", PlaceKind.REGION, "CN")), ("Bavaria", ("Bayern", PlaceKind.REGION, "DE")),
    ("Sakhalin", ("Sakhalin", PlaceKind.REGION, "RU")), ("Helmand", ("Helmand", PlaceKind.REGION, "AF")),
    ("European Union", ("European Union", PlaceKind.AREA, None)),
    ("Middle East", ("Middle East", PlaceKind.AREA, None)),
    ("South China Sea", ("South China Sea", PlaceKind.AREA, None)), ("Balkans", ("Balkans", PlaceKind.AREA, None)),
    ("Ill.", ("Illinois", PlaceKind.REGION, "US")), ("Deutschland", ("Germany", PlaceKind.COUNTRY, "DE")),
])
def test_the_index_knows_regions_of_every_country_and_named_areas(name: str, expected: tuple[object, ...]) -> None:
    f = gazetteer().lookup(name)[0][0]
    assert (f.name, f.kind, f.country_code) == expected


def test_generic_region_names_are_not_indexed_alone() -> None:
    assert all(f.kind is not PlaceKind.REGION for f, _ in gazetteer().lookup("Central"))
