"""Shared helpers for the offline checks of docker-compose.yml, Dockerfile and deploy/.

External tools (promtool, kubectl/kustomize) are the real ones. When one is
missing on a developer machine the tests that need it are skipped with a loud
warning; under CI (CI=true) a missing tool is a failure, because CI installs
them (see deploy/README.md).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[3]
DEPLOY = ROOT / "deploy"
ALERTS = DEPLOY / "prometheus" / "alerts.yml"
DASHBOARD = DEPLOY / "grafana" / "news-ingest.json"
OVERLAYS = sorted(p.name for p in (DEPLOY / "overlays").iterdir() if (p / "kustomization.yaml").exists())

#: Metric names in PromQL text: ours all start with ingest_.
METRIC_RE = re.compile(r"\bingest_[a-z0-9_]+\b")


def require_tool(name: str) -> str:
    """Path of an external tool; skip loudly when missing (fail under CI)."""
    path = shutil.which(name)
    if path:
        return path
    message = f"TOOL MISSING: {name} is not on PATH; deploy checks that need it did NOT run."
    if os.environ.get("CI"):
        pytest.fail(message + " CI must install it (see deploy/README.md).")
    warnings.warn(message, stacklevel=2)
    pytest.skip(message)


def kustomize_command() -> list[str]:
    """`kubectl kustomize` if kubectl is installed, else a standalone `kustomize build`."""
    if shutil.which("kubectl"):
        return ["kubectl", "kustomize"]
    venv_bin = Path(sys.executable).parent / "kustomize"  # GOBIN=.venv/bin go install ...
    for candidate in (shutil.which("kustomize"), str(venv_bin) if venv_bin.exists() else None, _go_bin("kustomize")):
        if candidate:
            return [candidate, "build"]
    require_tool("kubectl (or kustomize)")  # skips, or fails under CI, with the message
    raise AssertionError("unreachable")


def _go_bin(name: str) -> str | None:
    """A tool put in GOPATH/bin by `go install` (GOPATH/bin is often not on PATH)."""
    gopath = os.environ.get("GOPATH") or str(Path.home() / "go")
    candidate = Path(gopath) / "bin" / name
    return str(candidate) if candidate.exists() else None


def run(cmd: list[str], cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    return subprocess.run(cmd, cwd=cwd, capture_output=True, text=True, timeout=120, check=False)


def registry_metric_names() -> set[str]:
    """Every sample name worker/metrics.py's REGISTRY can expose.

    Labelled metrics expose no samples until a label set is used, so names
    come from each family's type, as the text exposition format spells them.
    """
    from worker.runtime.metrics import REGISTRY

    suffixes = {
        "counter": ("_total", "_created"),
        "gauge": ("",),
        "histogram": ("_bucket", "_count", "_sum", "_created"),
        "summary": ("", "_count", "_sum", "_created"),
        "info": ("_info",),
    }
    names: set[str] = set()
    for family in REGISTRY.collect():
        names.update(family.name + s for s in suffixes[family.type])
    return names


def metric_names_in(text: str) -> set[str]:
    return set(METRIC_RE.findall(text))


def load_yaml_docs(text: str) -> list[dict[str, Any]]:
    return [d for d in yaml.safe_load_all(text) if d]


@pytest.fixture(scope="session")
def metric_names() -> set[str]:
    return registry_metric_names()


@pytest.fixture(scope="session")
def alert_rules() -> dict[str, Any]:
    rules: dict[str, Any] = yaml.safe_load(ALERTS.read_text(encoding="utf-8"))
    return rules


@pytest.fixture(scope="session")
def rendered() -> Iterator[dict[str, list[dict[str, Any]]]]:
    """Each overlay rendered once per session: overlay name -> manifests."""
    cmd = kustomize_command()
    out: dict[str, list[dict[str, Any]]] = {}
    for overlay in OVERLAYS:
        proc = run([*cmd, str(DEPLOY / "overlays" / overlay)])
        assert proc.returncode == 0, f"kustomize failed for {overlay}:\n{proc.stderr}"
        out[overlay] = load_yaml_docs(proc.stdout)
    yield out
