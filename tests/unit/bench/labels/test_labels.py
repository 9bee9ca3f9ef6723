"""The hand-labelled sets obey their own rules, and the checks catch a broken record."""

from __future__ import annotations

import pytest

from bench.labels.sample import quotas
from bench.labels.schema import category_problems, keyword_problems, load


@pytest.mark.parametrize("total,n,expect", [(60, 9, [7] * 6 + [6] * 3), (120, 9, [14] * 3 + [13] * 6)])
def test_quotas_spread_evenly(total: int, n: int, expect: list[int]) -> None:
    assert list(quotas(total, [str(i) for i in range(n)]).values()) == expect


def test_keyword_file_is_clean() -> None:
    recs = load("keywords")
    assert len(recs) == 60 and len({r["id"] for r in recs}) == 60
    assert {r["id"]: keyword_problems(r) for r in recs if keyword_problems(r)} == {}


def test_category_file_is_clean() -> None:
    recs = load("categories")
    assert len(recs) == 120 and len({r["id"] for r in recs}) == 120
    assert {r["id"]: category_problems(r) for r in recs if category_problems(r)} == {}


def test_samples_do_not_overlap() -> None:
    assert not {r["id"] for r in load("keywords")} & {r["id"] for r in load("categories")}


def test_checks_catch_broken_records() -> None:
    orphan = {"labels": ["politics", "crime_law"], "split": "report", "outlet": "bbc.co.uk"}
    assert any("parent" in p for p in category_problems(orphan))
    sub_first = {"labels": ["energy", "economy"], "split": "tune", "outlet": "tass.com"}
    assert category_problems(sub_first)
    wrong_split = {"keywords": ["a", "b", "c", "d", "e"], "split": "tune", "outlet": "cnn.com"}
    assert keyword_problems(wrong_split) == ["split 'tune' wrong for cnn.com"]
    assert keyword_problems({"keywords": ["Trump"], "split": "report", "outlet": "cnn.com"})
