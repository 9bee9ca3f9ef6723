"""The compose test's helpers that need no Docker engine (these run in `make test`)."""

from __future__ import annotations

from pathlib import Path

import yaml

from tests.compose.images import DEFAULT_MIRROR, debian_mirror
from tests.compose.stack import Ports, prometheus_config


def _apt(tmp_path: Path, files: dict[str, str]) -> Path:
    (tmp_path / "sources.list.d").mkdir()
    for name, text in files.items():
        (tmp_path / name).write_text(text)
    return tmp_path


def test_mirror_from_deb822_sources_skips_security_and_other_suites(tmp_path: Path) -> None:
    apt = _apt(tmp_path, {"sources.list.d/debian.sources": (
        "Types: deb\nURIs: http://mirror.example/debian-security\nSuites: bookworm-security\nComponents: main\n\n"
        "Types: deb-src\nURIs: http://src.example/debian\nSuites: bookworm\n\n"
        "Types: deb\n# a comment\nURIs: http://mirror.example/debian/\nSuites: bookworm bookworm-updates\n"
        "Components: main\n")})
    assert debian_mirror(apt) == "http://mirror.example/debian"


def test_mirror_from_one_line_sources_with_options(tmp_path: Path) -> None:
    apt = _apt(tmp_path, {
        "sources.list": "# deb http://commented.example/debian bookworm main\n"
                        "deb [arch=amd64 signed-by=/k.gpg] https://other.example/apt cloud-sdk-bookworm main\n",
        "sources.list.d/extra.list": "deb [trusted=yes] http://one.example/debian bookworm main contrib\n",
    })
    assert debian_mirror(apt) == "http://one.example/debian"


def test_mirror_falls_back_to_debians_redirector(tmp_path: Path) -> None:
    assert debian_mirror(_apt(tmp_path, {"sources.list": "deb http://x.example/ubuntu jammy main\n"})) == DEFAULT_MIRROR


def test_prometheus_config_keeps_jobs_and_rules_and_moves_targets() -> None:
    config = yaml.safe_load(prometheus_config(Ports(kafka=1, controller=2, worker=3456, prometheus=7890)))
    targets = {job["job_name"]: job["static_configs"][0]["targets"] for job in config["scrape_configs"]}
    assert targets == {"news-ingest": ["127.0.0.1:3456"], "prometheus": ["127.0.0.1:7890"]}
    assert config["rule_files"] == ["alerts.yml"]
