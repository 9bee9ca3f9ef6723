"""The front door: the README starts with the two commands, stays small, and the settings docs match the code."""

from pathlib import Path

from worker.settings import Settings, settings_table

ROOT = Path(__file__).resolve().parents[2]
README = ROOT / "README.md"
CONFIGURATION = ROOT / "docs" / "configuration.md"


def test_configuration_table_matches_settings():
    text = CONFIGURATION.read_text()
    start, end = "<!-- settings-table:start -->\n", "\n<!-- settings-table:end -->"
    embedded = text[text.index(start) + len(start): text.index(end)]
    assert embedded == settings_table(), "stale: run `ingest settings --write docs/configuration.md`"


def test_readme_starts_with_the_two_commands_and_stays_small():
    text = README.read_text()
    head = text.split("## ", 1)[0]
    assert "make demo" in head and "make test" in head
    assert len(text.encode()) <= 8 * 1024


def test_every_setting_the_readme_names_exists():
    names = {f"INGEST_{n.upper()}" for n in Settings.model_fields}
    import re

    named = set(re.findall(r"`(INGEST_[A-Z_]+)`", README.read_text()))
    assert named and named - {"INGEST_SASL_", "INGEST_SSL_"} <= names
