"""Wire copy in older and newer styles: title, dateline, agency and date found, no dateline left in the body.

The fixtures in ``tests/fixtures/normalize/wire_*.txt`` were written for these tests in the styles of
1980s wire copy (capitals headline with a ticker, hard-wrapped indented paragraphs, "Reuter" sign-off)
and of AP copy (byline in capitals, "CITY, State (AP) —").
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from worker.models import NormalizedArticle, RawRef
from worker.stages.normalize import RawInput, normalize
from worker.stages.normalize.attribution import strip_dateline, strip_trailer
from worker.stages.normalize.meta import Meta

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "normalize"
SENTENCE = "the company said it would cut its workforce by a tenth over the next two years."


def run(text: str) -> NormalizedArticle:
    src = RawRef(topic="t", partition=0, offset=0, timestamp_ms=0, content_type="text/plain")
    return normalize(RawInput(value=text.encode(), source=src))


def fixture(name: str) -> NormalizedArticle:
    return run((FIXTURES / name).read_text(encoding="utf-8"))


def test_1987_style_story_with_ticker_title_and_reuter_sign_off() -> None:
    a = fixture("wire_1987_story.txt")
    assert a.title == "NORTHERN MILLS TO SELL GRAIN UNIT TO <PRAIRIE HOLDINGS>"
    assert a.dateline == "Calgary, Alberta"
    assert a.publisher == "Reuters"
    assert a.body.startswith("Northern Mills Ltd said it agreed in principle to sell its grain handling unit")
    assert a.body.endswith("flour milling operations in Ontario.")
    assert "CALGARY" not in a.body and "Reuter" not in a.body
    assert len(a.body.split("\n\n")) == 3  # hard-wrapped lines joined, indented paragraphs kept apart


def test_1987_style_results_table_keeps_every_row() -> None:
    a = fixture("wire_1987_results.txt")
    assert a.title == "LAKESIDE FOODS <LKSF> 1986/87 RESULTS"
    assert a.published_at is not None and a.published_at.date() == date(1987, 3, 3)
    assert a.publisher == "Reuters"
    assert a.body.split("\n\n") == ["Shr 1.12 dlrs vs 87 cts", "Net 6,410,000 vs 4,980,000",
                                    "Revs 122.6 mln vs 109.3 mln", "Avg shrs 5,720,000 vs 5,710,000"]


def test_ap_style_story() -> None:
    a = fixture("wire_ap_story.txt")
    assert a.title == "Storm knocks out power to thousands across central Ohio"
    assert a.authors == ["Jane Miller"]
    assert a.dateline == "Columbus, Ohio"
    assert a.publisher == "AP"
    assert a.body.startswith("A line of severe thunderstorms")
    assert "COLUMBUS" not in a.body and "(AP)" not in a.body and "Copyright" not in a.body


@pytest.mark.parametrize(("opening", "place", "agency"), [
    ("COLUMBUS, Ohio, March 3 - ", "Columbus, Ohio", None),
    ("ADDISON, Ill., March 2 - ", "Addison, Ill.", None),
    ("CALGARY, Alberta, - ", "Calgary, Alberta", None),
    ("New York, Feb 26 - ", "New York", None),
    ("NEW YORK, March 3 (Reuters) - ", "New York", "Reuters"),
    ("BEIJING, March 15 (Xinhua) -- ", "Beijing", "Xinhua"),
    ("KABUL, Afghanistan (AP) — ", "Kabul, Afghanistan", "AP"),
    ("MOSCOW, February 7. /TASS/. ", "Moscow", "TASS"),
    ("WASHINGTON, D.C. — ", "Washington, D.C.", None),
    ("ST. LOUIS (AP) — ", "St. Louis", "AP"),
    ("Rio de Janeiro, March 3 (AFP) - ", "Rio de Janeiro", "AFP"),
    ("ISLAMABAD: ", "Islamabad", None),
])
def test_dateline_styles_leave_the_body(opening: str, place: str, agency: str | None) -> None:
    title = "Grain company to cut jobs as demand falls"
    a = run(f"{title}\n\n{opening}{SENTENCE[0].upper()}{SENTENCE[1:]}\n\nShares fell two percent in early trading.")
    assert a.title == title
    assert a.dateline == place
    assert a.publisher == agency
    assert a.body.startswith("The company said")
    assert opening.split(",")[0].split(" (")[0].strip(" :") not in a.body


@pytest.mark.parametrize("opening", [
    "Meanwhile - ", "BREAKING: ", "Earlier, on Monday - ", "READ MORE: ", "The minister - ",
])
def test_sentence_openings_are_not_datelines(opening: str) -> None:
    m = Meta()
    line = f"{opening}{SENTENCE}"
    assert strip_dateline(line, m) == line
    assert m.dateline is None


@pytest.mark.parametrize(("closing", "agency"), [
    (" Reuter", "Reuters"), (" (AP)", "AP"), (" — AFP", "AFP"), (" Source: Al Jazeera and news agencies", "Al Jazeera"),
    (" mb/rt (AFP, dpa, Reuters)", "AFP"), (" afp/ke -", "AFP"), (" Source: News agencies", None),
])
def test_trailers_give_the_agency_and_leave_the_body(closing: str, agency: str | None) -> None:
    m = Meta()
    assert strip_trailer(f"The talks will resume next week.{closing}", m) == "The talks will resume next week."
    assert m.trailer_agency == agency


def test_a_sentence_ending_in_a_name_keeps_it() -> None:
    m = Meta()
    line = "The contract went to a firm based in Reuter"
    assert strip_trailer(line, m) == line
    assert strip_trailer("He said the plan would work (AP)", m) == "He said the plan would work (AP)"
