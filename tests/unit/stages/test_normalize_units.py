"""normalize on small made-up inputs: junk kinds, metadata, HTML, rejects."""

from __future__ import annotations

import pytest

from worker.models import NormalizedArticle, RawRef, RejectReason
from worker.stages.errors import RejectError
from worker.stages.normalize import RawInput, article_id_for, junk, normalize
from worker.stages.normalize.html import is_html
from worker.stages.normalize.text import fold

LEAD = ("The city council approved a new budget for public transport on Monday, after months of debate "
        "about bus fares and the cost of new tram lines.")
BODY = [LEAD,
        "Council members voted 31 to 12 in favour of the plan, which raises spending on buses by a fifth.",
        "The mayor said the vote showed that the city was serious about cleaner air and shorter commutes.",
        "Opponents argued that the tram lines would cost far more than the budget assumes."]


def run(text: str | bytes, ctype: str = "text/plain", offset: int = 0) -> NormalizedArticle:
    value = text.encode() if isinstance(text, str) else text
    src = RawRef(topic="t", partition=0, offset=offset, timestamp_ms=0, content_type=ctype)
    return normalize(RawInput(value=value, source=src))


def test_unseen_junk_kinds_are_removed_and_prose_kept() -> None:
    lines = ["Skip to main content", "Home › Local › Transport", "Budget for buses passes after long fight",
             "By Maria Keller and Tom Reed", "March 3, 2021", *BODY[:2], "Advertisement",
             "RELATED: Ten things to do this weekend", *BODY[2:], "Sign up for our morning newsletter",
             "Photo: Kim Lee/AP", "Copyright 2021 Example Daily. All rights reserved.", "Most Read",
             "Local team wins the cup final", "Storm warning for the coast tonight"]
    a = run("\n\n".join(lines))
    assert a.body == "\n\n".join(BODY)
    assert a.title == "Budget for buses passes after long fight"
    assert a.authors == ["Maria Keller", "Tom Reed"]
    assert a.published_at is not None and a.published_at.year == 2021
    assert a.credits == ["Photo: Kim Lee/AP"]
    reasons = {r.reason for r in a.removed}
    assert {"teaser", "legal", "credit"} <= reasons
    assert reasons & {"cta", "share_nav"}


def test_teaser_glued_to_article_sentences_keeps_the_sentences_after_it() -> None:
    glued = ("READ MORE: Ten hidden costs of tram lines The plan was first put to the council in May. "
             + BODY[2])
    a = run("\n\n".join([*BODY[:2], glued, BODY[3]]))
    assert BODY[2] in a.body and "READ MORE" not in a.body
    assert [r.reason for r in a.removed] == ["teaser"]


def test_teaser_with_appended_blurb_is_removed_whole() -> None:
    teaser = "Read more: Storm hits the coast. Residents of three towns were told to leave their homes..."
    a = run("\n\n".join([*BODY[:2], teaser, *BODY[2:]]))
    assert a.body == "\n\n".join(BODY)


def test_share_bar_glued_inside_a_paragraph_is_cut_out() -> None:
    bar = "Send Facebook Twitter Google+ Whatsapp Tumblr linkedin Digg Permalink https://example.com/p/2W1"
    glued = f"{BODY[1]} {bar} {BODY[2]}"
    a = run("\n\n".join([BODY[0], glued, BODY[3]]))
    assert a.body == "\n\n".join([BODY[0], BODY[1] + " " + BODY[2], BODY[3]])
    assert [r.reason for r in a.removed] == ["share_nav"]
    assert a.removed[0].text.startswith("Send Facebook") and a.removed[0].text.endswith("2W1")
    # Three names in a sentence are prose, not a bar.
    prose = "Officials said the video spread on Facebook, Twitter and WhatsApp within hours of the vote."
    assert prose in run("\n\n".join([BODY[0], prose, *BODY[1:]])).body


def test_a_sentence_opening_with_like_is_not_a_call_to_action() -> None:
    line = "Like her neighbours, your correspondent waited for the bus that never came."
    assert junk.strong_kind(line) is None
    assert junk.strong_kind("Like us on Facebook for more stories like this") == "cta"


def test_short_closing_sentence_is_kept() -> None:
    a = run("\n\n".join([*BODY, "He declined to comment."]))
    assert a.body.endswith("He declined to comment.")


def test_dateline_without_agency() -> None:
    a = run("\n\n".join(["WASHINGTON — " + LEAD, *BODY[1:]]))
    assert a.dateline == "Washington"
    assert a.body.startswith("The city council")


def test_truncated_off_topic_blurbs_cut_but_on_topic_kept() -> None:
    tail = ["LAGOS: Oil prices rose sharply as traders bet on lower output from producers...",
            "The singer announced a world tour that opens in Madrid next spring and..."]
    a = run("\n\n".join([*BODY, *tail]))
    assert a.body == "\n\n".join(BODY)
    on_topic = "The council will publish the full budget for buses and tram lines next week..."
    b = run("\n\n".join([*BODY, on_topic]))
    assert b.body.endswith(on_topic)


def test_line_features() -> None:
    assert junk.is_prose(LEAD, 8)
    assert not junk.is_prose("Top Stories", 3)
    assert junk.strong_kind("Follow us on Instagram") is not None
    assert junk.strong_kind(LEAD) is None
    assert junk.is_disclosure("This article was generated by an AI tool and checked by an editor.")
    assert not junk.is_disclosure(LEAD)


def test_html_by_content_type_and_sniffing() -> None:
    page = ("<html><head><title>Budget passes</title></head><body><nav>Home | News</nav><article>"
            + "".join(f"<p>{p}</p>" for p in BODY) + "</article><footer>© 2021 Example</footer></body></html>")
    assert is_html(page, "text/html; charset=utf-8")
    assert is_html(page, None)
    assert not is_html(LEAD, None)
    for ctype in ("text/html", "application/octet-stream"):
        a = run(page, ctype)
        assert a.title == "Budget passes"
        assert a.body == "\n\n".join(BODY)


def test_legacy_encoding_and_mojibake() -> None:
    a = run("\n\n".join(BODY).replace("city", "cité").encode("cp1252"))
    assert "cité" in a.body
    b = run("\n\n".join(BODY).replace("city", "cité").encode("utf-8").decode("cp1252"))
    assert "cité" in b.body


@pytest.mark.parametrize(("payload", "reason"), [
    (b"", RejectReason.EMPTY), (b"   \n\t ", RejectReason.EMPTY), (b"\x00\x01\x02binary\x00", RejectReason.NOT_TEXT),
    (b"x" * 5000, RejectReason.TOO_LARGE),
])
def test_rejects(payload: bytes, reason: RejectReason) -> None:
    src = RawRef(topic="t", partition=0, offset=0, timestamp_ms=0)
    with pytest.raises(RejectError) as exc:
        normalize(RawInput(value=payload, source=src), max_bytes=4096)
    assert exc.value.reason is reason


def test_ids_and_fold() -> None:
    a = RawRef(topic="t", partition=1, offset=5, timestamp_ms=0)
    assert article_id_for(a) == article_id_for(a.model_copy(update={"timestamp_ms": 9}))
    assert article_id_for(a) != article_id_for(a.model_copy(update={"offset": 6}))
    assert fold("Hello, World! 42 Ünïcode_x") == "hello world ünïcode x"
