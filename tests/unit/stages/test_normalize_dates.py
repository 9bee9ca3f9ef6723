"""Date lines, share-bar location and the language pre-check: the fast paths give the slow paths' answers."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from worker.stages.normalize import lexicon as lx
from worker.stages.normalize.dates import parse_date
from worker.stages.normalize.language import detect_language
from worker.stages.normalize.sharebar import RUN_WORDS, share_runs


@pytest.mark.parametrize(("line", "expected"), [
    ("March 15, 2017", datetime(2017, 3, 15, tzinfo=UTC)),
    ("15 March 2017", datetime(2017, 3, 15, tzinfo=UTC)),
    ("2017-03-15", datetime(2017, 3, 15, tzinfo=UTC)),
    ("Wed 15 Mar 2017 10:31 GMT", datetime(2017, 3, 15, 10, 31, tzinfo=UTC)),
    ("Mar. 15, 2017 | 7:25 PM", datetime(2017, 3, 15, 19, 25, tzinfo=UTC)),
    ("Updated 10:31 AM ET, Wed March 15, 2017", datetime(2017, 3, 15, 15, 31, tzinfo=UTC)),
    ("Published: 15.03.2017", datetime(2017, 3, 15, tzinfo=UTC)),
    ("2017-03-15T10:31:00Z", datetime(2017, 3, 15, 10, 31, tzinfo=UTC)),
    ("2017-03-15T10:31:00+03:00", datetime(2017, 3, 15, 7, 31, tzinfo=UTC)),
    ("26-FEB-1987 15:01:01.79", datetime(1987, 2, 26, 15, 1, tzinfo=UTC)),
    ("2017/2/7", datetime(2017, 2, 7, tzinfo=UTC)),
    ("3/15/2017", datetime(2017, 3, 15, tzinfo=UTC)),
    ("15/3/2017", datetime(2017, 3, 15, tzinfo=UTC)),
    ("Posted on March 14, 2017 at 9:05 am", datetime(2017, 3, 14, 9, 5, tzinfo=UTC)),
    ("2017-03-15 23:10 PDT", datetime(2017, 3, 16, 6, 10, tzinfo=UTC)),
    ("Feb 30, 2017", None),
    ("the 1st of May", None),
    ("Version 2017.3", None),
])
def test_date_lines(line: str, expected: datetime | None) -> None:
    assert parse_date(line) == expected


SHARE_LINES = [
    "The firm said profits rose. Send Facebook Twitter Google+ Whatsapp Tumblr linkedin Digg Permalink "
    "https://example.com/p/2W1 The chief executive said more was to come.",
    "Officials said the video spread on Facebook, Twitter and WhatsApp within hours of the vote.",
    "SHARE | FACEBOOK | TWITTER | EMAIL | PRINT and then the story goes on with more text.",
    "Send share email print without any network in the bar at all, which is not a bar here.",
    "İstanbul: Share Facebook Twitter Reddit Email, the city's residents said on Monday.",
]


@pytest.mark.parametrize("line", SHARE_LINES)
def test_share_bar_locator_finds_what_the_grammar_finds(line: str) -> None:
    expected = [m.span() for m in lx.SHARE_RUN.finditer(line)
                if any(n in m.group().lower() for n in lx.SHARE_NAMES)]
    assert share_runs(line) == expected


SOUP = st.sampled_from(["the", "Said", "|", ",", "+", "Google+", "StumbleUpon", "upon"])


@settings(max_examples=200, deadline=None)
@given(st.lists(st.one_of(st.sampled_from(RUN_WORDS), SOUP), max_size=14).map(" ".join))
def test_share_bar_locator_agrees_on_any_word_soup(line: str) -> None:
    expected = [m.span() for m in lx.SHARE_RUN.finditer(line)
                if any(n in m.group().lower() for n in lx.SHARE_NAMES)]
    assert share_runs(line) == expected


def test_text_in_capitals_is_not_read_as_another_language() -> None:
    text = ("THE COMPANY SAID IT AGREED IN PRINCIPLE TO SELL ITS GRAIN HANDLING UNIT FOR ABOUT 42 MLN "
            "CANADIAN DLRS, AND THAT THE SALE WOULD CLOSE BY THE END OF THE SECOND QUARTER.")
    assert detect_language(text)[0] == "en"


def test_share_bar_with_a_stumbleupon_and_separators_between_names() -> None:
    line = "send send StumbleUpon | | facebook"
    assert share_runs(line) == [(0, len(line))]
    assert share_runs("send email stumble upon facebook print") == []  # "upon" alone breaks the run, as in the grammar
