"""tag entity types: legal forms, state abbreviations, acronyms, fragments, titles, shouted words, teams."""

from __future__ import annotations

import pytest

from worker.models import EntityType, NormalizedArticle, RawRef
from worker.stages.tag import Tagger
from worker.stages.tag.content import analysis_text
from worker.stages.tag.entities import entities
from worker.stages.tag.scope import plan
from worker.stages.tag.spans import clean_surface, strip_title

ORG, PERSON, PLACE = EntityType.ORGANIZATION, EntityType.PERSON, EntityType.PLACE


def _types(raw: list[tuple[str, str]], body: str, title: str = "", sport: bool = False) -> dict[str, EntityType]:
    return {e.name: e.type for e in entities(raw, analysis_text(title, body), set(), sport)}


@pytest.mark.parametrize("name", ["Sedio N.V.", "Woodco Inc", "Nobel Industrier Sweden AB", "Acme Holdings PLC",
                                  "Siemens AG", "Fiat Chrysler SpA", "Banco Santander S.A.", "Bosch GmbH"])
def test_legal_form_makes_an_organisation(name: str) -> None:
    assert _types([(name, "PERSON")], f"Shares of {name} rose on Monday after results.") == {name: ORG}


@pytest.mark.parametrize(("abbr", "state"), [("Tex.", "Texas"), ("Ill.", "Illinois"), ("Md.", "Maryland"),
                                             ("Calif.", "California"), ("Alta.", "Alberta")])
def test_state_and_province_abbreviations_are_places(abbr: str, state: str) -> None:
    body = f"The plant in Springfield, {abbr} will close next year, the company said."
    assert _types([(abbr, "PERSON")], body) == {state: PLACE}
    assert _types([], body) == {state: PLACE}  # after a city, found without NER too


def test_defined_acronym_merges_with_its_long_form() -> None:
    body = ("The Saudi Press Agency (SPA) reported the decision. Later SPA said the minister had agreed, "
            "and SPA quoted officials.")
    found = {e.name: e for e in entities([("Saudi Press Agency", "ORG"), ("SPA", "ORG")], analysis_text("", body),
                                         set())}
    assert set(found) == {"Saudi Press Agency"}
    assert found["Saudi Press Agency"].mentions == 4 and "SPA" in found["Saudi Press Agency"].aliases


def test_short_form_merges_with_its_legal_name() -> None:
    body = "ChemLawn Corp said on Friday it rejected the offer. ChemLawn shareholders will meet next week."
    found = _types([("ChemLawn Corp", "ORG"), ("ChemLawn", "ORG")], body)
    assert found == {"ChemLawn Corp": ORG}


@pytest.mark.parametrize(("span", "clean"), [("AB Investor and", "AB Investor"), ("BUY U.S.", "U.S."),
                                             ("the United States", "United States"), ("Clinton’s", "Clinton"),
                                             ("Party for Freedom (PVV", "Party for Freedom")])
def test_spans_lose_dangling_words(span: str, clean: str) -> None:
    assert clean_surface(span) == clean


def test_job_titles_come_off_names() -> None:
    assert strip_title("Defender Hassan Abbas") == ("Hassan Abbas", True)
    assert strip_title("Secretary of State Rex Tillerson") == ("Rex Tillerson", True)
    assert strip_title("Bank of England") == ("Bank of England", False)
    body = "Defender Hassan Abbas scored twice. Abbas said the team deserved it."
    assert _types([("Defender Hassan Abbas", "PERSON"), ("Abbas", "ORG")], body) == {"Hassan Abbas": PERSON}


@pytest.mark.parametrize("word", ["GUNMEN", "TOSS", "GMT", "DEFEAT"])
def test_shouted_common_words_are_not_organisations(word: str) -> None:
    assert _types([(word, "ORG")], f"Reports at 10:00 said {word} was the word on the wire that day.") == {}


def test_acronyms_stay_organisations() -> None:
    assert _types([("NATO", "ORG"), ("OPEC", "ORG")], "NATO and OPEC met.") == {"NATO": ORG, "OPEC": ORG}


def test_city_clubs_are_organisations_in_sports_context_only() -> None:
    sport = "Liverpool beat Chelsea 2-1 on Saturday, and Leicester's striker scored against Burnley."
    raw = [("Liverpool", "GPE"), ("Chelsea", "GPE"), ("Leicester", "GPE"), ("Burnley", "GPE")]
    assert set(_types(raw, sport, sport=True).values()) == {ORG}
    assert set(_types(raw, sport, sport=False).values()) == {PLACE}


def test_one_person_typed_one_way() -> None:
    body = "Mia Ayliffe-Chung was travelling in Australia. Ayliffe-Chung had written home the week before."
    found = _types([("Mia Ayliffe-Chung", "PERSON"), ("Ayliffe-Chung", "ORG"), ("Ayliffe-Chung", "GPE")], body)
    assert found == {"Mia Ayliffe-Chung": PERSON, "Australia": PLACE}


def test_headline_without_title_is_never_read_as_text() -> None:
    text = analysis_text(None, "JAPAN GET LUCKY WIN\n\nJapan beat Thailand 2-0 in Saitama on Tuesday, with goals "
                               "from Genki Haraguchi and Shinji Okazaki.")
    assert text.title == "JAPAN GET LUCKY WIN"
    assert all("LUCKY" not in s for s in plan(text, 4).snippets)


def test_lead_sentence_is_always_read() -> None:
    lead = ("Manchester United and the Philadelphia Eagles were both named in a long lead sentence that runs on "
            "well past thirty words, because some leads do, and none of it may be skipped by the scope of NER.")
    text = analysis_text("Title", lead + "\n\nA second paragraph follows here with nothing new in it at all.")
    assert plan(text, 4).snippets[0] == lead


@pytest.fixture(scope="module")
def tagger() -> Tagger:
    return Tagger()


def test_names_late_in_the_body_are_found(tagger: Tagger) -> None:
    body = ("The talks opened in Geneva on Monday with delegations from both sides present.\n\n"
            + "The meeting went on for hours without a result. " * 20
            + "\n\nLate on Tuesday, Staffan de Mistura told reporters that ByteDance had not been discussed.")
    article = NormalizedArticle(article_id="a", source=RawRef(topic="t", partition=0, offset=0, timestamp_ms=0),
                                title="Talks open", body=body, folded="", content_hash="", word_count=200,
                                language="en")
    names = {e.name for e in tagger.tag(article).entities}
    assert {"Geneva", "Staffan de Mistura"} <= names
