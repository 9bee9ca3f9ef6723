"""tag disambiguate: noun-or-verb words settled by their neighbours (hypothesis: never a crash, classes kept)."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from worker.stages.tag.phrases import TOKEN, classes


def _classes(text: str) -> str:
    tokens = TOKEN.findall(text)
    return classes(tokens, [t.lower() for t in tokens], 0)


def _class_of(text: str, word: str) -> str:
    tokens = TOKEN.findall(text)
    return classes(tokens, [t.lower() for t in tokens], 0)[tokens.index(word)]


def test_verb_after_a_subject_noun_or_pronoun() -> None:
    assert _class_of("The minister pegs the oil price.", "pegs") == "x"
    assert _class_of("They hope to win.", "hope") == "x"
    assert _class_of("Storm chasers die in crash.", "die") == "x"


def test_noun_after_a_determiner_or_in_a_compound() -> None:
    assert _class_of("Their hopes faded.", "hopes") == "N"
    assert _class_of("Oil prices rose.", "prices") == "N"
    assert _class_of("The meeting ended.", "meeting") == "N"
    assert _class_of("A training camp opened.", "training") == "N"


def test_adverb_reading_after_a_verb() -> None:
    assert _class_of("They pushed the plan forward.", "forward") == "x"
    assert _class_of("Mark Meadows spoke.", "Mark") == "N"


@given(st.lists(st.sampled_from(["the", "talks", "hope", "pegs", "oil", "forward", "Mark", "to", "they", "meeting",
                                 "of", "May", ".", "US", "us", "de", "al-Assad"]), max_size=30))
def test_every_token_gets_a_settled_class(words: list[str]) -> None:
    cls = _classes(" ".join(words))
    assert len(cls) == len(TOKEN.findall(" ".join(words)))
    assert not set(cls) & {"V", "A"}
