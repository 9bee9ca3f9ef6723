"""Entities against whole-body spaCy NER on 300 NewsArticles: recall, and junk on both sides.

Reference: spaCy ``en_core_web_sm`` NER (the model the tagger loads) over the
whole analysed body (every paragraph, no title), PERSON/ORG/GPE/LOC spans,
each surface tidied the same way for both sides (whitespace, a leading "the",
a possessive). Per article, a reference name counts as found when one of our
entities has it as its name or as one of its aliases (case-insensitive): the
strict rule. The loose rule also accepts a reference span that contains one of
ours as whole words ("Defender Hassan Abbas" for "Hassan Abbas") or is
contained in one. Recall is reported over all reference names and over the
non-junk ones.

Junk, counted by the same rules on both sides (rules of this file, not of the
tagger), one reason per name:
  fragment   starts or ends with a lower-case word, or has no capital ("AB Investor and");
  shouted    one all-capitals word that is a common English word in lower case
             (wordfreq Zipf >= 3) and is written in lower case or in a shouted line in the same article;
  furniture  the article's publisher or an author, a photo agency, site chrome;
  titled     a person name that starts with a job title ("President Trump", "Defender Hassan Abbas");
  partial    one word that is part of another person's name in the same entity list ("Blinken");
  duplicate  a country alias listed beside its country ("U.S." and "United States");
  number     a date, a number, a weekday/month name or a time zone ("GMT").

    python -m bench.entity_quality [--n 300] [--show 15]
"""

from __future__ import annotations

import argparse
import re
from collections import Counter

from wordfreq import zipf_frequency

from bench.corpus import CorpusArticle
from bench.tag_common import SPLITS, sample, spacy_ner
from worker.models import NormalizedArticle, Tags
from worker.settings import Settings
from worker.stages.tag import Tagger
from worker.stages.tag.content import analysis_text
from worker.stages.tag.gazetteer import PLACES

LABELS = {"PERSON", "ORG", "GPE", "LOC"}
_TIDY = re.compile(r"^(?:the|The|THE)\s+|(?:['’]s|['’])$")
_AGENCIES = {"getty images", "getty", "shutterstock", "ap photo", "epa", "alamy", "captcha", "newsletter",
             "subscribe", "facebook twitter", "share", "exit mobile version", "latest updates"}
_TITLES = {"president", "mr", "mrs", "ms", "dr", "secretary", "minister", "prime", "senator", "sen", "rep", "gov",
           "governor", "defender", "striker", "midfielder", "goalkeeper", "coach", "manager", "chief", "chairman",
           "judge", "general", "gen", "spokesman", "spokeswoman", "ambassador", "foreign", "mayor", "captain"}
_TIME = {"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "january", "february",
         "march", "april", "june", "july", "august", "september", "october", "november", "december",
         "gmt", "utc", "bst", "est", "edt", "pst", "cet"}


def tidy(span: str) -> str:
    return _TIDY.sub("", " ".join(span.split())).strip(" ,.;:\"'“”‘’()")


def reference(nlp, articles: list[NormalizedArticle]) -> list[dict[str, str]]:
    """Whole-body spaCy NER names per article, with a type ('person' for PERSON, else its label)."""
    bodies = ["\n\n".join(analysis_text(a.title, a.body).paragraphs) for a in articles]
    return [{t: "person" if e.label_ == "PERSON" else e.label_ for e in doc.ents
             if e.label_ in LABELS and (t := tidy(e.text))} for doc in nlp.pipe(bodies, batch_size=32)]


def _shouted(name: str, raw: str) -> bool:
    if not (name.isupper() and name.isalpha() and len(name) >= 3) or zipf_frequency(name.lower(), "en") < 3:
        return False
    if re.search(rf"\b{name.lower()}\b", raw):
        return True
    return any(name in line and sum(c.isupper() for c in line) > 0.6 * sum(c.isalpha() for c in line)
               for line in raw.splitlines())


def _capital(tok: str) -> bool:
    return any(c.isupper() or c.isdigit() for c in tok)


