"""Keywords against hand-labelled editor keywords (bench/labels/keywords.jsonl), beside YAKE and PositionRank.

F1@10, per article then averaged over the split's articles (macro), for our
``tags.keywords``, YAKE (n<=3) and pke's PositionRank and FirstPhrases, all
reading the same text (the normalized title and body), in one run. Matching
rule: a keyword matches a label when their words, lower-cased, split on
non-word characters and Porter-stemmed (nltk), are the same sequence; each
label matches at most once. The ``tune`` split is for developing; the
``report`` split is the figure.

``--rate SPLIT`` prints, for that split, each article's title and our top-10
keywords in a plain format for an editor to rate 0-2 per article.

The baselines are not runtime dependencies: install them with
``pip install -c constraints.txt -e '.[baselines]'`` and ``pip install --no-deps pke-tool==1.8.1``
(its metadata names the withdrawn ``sklearn`` package, so it cannot be resolved
normally; ``scikit-learn`` comes with the extra). pke is GPL-3.0 and YAKE LGPL-3.0:
benchmark only.

    python -m bench.keyword_quality [--rate] [--only ours]
"""

from __future__ import annotations

import argparse
import json
import re
import time
from collections.abc import Callable
from pathlib import Path

from bench.corpus import news_articles
from bench.tag_common import _normalize
from worker.models import NormalizedArticle
from worker.settings import Settings
from worker.stages.tag import Tagger

LABELS = Path(__file__).parent / "labels" / "keywords.jsonl"
K = 10
_WORD = re.compile(r"\w+")


def _stemmer() -> Callable[[str], str]:
    from nltk.stem.porter import PorterStemmer

    return PorterStemmer().stem


def key(phrase: str, stem: Callable[[str], str]) -> tuple[str, ...]:
    return tuple(stem(w) for w in _WORD.findall(phrase.lower()))


def f1_at_k(predicted: list[str], gold: list[str], stem: Callable[[str], str]) -> float:
    pred = []
    for p in predicted[:K]:
        k = key(p, stem)
        if k and k not in pred:
            pred.append(k)
    want = {key(g, stem) for g in gold}
    hits = len(set(pred) & want)
    if not hits:
        return 0.0
    precision, recall = hits / len(pred), hits / len(want)
    return 2 * precision * recall / (precision + recall)


def _text(a: NormalizedArticle) -> str:
    return f"{a.title}\n\n{a.body}" if a.title else a.body


def yake_extractor() -> Callable[[NormalizedArticle], list[str]]:
    import yake

    kw = yake.KeywordExtractor(lan="en", n=3, top=K)
    return lambda a: [k for k, _ in kw.extract_keywords(_text(a))]


def _pke_module():
    """Import pke with nltk's stopword corpus replaced by a list in memory (no nltk data download)."""
    import nltk.corpus

    from worker.stages.normalize.lexicon import STOP_WORDS

    class _Stopwords:
        _fileids = ("english",)

        def words(self, lang: str) -> list[str]:
            return sorted(STOP_WORDS)

    nltk.corpus.stopwords = _Stopwords()  # type: ignore[attr-defined]
    import pke

    return pke


def pke_extractor(name: str) -> Callable[[NormalizedArticle], list[str]]:
    import spacy

    from worker.stages.tag.stage import resolve_model

    pke = _pke_module()
    nlp = spacy.load(resolve_model("auto"))  # the full pipeline: pke needs part-of-speech tags

    def run(a: NormalizedArticle) -> list[str]:
        ex = getattr(pke.unsupervised, name)()
        ex.load_document(input=_text(a), language="en", spacy_model=nlp)
        ex.candidate_selection()
        if name == "PositionRank":
            ex.candidate_weighting(window=10)
        else:
            ex.candidate_weighting()
        return [k for k, _ in ex.get_n_best(n=K)]

    return run


def ours() -> Callable[[NormalizedArticle], list[str]]:
    tagger = Tagger.from_settings(Settings())
    return lambda a: [k.term for k in tagger.tag(a).keywords]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rate", choices=["tune", "report"], default=None,
                        help="print that split's titles and our keywords for an editor to rate 0-2")
    parser.add_argument("--only", default="", help="comma-separated systems (ours,yake,positionrank,firstphrases)")
    parser.add_argument("--show", action="store_true", help="print our keywords beside the labels (tune split)")
    parser.add_argument("--split", choices=["tune", "report", "both"], default="both",
                        help="score only this split (develop on tune; read report once, at the end)")
    args = parser.parse_args()
    by_id = {a.id: a for a in news_articles()}
    labelled = [json.loads(line) for line in LABELS.read_text().splitlines() if line.strip()]
    splits = ("tune", "report") if args.split == "both" else (args.split,)
    docs = [(rec, _normalize(by_id[rec["id"]], i)) for i, rec in enumerate(labelled) if rec["split"] in splits]
    systems: dict[str, Callable[[], Callable[[NormalizedArticle], list[str]]]] = {
        "ours": ours, "yake": yake_extractor, "positionrank": lambda: pke_extractor("PositionRank"),
        "firstphrases": lambda: pke_extractor("FirstPhrases")}
    chosen = [s for s in args.only.split(",") if s] or list(systems)
    stem = _stemmer()
    print(f"F1@{K} (Porter-stemmed exact match, macro over articles); ms/article")
    for name in chosen:
        extract = systems[name]()
        extract(docs[0][1])  # load and warm up outside the timing
        start = time.process_time()
        predicted = [extract(a) for _, a in docs]
        ms = 1000 * (time.process_time() - start) / len(docs)
        scores = {split: [f1_at_k(p, rec["keywords"], stem) for (rec, _), p in zip(docs, predicted, strict=True)
                          if rec["split"] == split] for split in splits}
        figures = " ".join(f"{s} {100 * sum(v) / len(v):5.1f} ({len(v)})" for s, v in scores.items())
        print(f"{name:13s} {figures}  {ms:6.1f} ms/article")
        if name == "ours" and args.show:
            for (rec, _), p in zip(docs, predicted, strict=True):
                if rec["split"] == "tune":
                    print(f"  {rec['title'][:60]}\n    ours:  {'; '.join(p)}\n    label: {'; '.join(rec['keywords'])}")
        if name == "ours" and args.rate:
            print("\n# Rate each article 0-2 (0: keywords useless, 1: usable, 2: what an editor would pick)")
            for (rec, _), p in zip(docs, predicted, strict=True):
                if rec["split"] == args.rate:
                    print(f"\n[{rec['id']}] {rec['title']}\n  keywords: {'; '.join(p)}\n  score (0-2): ")


if __name__ == "__main__":
    main()
