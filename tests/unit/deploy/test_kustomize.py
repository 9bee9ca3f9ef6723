"""deploy/ renders with kustomize for every overlay, and the result is sound.

Built-in kinds are validated with kubernetes-validate (the Kubernetes OpenAPI
schemas, strict: unknown fields fail). The CRDs (PodMonitor, ScaledObject,
PrometheusRule) have no schema there; they are checked structurally against
what they must point at: the StatefulSet's labels, port name, consumer group,
topic and partition count.
"""

from __future__ import annotations

import copy
import json
from typing import Any

import kubernetes_validate
import pytest
import yaml
from kubernetes_validate.utils import ValidationError as K8sValidationError

from tests.unit.deploy.conftest import DASHBOARD, OVERLAYS, kustomize_command, run
from worker.runtime.kafka import topic_layout
from worker.settings import Settings

#: The oldest Kubernetes minor we promise to run on.
K8S_VERSION = "1.30.0"
CRD_KINDS = {"PodMonitor", "ScaledObject", "PrometheusRule"}
Manifests = list[dict[str, Any]]


def _one(docs: Manifests, kind: str, name: str | None = None) -> dict[str, Any]:
    found = [d for d in docs if d["kind"] == kind and (name is None or d["metadata"]["name"] == name)]
    assert len(found) == 1, f"expected one {kind} {name or ''}, found {len(found)}"
    return found[0]


def _env(docs: Manifests) -> dict[str, str]:
    """The worker container's effective INGEST_* settings: envFrom ConfigMap plus env."""
    sts = _one(docs, "StatefulSet")
    container = sts["spec"]["template"]["spec"]["containers"][0]
    env: dict[str, str] = {}
    for source in container.get("envFrom", []):
        if "configMapRef" in source:
            env.update(_one(docs, "ConfigMap", source["configMapRef"]["name"])["data"])
    env.update({e["name"]: e["value"] for e in container.get("env", []) if "value" in e})
    return env


def test_overlays_exist() -> None:
    assert {"dev", "prod"} <= set(OVERLAYS)


@pytest.mark.parametrize("overlay", OVERLAYS)
def test_builtin_kinds_validate_against_kubernetes_schemas(rendered: dict[str, Manifests], overlay: str) -> None:
    docs = rendered[overlay]
    kinds = {d["kind"] for d in docs}
    assert {"StatefulSet", "Service", "ConfigMap", "PodMonitor", "ScaledObject", "PrometheusRule"} <= kinds
    for doc in docs:
        if doc["kind"] in CRD_KINDS:
            continue
        kubernetes_validate.validate(doc, K8S_VERSION, strict=True)


def test_validator_rejects_a_broken_statefulset(rendered: dict[str, Manifests]) -> None:
    """The schema check can fail: a misspelled probe field and a non-integer port are caught."""
    sts = copy.deepcopy(_one(rendered[OVERLAYS[0]], "StatefulSet"))
    container = sts["spec"]["template"]["spec"]["containers"][0]
    container["livenesProbe"] = container.pop("livenessProbe")
    with pytest.raises(K8sValidationError):
        kubernetes_validate.validate(sts, K8S_VERSION, strict=True)
    sts = copy.deepcopy(_one(rendered[OVERLAYS[0]], "StatefulSet"))
    sts["spec"]["template"]["spec"]["containers"][0]["ports"][0]["containerPort"] = "6066"
    with pytest.raises(K8sValidationError):
        kubernetes_validate.validate(sts, K8S_VERSION, strict=True)


@pytest.mark.parametrize("overlay", OVERLAYS)
def test_everything_lands_in_the_overlay_namespace(rendered: dict[str, Manifests], overlay: str) -> None:
    docs = rendered[overlay]
    namespace = _one(docs, "Namespace")["metadata"]["name"]
    for doc in docs:
        if doc["kind"] != "Namespace":
            assert doc["metadata"].get("namespace") == namespace, (doc["kind"], doc["metadata"]["name"])


@pytest.mark.parametrize("overlay", OVERLAYS)
def test_statefulset_keeps_state_and_runs_locked_down(rendered: dict[str, Manifests], overlay: str) -> None:
    docs = rendered[overlay]
    sts = _one(docs, "StatefulSet")
    pod = sts["spec"]["template"]["spec"]
    container = pod["containers"][0]
    env = _env(docs)
    mounts = {m["mountPath"]: m["name"] for m in container["volumeMounts"]}

    # RocksDB state on a per-pod PersistentVolumeClaim at INGEST_DATA_DIR.
    claims = {c["metadata"]["name"] for c in sts["spec"]["volumeClaimTemplates"]}
    assert mounts[env["INGEST_DATA_DIR"]] in claims
    # Read-only root with a writable /tmp emptyDir; caches point there.
    volumes = {v["name"]: v for v in pod["volumes"]}
    assert "emptyDir" in volumes[mounts["/tmp"]]
    security = container["securityContext"]
    assert security["readOnlyRootFilesystem"] is True
    assert security["allowPrivilegeEscalation"] is False
    assert security["capabilities"]["drop"] == ["ALL"]
    assert pod["securityContext"]["runAsNonRoot"] is True and pod["securityContext"]["runAsUser"] != 0

    # Probes hit the worker's endpoints on the port it serves.
    port = next(p for p in container["ports"] if p["name"] == "metrics")
    assert str(port["containerPort"]) == env["INGEST_WEB_PORT"]
    assert env["INGEST_WEB_HOST"] == "0.0.0.0"
    assert container["livenessProbe"]["httpGet"] == {"path": "/healthz", "port": "metrics"}
    assert container["readinessProbe"]["httpGet"] == {"path": "/readyz", "port": "metrics"}
    assert container["resources"]["requests"]["cpu"] and container["resources"]["limits"]["memory"]
    assert container["args"] == ["worker"]
    # Every settings key is a real Settings field.
    fields = {f"INGEST_{name.upper()}" for name in Settings.model_fields}
    assert {k for k in env if k.startswith("INGEST_")} <= fields