def junk_reason(name: str, names: dict[str, str], art: NormalizedArticle, raw: str) -> str | None:
    """Why ``name`` (one of an article's entity names ``names``, name -> type) is junk, or None."""
    toks = name.split()
    low = name.lower()
    if not _capital(toks[0]) or not _capital(toks[-1]) or name.count("(") != name.count(")"):
        return "fragment"
    if _shouted(name, raw):
        return "shouted"
    if low in _AGENCIES or low == (art.publisher or "").lower() or low in {a.lower() for a in art.authors}:
        return "furniture"
    if len(toks) > 1 and toks[0].lower().strip(".") in _TITLES and names[name] == "person":
        return "titled"
    if len(toks) == 1 and any(name in o.split() and o != name and kind == "person" for o, kind in names.items()):
        return "partial"
    if name in PLACES and PLACES[name] != name and PLACES[name] in names:
        return "duplicate"
    if low in _TIME or any(t.isdigit() for t in toks):
        return "number"
    return None


def found(ref: str, tags: Tags, loose: bool) -> bool:
    forms = {f.lower() for e in tags.entities for f in (e.name, *e.aliases)}
    r = ref.lower()
    if r in forms:
        return True
    return loose and any(re.search(rf"(?<!\w){re.escape(f)}(?!\w)", r) or re.search(
        rf"(?<!\w){re.escape(r)}(?!\w)", f) for f in forms)


def _report(title: str, pairs: list[tuple[CorpusArticle, NormalizedArticle]], refs: list[dict[str, str]],
            tags: list[Tags]) -> dict[str, Counter[str]]:
    totals: Counter[str] = Counter()
    junk: dict[str, Counter[str]] = {"spacy": Counter(), "ours": Counter()}
    for (art, norm), ref, t in zip(pairs, refs, tags, strict=True):
        ours = {e.name: e.type.value for e in t.entities}
        ref_junk = {r for r in ref if junk_reason(r, ref, norm, art.text)}
        for r in ref:
            totals["ref"] += 1
            totals["ref_clean"] += r not in ref_junk
            for rule in ("strict", "loose"):
                hit = found(r, t, rule == "loose")
                totals[rule] += hit
                totals[rule + "_clean"] += hit and r not in ref_junk
        for side, names in (("spacy", ref), ("ours", ours)):
            totals[side] += len(names)
            for n in names:
                if reason := junk_reason(n, names, norm, art.text):
                    junk[side][reason] += 1
    n = len(pairs)
    print(f"\n== {title}: {n} articles; whole-body spaCy {totals['spacy'] / n:.1f} names/article, "
          f"ours {totals['ours'] / n:.1f}")
    print(f"recall of spaCy's names: strict {totals['strict'] / totals['ref']:.3f}, loose "
          f"{totals['loose'] / totals['ref']:.3f}; of its non-junk names: strict "
          f"{totals['strict_clean'] / totals['ref_clean']:.3f}, "
          f"loose {totals['loose_clean'] / totals['ref_clean']:.3f}")
    for side in ("spacy", "ours"):
        j = junk[side]
        print(f"junk {side:5s}: {sum(j.values()) / n:.2f}/article ({sum(j.values()) / max(1, totals[side]):.3f} of "
              f"its names): " + ", ".join(f"{k} {v}" for k, v in j.most_common()))
    return junk


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--n", type=int, default=300)
    parser.add_argument("--show", type=int, default=12, help="print this many junk and missed names per side")
    args = parser.parse_args()
    pairs = sample(args.n)
    articles = [norm for _, norm in pairs]
    refs = reference(spacy_ner(), articles)
    tags = Tagger.from_settings(Settings()).tag_many(articles)
    for split in ("tune", "report"):
        idx = [i for i, (a, _) in enumerate(pairs) if a.outlet in SPLITS[split]]
        _report(split, [pairs[i] for i in idx], [refs[i] for i in idx], [tags[i] for i in idx])
    _report("all", pairs, refs, tags)
    if args.show:
        missed = Counter(r for (art, norm), ref, t in zip(pairs, refs, tags, strict=True) for r in ref
                         if not found(r, t, True) and not junk_reason(r, ref, norm, art.text))
        print("\nmost often missed non-junk names:", ", ".join(f"{k} ({v})" for k, v in missed.most_common(args.show)))
        ours_junk = Counter(f"{e.name} [{why}]" for (art, norm), t in zip(pairs, tags, strict=True)
                            for e in t.entities
                            if (why := junk_reason(e.name, {x.name: x.type.value for x in t.entities}, norm,
                                                   art.text)))
        print("our junk:", ", ".join(f"{k} ({v})" for k, v in ours_junk.most_common(args.show)))


if __name__ == "__main__":
    main()
