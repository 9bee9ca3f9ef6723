"""Tone: a clearly negative and a clearly positive article, non-English, and agreement with VADER itself."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from worker.stages.tag.tone import _lexicon, sentence_scores, sentences, tone

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
    reference = _lexicon().reference
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
    reference = _lexicon().reference
    assert sentence_scores(text) == [reference.polarity_scores(s)["compound"] for s in sentences(text)]
