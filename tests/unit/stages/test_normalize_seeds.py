"""normalize on the five seeds: hand-checked bodies, metadata, and no junk left."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from worker.models import NormalizedArticle
from worker.stages.normalize import VERSION, normalize
from worker.tools.process import raw_inputs

ROOT = Path(__file__).resolve().parents[3]
SEEDS = sorted((ROOT / "seeds").glob("*.txt"))
FIXTURES = ROOT / "tests" / "fixtures" / "normalize"

#: The junk ARCHITECTURE.md §1 lists for the seeds; none may survive in a body.
JUNK = ["LEAVE A REPLY", "Please enter your comment", "Please enter your name", "Captcha", "CAPTCHA", "Share.",
        "Exit mobile version", "Connect with us", "what are you looking for", "Latest Updates", "Written By",
        "See Also:", "Read Next:", "©", "All rights reserved", "Trade confidently", "Getty Images", "Shutterstock",
        "Breaking News", "Punjab", "Bado Badi", "love marriage", "Russian Embassy", "Benzinga Neuro",
        "(Reuters)", "By Simon Lewis", "Reporting by"]


@pytest.fixture(scope="module")
def articles() -> dict[str, NormalizedArticle]:
    return {raw.source.key or "": normalize(raw) for raw in raw_inputs(SEEDS)}


def test_five_seeds(articles: dict[str, NormalizedArticle]) -> None:
    assert len(articles) == 5
    assert all(a.stage_versions == {"normalize": VERSION} for a in articles.values())


@pytest.mark.parametrize("stem", [p.stem for p in SEEDS])
def test_body_matches_hand_checked_fixture(articles: dict[str, NormalizedArticle], stem: str) -> None:
    expected = (FIXTURES / f"{stem}.body.txt").read_text(encoding="utf-8").strip()
    assert articles[stem].body == expected


@pytest.mark.parametrize("stem", [p.stem for p in SEEDS])
def test_no_listed_junk_in_body(articles: dict[str, NormalizedArticle], stem: str) -> None:
    body = articles[stem].body
    assert [j for j in JUNK if j in body] == []


def _by_prefix(articles: dict[str, NormalizedArticle], prefix: str) -> NormalizedArticle:
    return next(a for k, a in articles.items() if k.startswith(prefix))


def test_titles(articles: dict[str, NormalizedArticle]) -> None:
    assert _by_prefix(articles, "001").title == "US Secretary of State Antony Blinken arrives in China"
    assert _by_prefix(articles, "002").title == (
        "Blinken to meet businesses in Shanghai as he kicks off a tough China trip")
    assert _by_prefix(articles, "004").title == "Blinken Set to Navigate Pressure and Pursue Stability in China Visit"
    assert _by_prefix(articles, "000").title is None


def test_reuters_metadata(articles: dict[str, NormalizedArticle]) -> None:
    a = _by_prefix(articles, "002")
    assert a.authors == ["Simon Lewis"]
    assert a.publisher == "Reuters"
    assert a.dateline == "Shanghai"
    assert a.published_at is not None and a.published_at.date() == date(2024, 4, 24)
    assert a.body.startswith("U.S. Secretary of State")
    assert any("Editing by Christopher Cushing" in c for c in a.credits)


def test_machine_generated_flag_only_on_000(articles: dict[str, NormalizedArticle]) -> None:
    flagged = {k[:3] for k, a in articles.items() if "machine_generated" in a.flags}
    assert flagged == {"000"}
    assert _by_prefix(articles, "000").publisher == "Benzinga"


def test_off_topic_tail_of_004(articles: dict[str, NormalizedArticle]) -> None:
    a = _by_prefix(articles, "004")
    tail = [r.text for r in a.removed if r.reason == "off_topic_tail"]
    assert len(tail) >= 3
    assert any("Punjab" in t for t in tail) and any("YouTube" in t for t in tail)
    assert any("Embassy" in t for t in tail)
    assert a.body.endswith("competing interests.")


def test_removals_have_reasons(articles: dict[str, NormalizedArticle]) -> None:
    reasons = {r.reason for a in articles.values() for r in a.removed}
    assert {"comment_form", "teaser", "legal", "credit", "off_topic_tail"} <= reasons


def test_folded_and_word_count(articles: dict[str, NormalizedArticle]) -> None:
    for a in articles.values():
        assert a.word_count == len(a.body.split())
        assert a.folded == a.folded.casefold()
        assert not any(ch.isdigit() or ch in ".,’“”" for ch in a.folded)
        assert a.language == "en"
