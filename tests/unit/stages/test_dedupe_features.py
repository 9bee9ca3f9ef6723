"""Dedupe features: the fast tokenizer against its plain definition, and the packed form."""

from __future__ import annotations

from collections import Counter

from hypothesis import given, settings
from hypothesis import strategies as st

from worker.stages.dedupe import embedding
from worker.stages.dedupe import features as F

#: Capitalised and lower-case words of every rarity, possessives, apostrophes, and the sentence marks.
WORDS = ["The", "the", "Peskov", "peskov", "Kremlin", "Moscow's", "Putin’s", "don't", "Smith", "March", "Nato",
         "war", "grain", "A", "I", "s", "Syria", "O'Neill", "3", "İstanbul", "Σ", "x2"]
SEPARATORS = [" ", " ", " ", ". ", "! ", ": ", "\n", ", ", "? ", " (", ") ", " - "]


def reference_tokens(title: str, body: str) -> tuple[Counter[str], Counter[str]]:
    """The definition, word by word: topical words count as terms; a name counts mid-sentence, or at a
    sentence start if rare enough."""
    terms: Counter[str] = Counter()
    names: Counter[str] = Counter()
    for weight, text in ((2, title), (1, body)):
        starts = {m.group() for piece in F._SENTENCE_END.split(text) if (m := F._WORD.search(piece))}
        firsts: Counter[str] = Counter(m.group() for piece in F._SENTENCE_END.split(text)
                                       if (m := F._WORD.search(piece)))
        for word, n in Counter(F._WORD.findall(text)).items():
            low, mid, initial = F._classify(word)
            if len(low) < 2:
                continue
            if F.rarity(low):
                terms[low] += weight * n
            first = n if weight == 2 else (firsts[word] if word in starts else 0)
            as_name = (n - first if mid else 0) + (first if initial else 0)
            if as_name:
                names[low] += weight * as_name
    return terms, names


texts = st.lists(st.tuples(st.sampled_from(WORDS), st.sampled_from(SEPARATORS)), max_size=40).map(
    lambda parts: "".join(w + s for w, s in parts))


@settings(max_examples=300, deadline=None)
@given(title=texts, body=texts)
def test_counting_in_c_equals_the_word_by_word_definition(title: str, body: str) -> None:
    assert F._tokens(title, body) == reference_tokens(title, body)


def test_a_name_opening_a_sentence_counts_only_if_rare() -> None:
    # "Smith" is common enough (zipf > 3.5) to be an ordinary capitalised word at a sentence start.
    _, names = F._tokens("", "Smith spoke. Later Smith left. Peskov said so. Then Peskov left.")
    assert names["smith"] == 1
    assert names["peskov"] == 2


def test_pack_round_trips() -> None:
    f = F.features("Kremlin warns Nato", "Dmitry Peskov said Moscow would answer. Peskov spoke again.",
                   "dmitry peskov said moscow would answer peskov spoke again", 5, 112, 8)
    back = F.unpack(F.pack(f, "h"))
    assert back.signature == f.signature
    assert back.entities == f.entities and back.index_keys == f.index_keys
    assert back.vector == {t: round(w, 3) for t, w in f.vector.items()}


def test_embedding_puts_related_words_closer_than_unrelated_ones() -> None:
    war = embedding.embed({"troops": 1.0, "invasion": 1.0, "artillery": 0.5})
    army = embedding.embed({"soldiers": 1.0, "offensive": 1.0, "tanks": 0.5})
    cake = embedding.embed({"recipe": 1.0, "baking": 1.0, "flour": 0.5})
    assert len(war) == embedding.DIMS
    assert embedding.similarity(war, army) > embedding.similarity(war, cake) + 0.1


def test_no_terms_no_embedding_and_no_similarity() -> None:
    assert embedding.embed({}) == b""
    assert embedding.similarity(b"", embedding.embed({"troops": 1.0})) == 0.0



def test_a_record_from_before_the_embedding_still_scores_on_its_terms() -> None:
    f = F.features("Kremlin warns Nato", "Dmitry Peskov said Moscow would answer. Peskov spoke again.",
                   "dmitry peskov said moscow would answer peskov spoke again", 5, 112, 8)
    fields = F.pack(f, "h").split("|")
    old = F.unpack("|".join(fields[:5] + fields[6:]))  # the six-field layout, no embedding
    assert old.meaning == b"" and old.vector == F.unpack(F.pack(f, "h")).vector
    assert 0.5 < F.story_similarity(f, old) < 0.7  # the term share only
