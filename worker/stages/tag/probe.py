"""Where NER looks beyond the lead: short windows around names it has not seen yet.

Running NER over whole bodies costs ~4x more than over the lead, yet most of a
body's names are repeats of the lead's. A capitalized word that is not at a
sentence start, not already in the NER input, not a known place and rare as a
lower-case word (wordfreq Zipf < 4) is probably a new name ("ByteDance",
"Xinhua"); a few words either side are enough context for spaCy to label it.
The windows are capped by ``ner_probe_words``, so the cost stays bounded.
"""

from __future__ import annotations

import re

from worker.stages.tag.gazetteer import PLACES
from worker.stages.tag.keywords import zipf

_STRIP = re.compile(r"^[^\w]+|(['’]s)?[^\w]*$")
_SENTENCE_END = ("." , "!", "?", ":", "\u201c", '"', "—", "–")
#: Lower-case forms at least this common are ordinary words written with a capital ("President").
MAX_NAME_ZIPF = 4.0


def probes(head: str, rest: tuple[str, ...], budget: int, window: int = 3) -> list[str]:
    """Snippets of ``rest`` around unseen candidate names, at most ``budget`` words in all."""
    seen = {_STRIP.sub("", w) for w in head.split()}
    out: list[str] = []
    used = 0
    for para in rest:
        toks = para.split()
        spans: list[list[int]] = []
        for i, tok in enumerate(toks):
            word = _STRIP.sub("", tok)
            if (len(word) < 2 or not word[0].isupper() or word in seen or i == 0
                    or toks[i - 1].endswith(_SENTENCE_END) or word in PLACES):
                continue
            seen.add(word)
            if zipf(word.lower(), "en") >= MAX_NAME_ZIPF:
                continue
            lo, hi = max(0, i - window), min(len(toks), i + window + 1)
            if spans and lo <= spans[-1][1]:
                spans[-1][1] = hi
            else:
                spans.append([lo, hi])
        for lo, hi in spans:
            if used + hi - lo > budget:
                return out
            out.append(" ".join(toks[lo:hi]))
            used += hi - lo
    return out
