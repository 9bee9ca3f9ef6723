"""The Grafana dashboard: valid JSON, the panels the issue asks for, real metric
names only, and PromQL that Prometheus' own parser (promtool) accepts."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.unit.deploy.conftest import DASHBOARD, metric_names_in, require_tool, run


@pytest.fixture(scope="module")
def dashboard() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(DASHBOARD.read_text(encoding="utf-8"))
    return data


def _panels(dashboard: dict[str, Any]) -> list[dict[str, Any]]:
    return [p for p in dashboard["panels"] if p["type"] != "row"]


def _exprs(dashboard: dict[str, Any]) -> list[str]:
    return [t["expr"] for p in _panels(dashboard) for t in p["targets"]]


def _as_promql(expr: str) -> str:
    """Grafana variables replaced by what they expand to, so promtool can parse the query."""
    return expr.replace("$__rate_interval", "1m").replace('=~"$job"', '=~".+"')


def test_dashboard_shape(dashboard: dict[str, Any]) -> None:
    assert dashboard["uid"] == "news-ingest" and dashboard["title"]
    ids = [p["id"] for p in dashboard["panels"]]
    assert len(ids) == len(set(ids))
    variables = {v["name"]: v for v in dashboard["templating"]["list"]}
    assert variables["datasource"]["type"] == "datasource"
    for panel in _panels(dashboard):
        assert panel["datasource"]["uid"] == "${datasource}", panel["title"]
        assert panel["targets"], panel["title"]
        assert all(t["expr"].strip() for t in panel["targets"]), panel["title"]
        assert '{job=~"$job"' in " ".join(t["expr"] for t in panel["targets"]), panel["title"]


def test_dashboard_has_the_required_panels(dashboard: dict[str, Any]) -> None:
    exprs = _exprs(dashboard)
    joined = "\n".join(exprs)

    def quantiles(metric: str) -> set[str]:
        found = set()
        for e in exprs:
            m = re.match(r"histogram_quantile\((0\.\d+), sum by \(le[^)]*\) \(rate\(" + metric + "_bucket", e)
            if m:
                found.add(m.group(1))
        return found

    assert "rate(ingest_stage_events_total" in joined  # throughput per stage
    assert "by (stage, outcome)" in joined
    assert {"0.5", "0.99"} <= quantiles("ingest_stage_seconds")
    assert {"0.5", "0.99"} <= quantiles("ingest_end_to_end_seconds")
    assert any('outcome="duplicate"' in e and "/" in e for e in exprs)  # duplicate ratio
    assert "rate(ingest_dlq_records_total" in joined
    assert "ingest_consumer_lag_messages" in joined
    assert "ingest_dedupe_state_entries" in joined


def test_dashboard_uses_only_exported_metrics(dashboard: dict[str, Any], metric_names: set[str]) -> None:
    used = set().union(*(metric_names_in(e) for e in _exprs(dashboard)))
    job_query = next(v for v in dashboard["templating"]["list"] if v["name"] == "job")["definition"]
    used |= metric_names_in(job_query)
    assert len(used) >= 8
    assert used <= metric_names, f"not exported by worker/metrics.py: {sorted(used - metric_names)}"


def test_dashboard_promql_parses(dashboard: dict[str, Any], tmp_path: Path) -> None:
    """Each query becomes a recording rule; promtool check rules parses it with Prometheus' parser."""
    promtool = require_tool("promtool")
    rules = [{"record": f"dashboard:query_{i}", "expr": _as_promql(e)} for i, e in enumerate(_exprs(dashboard))]
    path = tmp_path / "dashboard_rules.yml"
    path.write_text(yaml.safe_dump({"groups": [{"name": "dashboard", "rules": rules}]}), encoding="utf-8")
    proc = run([promtool, "check", "rules", str(path)])
    assert proc.returncode == 0, proc.stdout + proc.stderr

    rules.append({"record": "dashboard:broken", "expr": "sum by (stage (rate(ingest_stage_events_total[1m]))"})
    path.write_text(yaml.safe_dump({"groups": [{"name": "dashboard", "rules": rules}]}), encoding="utf-8")
    assert run([promtool, "check", "rules", str(path)]).returncode != 0  # the parser does reject bad PromQL
