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


def test_verbs_are_not_glued_to_nouns() -> None:
    words = set(chunks("Russian energy minister pegs oil price at $70", "Three storm chasers die in a car crash. "
                       "The GOP rushes forward, brushing aside criticism; the Indian PM hopes to meet Putin.").words())
    assert {"russian energy minister", "oil price", "storm chasers", "car crash"} <= words
    assert not [w for w in words if {"pegs", "die", "rushes", "forward", "brushing", "aside", "hopes"} & set(w.split())]


def test_names_are_whole_without_titles() -> None:
    body = ("Prime Minister Theresa May met UN envoy Staffan de Mistura and Syrian President Bashar al-Assad. "
            "The National Oceanic and Atmospheric Administration said ice fell; May said the talks went on.")
    terms = _terms("Talks go on", body)
    assert {"theresa may", "staffan de mistura", "bashar al-assad"} <= set(terms)
    assert not [t for t in terms if t in {"prime minister theresa", "syrian president bashar", "national oceanic"}]


def test_nationality_counts_for_its_country_and_is_no_keyword() -> None:
    body = "Syrian refugees waited. Syrian officials said the Syrian refugees would stay; refugees camped."
    terms = _terms("Syrian refugees wait", body)
    assert "syria" in terms and "syrian" not in terms and "syrian refugees" in terms


def test_sources_credits_and_embedded_posts_are_not_keywords() -> None:
    body = ("Floods hit the valley and floods closed roads; flood defences failed. Authorities say the floods will "
            "last. Al Jazeera's Natacha Butler, reporting from Paris, said the floods were the worst. "
            "Flood defences are old. Help is coming https://t.co/abc pic.twitter.com/xyz - Jane Roe (@janeroe) "
            "March 1, 2017 ABC News' Alisa Wiersema contributed to this report.")
    terms = _terms("Floods hit the valley", body)
    assert "floods" in terms or "flood defences" in terms
    assert not {"authorities", "natacha butler", "jane roe", "alisa wiersema", "janeroe"} & set(terms)


def test_glued_function_words_and_broken_encoding_are_split_off() -> None:
    words = set(chunks("", "Mr Osborne, the Tory MP-who was sacked, joined the-Texas Freedom Network in the "
                       "D\ufffdil chamber.").words())
    assert "tory mp" in words and "texas freedom network" in words
    assert not [w for w in words if "\ufffd" in w or w.startswith("d ") or "-who" in w]


def test_a_phrase_seen_once_ranks_below_a_recurring_topic() -> None:
    body = ("The sea ice shrank again. Scientists measured sea ice by satellite, and the corresponding malaise "
            "of the summer was felt. Sea ice fell to a record low.")
    terms = _terms("Sea ice at record low", body)
    assert terms.index("sea ice") < (terms.index("corresponding malaise") if "corresponding malaise" in terms else 99)
