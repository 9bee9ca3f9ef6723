"""The alert rules: promtool accepts them, their unit tests pass, they use real metrics,
and the Kubernetes PrometheusRule carries exactly the same groups."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.unit.deploy.conftest import ALERTS, DEPLOY, metric_names_in, require_tool, run

REQUIRED_ALERTS = {
    "IngestWorkerDown": {"up"},
    "IngestNoProgress": {"ingest_last_processed_timestamp_seconds", "ingest_consumer_lag_messages"},
    "IngestConsumerLagGrowing": {"ingest_consumer_lag_messages"},
    "IngestDLQRateHigh": {"ingest_dlq_records_total"},
}


def _alerts(rules: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {r["alert"]: r for g in rules["groups"] for r in g["rules"] if "alert" in r}


def test_promtool_check_rules() -> None:
    promtool = require_tool("promtool")
    proc = run([promtool, "check", "rules", str(ALERTS)])
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "SUCCESS" in proc.stdout


def test_promtool_rule_unit_tests() -> None:
    """deploy/prometheus/alerts_test.yml: each alert fires on its failure and stays quiet otherwise."""
    promtool = require_tool("promtool")
    proc = run([promtool, "test", "rules", "alerts_test.yml"], cwd=DEPLOY / "prometheus")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    cases = yaml.safe_load((DEPLOY / "prometheus/alerts_test.yml").read_text(encoding="utf-8"))["tests"]
    checks = [t for case in cases for t in case["alert_rule_test"]]
    fires = {t["alertname"] for t in checks if t["exp_alerts"]}
    quiet = {t["alertname"] for t in checks if not t["exp_alerts"]}
    assert set(REQUIRED_ALERTS) <= fires & quiet


def test_required_alerts_exist(alert_rules: dict[str, Any]) -> None:
    alerts = _alerts(alert_rules)
    for name, metrics in REQUIRED_ALERTS.items():
        assert name in alerts, name
        expr = alerts[name]["expr"]
        assert all(m in expr for m in metrics), (name, expr)
        assert alerts[name]["labels"]["severity"] in {"warning", "critical"}
        assert alerts[name]["annotations"]["summary"]
    assert "lag" in alerts["IngestNoProgress"]["expr"], "no-progress must not fire for an idle worker"


def test_alerts_use_only_exported_metrics(alert_rules: dict[str, Any], metric_names: set[str]) -> None:
    used = set().union(*(metric_names_in(r["expr"]) for r in _alerts(alert_rules).values()))
    assert used, "the rules reference no ingest_ metric"
    assert used <= metric_names, f"not exported by worker/metrics.py: {sorted(used - metric_names)}"


def test_metric_name_check_can_fail(metric_names: set[str]) -> None:
    assert metric_names_in("rate(ingest_raw_consumed_total[5m])") <= metric_names
    assert not metric_names_in("rate(ingest_articles_consumed_total[5m])") <= metric_names


def _generator() -> Any:
    spec = importlib.util.spec_from_file_location("gen_prometheusrule", DEPLOY / "gen_prometheusrule.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_prometheusrule_is_generated_from_alerts_file(alert_rules: dict[str, Any]) -> None:
    gen = _generator()
    committed = Path(gen.OUTPUT_FILE).read_text(encoding="utf-8")
    assert committed == gen.render(ALERTS.read_text(encoding="utf-8")), (
        "deploy/prometheus/prometheusrule.yaml is stale: run python deploy/gen_prometheusrule.py")
    manifest = yaml.safe_load(committed)
    assert manifest["apiVersion"] == "monitoring.coreos.com/v1" and manifest["kind"] == "PrometheusRule"
    assert manifest["spec"]["groups"] == alert_rules["groups"]


def test_generator_check_detects_drift(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    gen = _generator()
    stale = tmp_path / "prometheusrule.yaml"
    stale.write_text(Path(gen.OUTPUT_FILE).read_text(encoding="utf-8").replace("> 0.05", "> 0.5"), encoding="utf-8")
    monkeypatch.setattr(gen, "OUTPUT_FILE", stale)
    assert gen.main(["--check"]) == 1
    assert gen.main([]) == 0 and gen.main(["--check"]) == 0
