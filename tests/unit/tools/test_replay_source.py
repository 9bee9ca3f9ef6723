"""A replay's inputs: all files in order, one report line per bad record, strict, limit, repeat, size."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.replay_inputs import samples, write_jsonl
from worker.tools.replay import MalformedInput, Source, Tally

ITEMS = samples(4)
BAD = ('{"broken', '{"title": "no body"}')


def run(source: Source) -> tuple[list[str], Tally, list[str]]:
    tally, lines = Tally(), []
    urls = [m.key for m in source.messages(tally, lines.append)]
    return urls, tally, lines


def test_bad_records_are_reported_once_each_counted_and_the_rest_replayed(tmp_path: Path) -> None:
    path = write_jsonl(tmp_path / "n.jsonl", ITEMS[:2], BAD)
    write_jsonl(tmp_path / "m.jsonl", ITEMS[2:])
    keys, tally, lines = run(Source(paths=[str(path), str(tmp_path / "m.jsonl")]))
    assert keys == [s.url for s in ITEMS]
    assert lines == ["skipped n.jsonl:3: not JSON (unexpected end of data: line 1 column 9 (char 8))",
                     "skipped n.jsonl:4: no text (field 'maintext' is missing or empty)"]
    assert tally.summary() == "4 articles; 2 skipped (1 not JSON, 1 no text)"


def test_strict_stops_at_the_first_bad_record(tmp_path: Path) -> None:
    path = write_jsonl(tmp_path / "n.jsonl", ITEMS[:2], BAD)
    with pytest.raises(MalformedInput, match=r"^n.jsonl:3: not JSON"):
        run(Source(paths=[str(path)], strict=True))


def test_limit_and_repeat(tmp_path: Path) -> None:
    path = str(write_jsonl(tmp_path / "n.jsonl", ITEMS))
    assert run(Source(paths=[path], limit=3))[0] == [s.url for s in ITEMS[:3]]
    assert run(Source(paths=[path], repeat=2, limit=6))[0] == [s.url for s in ITEMS + ITEMS[:2]]
    assert len(run(Source(paths=[path], repeat=3))[0]) == 12


def test_records_too_big_for_the_topic_are_skipped_not_sent(tmp_path: Path) -> None:
    path = write_jsonl(tmp_path / "n.jsonl", ITEMS)
    sizes = [len(f"{s.title}\n\n{s.body}".encode()) for s in ITEMS]
    limit = max(sizes) - 1
    keys, tally, lines = run(Source(paths=[str(path)], max_bytes=limit))
    assert keys == [s.url for s, n in zip(ITEMS, sizes, strict=True) if n <= limit]
    assert tally.skipped["too large"] == 1
    assert all(line.startswith("skipped n.jsonl:") and f"limit {limit}" in line for line in lines)


def test_an_unreadable_value_is_reported_once_then_counted(tmp_path: Path) -> None:
    path = tmp_path / "n.jsonl"
    path.write_text("".join(f'{{"maintext": "Body {i}.", "date_publish": "someday {i}"}}\n' for i in range(5)))
    keys, tally, lines = run(Source(paths=[str(path)]))
    assert len(keys) == 5 and tally.unreadable["published_at"] == 5
    assert lines == ["n.jsonl:1: unreadable published_at='someday 0' ignored (further ones are only counted)"]


def test_missing_inputs_and_stdin_repeats_are_refused_up_front(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="no such file"):
        Source(paths=[str(tmp_path / "nope.jsonl")]).files()
    with pytest.raises(ValueError, match="no input files"):
        Source(paths=[str(tmp_path)]).files()
    with pytest.raises(ValueError, match="standard input"):
        Source(paths=["-"], repeat=2).files()
