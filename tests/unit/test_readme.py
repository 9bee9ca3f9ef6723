"""The README's settings table is generated from worker/settings.py and must stay equal."""

from pathlib import Path

from worker.settings import settings_table

README = Path(__file__).resolve().parents[2] / "README.md"


def test_readme_settings_table_matches_settings():
    text = README.read_text()
    start, end = "<!-- settings-table:start -->\n", "\n<!-- settings-table:end -->"
    embedded = text[text.index(start) + len(start): text.index(end)]
    assert embedded == settings_table(), "README settings table is stale: regenerate it from `ingest settings`"


def test_readme_starts_with_the_two_commands():
    head = README.read_text().split("## ", 1)[0]
    assert "make demo" in head and "make test" in head
