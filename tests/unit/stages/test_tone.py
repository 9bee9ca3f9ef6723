"""Tone: a clearly negative and a clearly positive article, non-English, and agreement with VADER itself."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

from worker.stages.tag.tone import sentence_scores, sentences, tone
from worker.stages.tag.vader import but_scaled, lexicon

NEGATIVE = """Deadly Floods Kill Dozens as Rescuers Struggle

At least 40 people were killed and hundreds injured when floods destroyed homes across the valley, officials said.
Survivors described terrifying scenes as the water swept away cars and crushed houses. "It is a disaster, we lost
everything," said one grieving mother. Aid groups warned that disease and hunger now threaten thousands of displaced
families, and angry residents blamed the government for failing to repair broken levees."""

POSITIVE = """Community Celebrates as New Children's Hospital Opens

Families cheered on Saturday as the new children's hospital opened its doors, a success that volunteers called a
wonderful gift to the city. Doctors said they were thrilled and proud of the modern wards, and parents praised the
friendly staff. "This is the happiest day for our town, and we are so grateful," said the mayor, who thanked donors
for their generous support and hope for a healthier future."""


def test_clearly_negative_article() -> None:
    t = tone(NEGATIVE, "en")
    assert t.score is not None and t.score < -0.3 and t.sentences >= 5


def test_clearly_positive_article() -> None:
    t = tone(POSITIVE, "en")
    assert t.score is not None and t.score > 0.3


def test_other_languages_have_no_score_and_say_why() -> None:
    t = tone("Die Regierung hat am Montag neue Regeln beschlossen.", "de")
    assert t.score is None and t.reason == "language_not_supported"
    assert tone("   ", "en").reason == "no_text"


def test_matches_vader_on_tricky_sentences() -> None:
    reference = lexicon().reference
    text = ("The plan is not good, but the team is VERY happy! Without doubt it was kind of a mess. "
            "He was never so proud?? At least nobody was hurt. No problem, no worries at all :) "
            "It was the least bad option. The show was the bomb and sort of great. Emoji 😀 day.")
    expected = [reference.polarity_scores(s)["compound"] for s in sentences(text)]
    assert sentence_scores(text) == expected


@settings(max_examples=150, deadline=None)
@given(st.lists(st.sampled_from(["not", "very", "good", "bad", "but", "never", "so", "no", "least", "at", "kind",
                                 "of", "HAPPY", "sad", "the", "bomb", "!", "?", ":)", "without", "doubt", "great.",
                                 "isn't", "slightly", "worst", "nor", "or", "love,", "hate"]),
                min_size=1, max_size=25))
def test_matches_vader_on_any_word_sequence(words: list[str]) -> None:
    text = " ".join(words)
    reference = lexicon().reference
    assert sentence_scores(text) == [reference.polarity_scores(s)["compound"] for s in sentences(text)]


#: Words that exercise every rule of VADER's: negations, boosters (also in capitals), "no", "least", "this",
#: "but", "n't", idioms, multi-word boosters, "kind of", emoticons, punctuation at word edges, "!" and "?".
_WORDS = ["not", "very", "VERY", "good", "GOOD", "bad", "but", "never", "so", "this", "no", "least", "at", "kind",
          "of", "sort", "just", "enough", "HAPPY", "sad", "the", "bomb", "shit", "!", "?", ":)", ":-(", "without",
          "doubt", "great.", "isn't", "don't", "slightly", "worst", "nor", "or", "love,", "(hate)", '"nice"',
          "yeah", "right", "kiss", "death", "A", "OK", "no.", "ok!", "x", "–", "well-known", "killed", "war"]
_SEPARATORS = [" ", " ", " ", ". ", "! ", "? ", '." ', ".” ", "\n", "\n\n", "  ", ", ", ".\n"]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(_WORDS), st.sampled_from(_SEPARATORS)), min_size=1, max_size=60))
def test_article_scores_match_vader_sentence_by_sentence(pieces: list[tuple[str, str]]) -> None:
    text = "".join(w + sep for w, sep in pieces)
    reference = lexicon().reference
    assert sentence_scores(text) == [reference.polarity_scores(s)["compound"] for s in sentences(text)]


#: The sentence boundary as first written (a lookbehind, slower to scan): the split must not have moved.
_FIRST_BOUNDARY = re.compile(r"(?<=[.!?])[\"”’)]*\s+|\n+")


def _first_sentences(text: str) -> list[str]:
    out, start = [], 0
    for m in _FIRST_BOUNDARY.finditer(text):
        if text[start:m.start()].strip():
            out.append(text[start:m.start()])
        start = m.end()
    if text[start:].strip():
        out.append(text[start:])
    return out


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet='ab .!?"”’)\n\t', max_size=40))
def test_sentence_boundaries_are_the_first_ones(text: str) -> None:
    assert sentences(text) == _first_sentences(text)
    assert len(sentence_scores(text)) == len(sentences(text))


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from([0.0, 1.9, -1.9, 0.95, 2.85, -0.5, 3.1]), min_size=1, max_size=12), st.data())
def test_but_scaling_matches_vader_with_repeated_values(values: list[float], data: st.DataObject) -> None:
    but = data.draw(st.integers(0, len(values) - 1))
    full = [0.0 if i == but else v for i, v in enumerate(values)]
    words = ["but" if i == but else "w" for i in range(len(full))]
    expected = SentimentIntensityAnalyzer._but_check(words, list(full))
    kept = [i for i, v in enumerate(full) if v]
    got = but_scaled([full[i] for i in kept], kept, but)
    assert [expected[i] for i in kept] == got


def _rule_words() -> list[str]:
    from vaderSentiment.vaderSentiment import BOOSTER_DICT, NEGATE, SPECIAL_CASES
    return sorted({*NEGATE, *BOOSTER_DICT, *SPECIAL_CASES, "no", "least", "at least", "this", "never so", "but",
                   "without doubt", "no or", "kind of", "KIND OF", "VERY", "NOT"})


def test_every_rule_word_at_every_reach_matches_vader() -> None:
    """Each negation, booster, idiom and "but", one to four words before (or after) a lexicon word."""
    reference = lexicon().reference
    texts = [f"we all saw {rule} {'then ' * gap}{hit} there" for rule in _rule_words()
             for hit in ("good", "GOOD", "bad", "no", "kind", "bomb", "death") for gap in range(4)]
    texts += [f"we all saw {hit} {rule} there" for rule in _rule_words() for hit in ("good", "kind", "no")]
    text = ". ".join(texts) + "."
    assert sentence_scores(text) == [reference.polarity_scores(s)["compound"] for s in sentences(text)]


def test_a_full_memo_table_is_replaced_without_changing_scores(monkeypatch: pytest.MonkeyPatch) -> None:
    from worker.stages.tag import tone as module
    monkeypatch.setattr(module, "MEMO_SIZE", 5)
    first = module._memo
    assert sentence_scores(NEGATIVE) == sentence_scores(NEGATIVE) == [
        lexicon().reference.polarity_scores(s)["compound"] for s in sentences(NEGATIVE)]
    assert module._memo is not first and len(module._memo.low) < 200