@pytest.mark.parametrize("overlay", OVERLAYS)
def test_service_and_podmonitor_reach_the_pods(rendered: dict[str, Manifests], overlay: str) -> None:
    docs = rendered[overlay]
    sts = _one(docs, "StatefulSet")
    pod_labels = sts["spec"]["template"]["metadata"]["labels"]
    port_names = {p["name"] for p in sts["spec"]["template"]["spec"]["containers"][0]["ports"]}
    service = _one(docs, "Service")
    assert sts["spec"]["serviceName"] == service["metadata"]["name"]
    assert service["spec"]["selector"].items() <= pod_labels.items()
    assert {p["targetPort"] for p in service["spec"]["ports"]} <= port_names

    monitor = _one(docs, "PodMonitor")
    assert monitor["apiVersion"] == "monitoring.coreos.com/v1"
    assert monitor["spec"]["selector"]["matchLabels"].items() <= pod_labels.items()
    assert {e["port"] for e in monitor["spec"]["podMetricsEndpoints"]} <= port_names
    assert all(e["path"] == "/metrics" for e in monitor["spec"]["podMetricsEndpoints"])
    # The job label comes from a pod label, and alerts.yml selects that job.
    job = pod_labels[monitor["spec"]["jobLabel"]]
    rules = _one(docs, "PrometheusRule")
    assert all(f'job="{job}"' in r["expr"] for g in rules["spec"]["groups"] for r in g["rules"])


@pytest.mark.parametrize("overlay", OVERLAYS)
def test_keda_scales_on_raw_topic_lag_within_partitions(rendered: dict[str, Manifests], overlay: str) -> None:
    docs = rendered[overlay]
    scaled = _one(docs, "ScaledObject")
    sts = _one(docs, "StatefulSet")
    env = _env(docs)
    settings = Settings(partitions=int(env["INGEST_PARTITIONS"]), app_id=env["INGEST_APP_ID"])
    assert scaled["apiVersion"] == "keda.sh/v1alpha1"
    target = scaled["spec"]["scaleTargetRef"]
    assert (target["kind"], target["name"]) == ("StatefulSet", sts["metadata"]["name"])
    [trigger] = scaled["spec"]["triggers"]
    assert trigger["type"] == "kafka"
    meta = trigger["metadata"]
    assert meta["topic"] == settings.topic_raw
    assert meta["consumerGroup"] == settings.app_id  # faust's group id is the app id
    assert meta["bootstrapServers"] == env["INGEST_BOOTSTRAP"]
    assert int(meta["lagThreshold"]) > 0
    assert 1 <= scaled["spec"]["minReplicaCount"] <= scaled["spec"]["maxReplicaCount"]
    assert scaled["spec"]["maxReplicaCount"] <= topic_layout(settings)[settings.topic_raw]
    assert sts["spec"]["replicas"] <= scaled["spec"]["maxReplicaCount"]


@pytest.mark.parametrize("overlay", OVERLAYS)
def test_rules_and_dashboard_come_from_the_shared_files(
    rendered: dict[str, Manifests], overlay: str, alert_rules: dict[str, Any]
) -> None:
    docs = rendered[overlay]
    assert _one(docs, "PrometheusRule")["spec"]["groups"] == alert_rules["groups"]
    dashboard = _one(docs, "ConfigMap", "news-ingest-dashboard")
    assert dashboard["metadata"]["labels"]["grafana_dashboard"] == "1"
    assert dashboard["data"] == {DASHBOARD.name: DASHBOARD.read_text(encoding="utf-8")}
    json.loads(dashboard["data"][DASHBOARD.name])


def test_overlays_differ_where_they_should(rendered: dict[str, Manifests]) -> None:
    images = {o: _one(d, "StatefulSet")["spec"]["template"]["spec"]["containers"][0]["image"]
              for o, d in rendered.items()}
    assert len(set(images.values())) == len(images), images
    assert all(not image.endswith(":latest") for image in images.values())


def test_kustomize_reports_errors() -> None:
    """The renderer is real: a kustomization naming a missing file fails."""
    import tempfile
    from pathlib import Path

    with tempfile.TemporaryDirectory() as tmp:
        (Path(tmp) / "kustomization.yaml").write_text(yaml.safe_dump({"resources": ["missing.yaml"]}))
        assert run([*kustomize_command(), tmp]).returncode != 0
