"""The label vocabulary and the rules a labelled record must obey.

Kept apart from the sampler so a consumer (an evaluation harness) can load and
check the hand labels without touching the corpus.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from bench.labels.sample import split_of

LABEL_DIR = Path(__file__).parent
TOP_LEVEL = frozenset({
    "arts_culture", "crime", "disaster", "economy", "education", "environment", "health",
    "human_interest", "labour", "lifestyle", "politics", "religion", "science_technology",
    "society", "sport", "weather", "conflict",
})
# Second-level topic -> its IPTC parent; a record that carries the child carries the parent too.
SECOND_LEVEL = {
    "energy": "economy", "markets_finance": "economy", "mergers_acquisitions": "economy",
    "elections": "politics", "crime_law": "crime", "natural_disasters": "disaster",
    "health_care": "health",
}


def load(name: str) -> list[dict[str, Any]]:
    """Records of ``keywords.jsonl`` or ``categories.jsonl``."""
    with (LABEL_DIR / f"{name}.jsonl").open(encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def keyword_problems(rec: dict[str, Any]) -> list[str]:
    """Why a keyword record breaks the annotation rules (empty when it does not)."""
    kws = rec["keywords"]
    out = [] if 5 <= len(kws) <= 10 else [f"{len(kws)} keywords, want 5-10"]
    out += [f"not lower-case: {k!r}" for k in kws if k != k.lower()]
    out += ["duplicate keyword"] if len(set(kws)) != len(kws) else []
    return out + _split_problems(rec)


def category_problems(rec: dict[str, Any]) -> list[str]:
    """Why a category record breaks the annotation rules (empty when it does not)."""
    labels = rec["labels"]
    out = [] if 1 <= len(labels) <= 4 else [f"{len(labels)} labels, want 1-4"]
    if labels and labels[0] not in TOP_LEVEL:
        out.append(f"primary {labels[0]!r} is not a top-level topic")
    for i, label in enumerate(labels):
        if label not in TOP_LEVEL and label not in SECOND_LEVEL:
            out.append(f"unknown label {label!r}")
        elif label in SECOND_LEVEL and SECOND_LEVEL[label] not in labels[:i]:
            out.append(f"{label!r} without its parent {SECOND_LEVEL[label]!r} before it")
    out += ["duplicate label"] if len(set(labels)) != len(labels) else []
    return out + _split_problems(rec)


def _split_problems(rec: dict[str, Any]) -> list[str]:
    return [] if rec["split"] == split_of(rec["outlet"]) else [f"split {rec['split']!r} wrong for {rec['outlet']}"]
