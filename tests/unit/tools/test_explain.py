"""``ingest explain``: pair measures agree with the dedupe stage's verdicts."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from worker.settings import Settings
from worker.tools.cli import cli
from worker.tools.explain import explain_files, render

SEEDS = sorted((Path(__file__).parents[3] / "seeds").glob("*.txt"))


def test_seed_pairs_are_same_story_not_copies() -> None:
    pairs = list(explain_files(SEEDS[:3], Settings()))
    assert len(pairs) == 3
    for e in pairs:
        assert not e["equal_hash"]
        assert e["jaccard_estimate"] < 0.2
        assert e["story_similarity"] >= Settings().story_threshold
        assert "blinken" in e["shared_entities"]
        assert e["verdict"] == "unique" and e["same_story"]
    assert "story similarity" in render(pairs[0])


def test_same_file_twice_is_exact_duplicate_in_json() -> None:
    out = CliRunner().invoke(cli, ["explain", "--json", str(SEEDS[0]), str(SEEDS[0]), str(SEEDS[4])])
    assert out.exit_code == 0, out.output
    rows = [json.loads(line) for line in out.output.splitlines()]
    assert len(rows) == 3
    assert rows[0]["equal_hash"] and rows[0]["verdict"] == "exact_duplicate" and rows[0]["jaccard_estimate"] == 1.0
    assert rows[1]["verdict"] == "unique"


def test_needs_two_files() -> None:
    assert CliRunner().invoke(cli, ["explain", str(SEEDS[0])]).exit_code != 0
