"""tag categories: IPTC top level and second level, evidence from several words, a score to threshold."""

from __future__ import annotations

from collections import Counter

import pytest

from worker.stages.tag.categories import categorize
from worker.stages.tag.taxonomy import TAXONOMY
from worker.stages.tag.weights import terms


def cats(text: str) -> dict[str, float]:
    return {c.name: c.score for c in categorize(text, Counter(terms(text)))}


def test_oil_and_opec_are_energy_under_economy() -> None:
    text = ("Oil prices rose on Monday after OPEC said its members had kept to the output cuts agreed in November. "
            "Brent crude gained 2 percent to $56 a barrel, and U.S. shale producers added drilling rigs.")
    found = categorize(text, Counter(terms(text)))
    names = [c.name for c in found]
    assert "energy" in names and "economy" in names and names.index("economy") < names.index("energy")
    assert next(c for c in found if c.name == "energy").parent == "economy"


def test_four_seasons_hotel_deal_is_not_sport() -> None:
    text = ("Four Seasons Hotels agreed to buy a rival chain in a deal worth $1.2 billion, the company said. "
            "The acquisition gives Four Seasons 40 more hotels, and shareholders approved the merger on Tuesday.")
    found = cats(text)
    assert "sport" not in found
    assert "economy" in found and "mergers_acquisitions" in found


def test_nursery_acquisition_is_not_environment() -> None:
    text = ("Garden centre group Greenway has acquired a family-run plant nursery in Kent for an undisclosed sum. "
            "The company said the acquisition would add 200 species of shrubs to its range and keep all 30 staff.")
    found = cats(text)
    assert "environment" not in found
    assert "economy" in found


def test_short_business_item_gets_a_category() -> None:
    text = "Shares in Acme Corp rose 4 percent after the company reported higher quarterly profit."
    assert "economy" in cats(text)


def test_one_polysemous_word_is_never_enough() -> None:
    assert "sport" not in cats("The rainy season began early this year in the north of the country.")
    assert "sport" in cats("The coach said the team won the league championship after a hard season.")


def test_second_level_topics_need_their_own_evidence() -> None:
    text = ("Voters went to the polls on Sunday in a presidential election; turnout was high and the ballot count "
            "began at 8pm, the electoral commission said. The president's party led the parliament vote.")
    found = cats(text)
    assert "elections" in found and "politics" in found


@pytest.mark.parametrize("text", ["", "Nothing here at all."])
def test_no_evidence_no_category(text: str) -> None:
    assert cats(text) == {}


def test_scores_are_thresholdable_and_ordered() -> None:
    text = ("Police arrested two suspects after the murder; prosecutors said the court would hear the case. "
            "The judge set a trial date, and the defendants' lawyers said they would appeal.")
    found = categorize(text, Counter(terms(text)))
    assert all(0 < c.score < 1 for c in found)
    assert found[0].name == "crime" and any(c.name == "crime_law" for c in found)
    assert {slug for slug, (_, parent, _) in TAXONOMY.items() if parent} >= {
        "energy", "markets_finance", "mergers_acquisitions", "elections", "crime_law", "natural_disasters",
        "health_care"}
