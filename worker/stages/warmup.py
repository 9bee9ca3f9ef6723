"""Run every stateless stage once on a built-in article, before the worker says it is ready.

The first article a process sees pays for loading: the language model, the
word-frequency lists, compiled patterns and, with NER on, the spaCy pipeline
(about 1.5 s in all here). Paid while partitions are already assigned, that
lands on the first real articles as latency; paid at start, it only delays
readiness. Dedupe's stateful half is not run: it would write state.
"""

from __future__ import annotations

from worker.models import RawRef
from worker.stages.dedupe import Deduper
from worker.stages.normalize import RawInput, normalize
from worker.stages.tag import Tagger

#: A made-up article: a title, a dateline, names, places and a byline for every stage to chew on.
SAMPLE = """Harbour authority approves new ferry link between two island towns

By Maria Keller

PORTSMOUTH (Reuters) - The Solent Harbour Authority on Tuesday approved a new ferry link between Cowes and
Southampton, after months of talks with operators and local councils.

Chief executive John Mendez said the service would start in May and carry up to 400 passengers a trip.
The United Kingdom's transport ministry welcomed the decision.
"""


def warm_up(deduper: Deduper, tagger: Tagger) -> None:
    """Normalize, fingerprint and tag :data:`SAMPLE` once (results are thrown away)."""
    article = normalize(RawInput(SAMPLE.encode(), RawRef(topic="warm-up", partition=0, offset=0, timestamp_ms=0)))
    deduper.fingerprint(article)
    tagger.tag_many([article])
