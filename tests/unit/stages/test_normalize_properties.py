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
