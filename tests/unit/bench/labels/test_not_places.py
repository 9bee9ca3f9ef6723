"""The not-a-place labels are well formed: one record per article and name, with a reason."""

from __future__ import annotations

import json

from bench.geo_quality import LABELS, not_places


def test_labels_are_well_formed_and_unique() -> None:
    records = [json.loads(line) for line in LABELS.read_text().splitlines()]
    assert all(set(r) == {"id", "name", "reason"} and r["id"].isdigit() and r["name"] and r["reason"]
               for r in records)
    assert len(not_places()) == len(records) > 40
