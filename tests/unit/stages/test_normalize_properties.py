"""Properties of normalize over arbitrary input (hypothesis)."""

from __future__ import annotations

import unicodedata

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from worker.models import NormalizedArticle, RawRef
from worker.stages.errors import RejectError
from worker.stages.normalize import RawInput, normalize

SRC = RawRef(topic="t", partition=0, offset=0, timestamp_ms=0, content_type="text/plain")
FAST = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])

#: Text that looks like articles with junk: words, punctuation, newlines, odd Unicode.
article_like = st.lists(
    st.one_of(
        st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=80),
        st.sampled_from(["By Jane Roe", "Share.", "© 2020 Foo. All rights reserved.", "See Also: x",
                         "PARIS (AFP) – The talks went on.", "Photo: A/B", "Mar 3, 2020 | 1:00 PM",
                         "The minister said the plan would cost more than expected.", "…", "\u0301e",
                         "LAGOS: Something else happened and..."]),
    ),
    max_size=12,
).map("\n\n".join)


def _run(value: bytes, ctype: str = "text/plain") -> NormalizedArticle | None:
    try:
        return normalize(RawInput(value=value, source=SRC.model_copy(update={"content_type": ctype})))
    except RejectError:
        return None


@FAST
@given(st.binary(max_size=2000))
def test_arbitrary_bytes_never_crash(value: bytes) -> None:
    _run(value)


@FAST
@given(st.binary(max_size=500), st.sampled_from(["text/html", "application/octet-stream"]))
def test_arbitrary_bytes_as_html_never_crash(value: bytes, ctype: str) -> None:
    _run(b"<html><body><p>" + value + b"</p></body></html>", ctype)


@FAST
@given(article_like)
def test_body_is_nfc_and_idempotent(text: str) -> None:
    first = _run(text.encode("utf-8"))
    if first is None or not first.body:
        return
    assert unicodedata.is_normalized("NFC", first.body)
    second = _run(first.body.encode("utf-8"))
    assert second is not None
    assert second.body == first.body
    assert second.folded == first.folded


TITLES = ["Dutch voters head to the polls", "VERSATILE TO SELL UNIT TO <VICON>", "LAKESIDE FOODS 1987/88 RESULTS",
          "Think You Know Your Rights? Here Are 25 Things To Check.", "Trump: 'We will win' as talks resume",
          "Quotable", "Cincinnati shooting toll rises to 17 injured, 1 dead; no arrests yet"]
DATES = ["March 15, 2017", "15 March 2017", "2017-03-15", "Wed 15 Mar 2017 10:31 GMT", "Published: 15.03.2017"]
PARAS = ["Dutch voters went to the polls on Wednesday in an election seen as a test of populism in Europe.",
         "Prime Minister Mark Rutte faces a strong challenge from Geert Wilders, whose party led the polls for months",
         "Turnout was high in the cities, where queues formed outside polling stations before they opened.",
         "The result is expected late on Wednesday night, officials said."]
#: One line of any shape: no line breaks, no control characters (those make the payload binary, a reject).
any_line = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs", "Cc", "Zl", "Zp")), max_size=300)


@FAST
@given(st.sampled_from(TITLES), st.sampled_from(DATES), st.lists(st.sampled_from(PARAS), min_size=1, max_size=4),
       any_line, st.booleans())
def test_a_trailing_line_never_changes_title_or_date(title: str, day: str, paras: list[str], trailing: str,
                                                      glued: bool) -> None:
    base = "\n\n".join([title, day, *paras])
    plain = _run(base.encode())
    assert plain is not None and plain.title == title
    assert plain.published_at is not None and plain.published_at.date().isoformat() == "2017-03-15"
    with_line = _run((f"{base} {trailing}" if glued else f"{base}\n\n{trailing}").encode())
    assert with_line is not None
    assert (with_line.title, with_line.published_at) == (plain.title, plain.published_at)
