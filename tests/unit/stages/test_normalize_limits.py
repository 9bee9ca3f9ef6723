"""Hostile input shapes: invisible characters, mark floods, huge lines, tag floods.

Each test asserts the verdict and the output; how long a shape takes is measured by
``python -m bench.fuzz``, never here.
"""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest

from worker.models import NormalizedArticle, RawRef, RejectReason
from worker.stages.errors import RejectError
from worker.stages.normalize import RawInput, normalize
from worker.stages.normalize.decode import MAX_TEXT_CHARS
from worker.stages.normalize.text import fold
from worker.stages.normalize.visible import MAX_MARKS, visible

SEED = sorted((Path(__file__).resolve().parents[3] / "seeds").glob("002_*.txt"))[0]
LEAD = ("The city council approved a new budget for public transport on Monday, after months of debate "
        "about bus fares and the cost of new tram lines.")


def run(value: str | bytes, ctype: str = "text/plain", max_bytes: int = 5 * 1024 * 1024) -> NormalizedArticle:
    src = RawRef(topic="t", partition=0, offset=0, timestamp_ms=0, content_type=ctype)
    data = value.encode() if isinstance(value, str) else value
    return normalize(RawInput(value=data, source=src), max_bytes=max_bytes)


@pytest.mark.parametrize("invisible", ["\u200b", "\u2060", "\u00ad", "\ufeff", "\u200e", "\u202e", "\u200c"])
def test_invisible_characters_between_every_letter_change_nothing(invisible: str) -> None:
    text = SEED.read_text(encoding="utf-8")
    original = run(text)
    flooded = run(invisible.join(text))
    assert flooded.body == original.body
    assert flooded.content_hash == original.content_hash
    assert (flooded.language, flooded.title, flooded.published_at) == (
        original.language, original.title, original.published_at)


def test_joiners_stay_inside_persian_and_indic_words_only() -> None:
    persian = "\u0645\u06cc\u200c\u062e\u0648\u0627\u0647\u0645"  # "mi-khaham": ZWNJ keeps the prefix unjoined
    hindi = "\u0915\u094d\u200d\u0937"  # ZWJ chooses the half form of KA
    assert visible(f"{persian} {hindi}") == f"{persian} {hindi}"
    assert visible("pay\u200cpal\u200d") == "paypal"
    # the hash does not depend on them: writers use them inconsistently
    assert fold(persian) == fold(persian.replace("\u200c", ""))


def test_a_flood_of_combining_marks_is_cut_to_the_stream_safe_limit() -> None:
    flood = "e" + "\u0301\u0316" * 450_000  # alternating classes: the costly case for normalization
    a = run(f"{LEAD}\n\nShe painted the letter {flood} on the wall of the old station.")
    kept = unicodedata.normalize("NFC", "e" + "\u0301\u0316" * (MAX_MARKS // 2))
    assert a.body.split("\n\n")[-1] == f"She painted the letter {kept} on the wall of the old station."
    assert len(kept) <= MAX_MARKS + 1


def test_marks_split_by_invisible_characters_are_still_one_flood() -> None:
    assert len(visible("a" + "\u0301\u200b" * 1000)) == MAX_MARKS + 1


def test_real_marks_are_kept() -> None:
    vietnamese = "Nguyễn Thị Minh Khai, Hà Nội"
    assert visible(unicodedata.normalize("NFD", vietnamese)) == unicodedata.normalize("NFD", vietnamese)


def test_a_page_of_a_million_empty_tags_is_empty_input() -> None:
    page = "<html><body>" + "<p></p>" * 700_000 + "</body></html>"
    with pytest.raises(RejectError) as exc:
        run(page, ctype="text/html")
    assert exc.value.reason is RejectReason.EMPTY


def test_a_5_mb_line_of_words_without_line_breaks_is_cut_and_flagged() -> None:
    a = run("word " * 1_000_000)
    assert len(a.body) <= MAX_TEXT_CHARS and a.body.startswith("word word")
    assert a.flags == ["truncated"]


@pytest.mark.parametrize("unit", ["A", "AAAA - ", "March 3, 2017 ", "By ", "said. Source: ", ".com", "Jane Doe, "])
def test_a_megabyte_line_of_a_repeated_shape_keeps_its_text(unit: str) -> None:
    line = unit * (1_000_000 // len(unit))
    a = run(f"{LEAD}\n\n{line}")
    assert a.title is None
    assert a.body.startswith(LEAD)
    assert len(a.body) >= len(line.strip()) // 2  # the line's text stays (a trailer may leave its end)


def test_nothing_but_furniture_is_empty_input() -> None:
    with pytest.raises(RejectError) as exc:
        run("Share\n\nView Comments\n\nSubscribe to our newsletter")
    assert exc.value.reason is RejectReason.EMPTY


def test_a_line_of_one_giant_token_has_no_words_and_is_rejected_as_empty() -> None:
    with pytest.raises(RejectError) as info:
        run("x" * 5_000_000)
    assert info.value.reason is RejectReason.EMPTY
    assert run("北京市今天宣布了新的交通政策，市民对此表示欢迎。" * 3).body  # no spaces, yet words
