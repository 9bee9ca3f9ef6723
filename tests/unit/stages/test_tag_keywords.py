"""tag keywords: noun phrases, dictionary spelling, one form per concept, names whole, no publisher."""

from __future__ import annotations

from worker.models import Entity, EntityType
from worker.stages.tag.keywords import keywords
from worker.stages.tag.phrases import chunks

BODY = ("A tornado tore through the county on Tuesday. Tornadoes are rare here, the meterologist said, and "
        "the poice closed roads. Martial law was declared after the tornado. Under martial law, curfews apply. "
        "Emergency shelters opened as the tornado warning stayed in force; shelters filled by night.")


def _terms(title: str, body: str, ents: list[Entity] | None = None, drop: set[str] | None = None) -> list[str]:
    return [k.term for k in keywords(chunks(title, body), ents or [], 10, drop)]


def test_chunks_are_noun_phrases_without_verbs() -> None:
    found = set(chunks("", "The committee awaits a broader decision on martial law.").words())
    assert "martial law" in found and "committee" in found
    assert not [p for p in found if "awaits" in p or p == "broader"]


def test_typos_seen_once_never_surface() -> None:
    terms = _terms("Tornado hits county", BODY)
    assert not {"meterologist", "poice"} & {w for t in terms for w in t.split()}


def test_unknown_word_repeated_is_a_keyword() -> None:
    body = "The zorblat market grew. Traders said zorblat prices rose as zorblat stocks fell."
    assert "zorblat" in " ".join(_terms("", body))


def test_one_form_per_concept() -> None:
    terms = _terms("Tornado hits county", BODY)
    assert "tornado" in terms and "tornadoes" not in terms
    assert "martial law" in terms and "martial" not in terms and "law" not in terms


def test_names_whole_and_canonical() -> None:
    body = ("Russian cruiser Pyotr Veliky sailed past. President Trump spoke about the cruiser. "
            "Trump later said the cruiser Pyotr Veliky was in international waters.")
    ents = [Entity(name="Donald Trump", type=EntityType.PERSON, mentions=2, aliases=["Trump"])]
    terms = _terms("Cruiser sails past", body, ents)
    assert "donald trump" in terms and "trump" not in terms and "president trump" not in terms
    assert "pyotr veliky" in terms
    assert not [t for t in terms if t in {"pyotr", "veliky", "cruiser pyotr"}]


def test_publisher_and_handles_are_dropped() -> None:
    body = ("HuffPost readers sent tweets about the drought. The drought hit farms; drought relief came late. "
            "Follow @chrisgorham for more drought news from HuffPost.")
    terms = _terms("Drought relief late", body, drop={"huffpost"})
    assert "drought" in " ".join(terms)
    assert not [t for t in terms if "huffpost" in t or "chrisgorham" in t]
