"""The project's docker-compose.yml, run by Debian's docker-compose against a private engine.

The stack is docker-compose.yml merged with deploy/compose/docker-compose.test.yml
(stand-in images, host networking, free ports on 127.0.0.1) by ``docker-compose
config``. One change is made to the merged file: ``ports`` are dropped, because
a container on the host network publishes nothing and compose 1.29 refuses the
pair (it has no ``!reset`` to drop them in the override).
"""

from __future__ import annotations

import json
import re
import socket
import subprocess
import time
import urllib.parse
import urllib.request
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

import yaml

from tests.compose.engine import DockerEngine, docker_cli
from tests.compose.images import KAFKA_IMAGE, PROMETHEUS_IMAGE, PYTHON_IMAGE, ROOT

COMPOSE_FILE = ROOT / "docker-compose.yml"
TEST_OVERRIDE = ROOT / "deploy" / "compose" / "docker-compose.test.yml"
PROMETHEUS_CONFIG = ROOT / "deploy" / "prometheus" / "prometheus.yml"
#: Every service but grafana, whose image cannot be had here.
SERVICES = ("kafka", "kafka-init", "worker", "replayer", "prometheus")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass(frozen=True)
class Ports:
    """Free ports on 127.0.0.1, picked per run so that two runs never collide."""

    kafka: int
    controller: int
    worker: int
    prometheus: int

    @classmethod
    def pick(cls) -> Ports:
        return cls(free_port(), free_port(), free_port(), free_port())


def prometheus_config(ports: Ports) -> str:
    """deploy/prometheus/prometheus.yml with its scrape targets moved to the test's ports."""
    config = yaml.safe_load(PROMETHEUS_CONFIG.read_text(encoding="utf-8"))
    targets = {"news-ingest": f"127.0.0.1:{ports.worker}", "prometheus": f"127.0.0.1:{ports.prometheus}"}
    for job in config["scrape_configs"]:
        job["static_configs"] = [{"targets": [targets[job["job_name"]]]}]
    return str(yaml.safe_dump(config, sort_keys=False))


def _timestamp(text: str) -> float:
    """Docker's RFC 3339 times carry nanoseconds; Python's parser takes microseconds."""
    text = re.sub(r"(\.\d{6})\d*", r"\1", text).replace("Z", "+00:00")
    return datetime.fromisoformat(text).timestamp()


class ComposeStack:
    """One compose project on the engine: render, build, up, inspect, read, down."""

    def __init__(self, engine: DockerEngine, workdir: Path, project: str) -> None:
        self.engine, self.workdir, self.project = engine, workdir, project
        self.ports = Ports.pick()
        self.file = workdir / "docker-compose.merged.yml"
        config = workdir / "prometheus.yml"
        config.write_text(prometheus_config(self.ports), encoding="utf-8")
        config.chmod(0o644)  # Prometheus runs as nobody
        self.variables = {
            "TEST_KAFKA_IMAGE": KAFKA_IMAGE, "TEST_PYTHON_IMAGE": PYTHON_IMAGE,
            "TEST_PROMETHEUS_IMAGE": PROMETHEUS_IMAGE, "TEST_PROMETHEUS_CONFIG": str(config),
            "TEST_KAFKA_PORT": str(self.ports.kafka), "TEST_CONTROLLER_PORT": str(self.ports.controller),
            "TEST_WORKER_PORT": str(self.ports.worker), "TEST_PROMETHEUS_PORT": str(self.ports.prometheus),
        }

    def render(self) -> None:
        """Merge the project's file with the test override; drop ``ports`` (see the module docstring)."""
        merged = self._run(["docker-compose", "-p", self.project, "-f", str(COMPOSE_FILE), "-f",
                            str(TEST_OVERRIDE), "config"], env={**self.engine.env(), **self.variables})
        config: dict[str, Any] = yaml.safe_load(merged.stdout)
        for service in config["services"].values():
            service.pop("ports", None)
        self.file.write_text(yaml.safe_dump(config, sort_keys=False), encoding="utf-8")

    def compose(self, *args: str, timeout: float = 600, check: bool = True) -> subprocess.CompletedProcess[str]:
        cmd = ["docker-compose", "--ansi", "never", "-p", self.project, "-f", str(self.file),
               "--project-directory", str(ROOT), *args]
        return self._run(cmd, env=self.engine.env(), timeout=timeout, check=check)

    def _run(self, cmd: list[str], env: dict[str, str], timeout: float = 600,
             check: bool = True) -> subprocess.CompletedProcess[str]:
        proc = subprocess.run(cmd, env=env, capture_output=True, text=True, check=False, timeout=timeout)
        if check and proc.returncode != 0:
            raise AssertionError(f"{' '.join(cmd)} failed ({proc.returncode}):\n"
                                 f"{proc.stdout[-3000:]}\n{proc.stderr[-3000:]}")
        return proc

    def build_worker(self) -> float:
        """``docker-compose build worker`` (the build section of docker-compose.yml); returns seconds."""
        started = time.monotonic()
        self.compose("build", "worker", timeout=1500)
        return time.monotonic() - started

    def up(self) -> float:
        """``up -d``: compose waits for Kafka healthy, kafka-init done, the worker healthy; returns seconds."""
        started = time.monotonic()
        self.compose("up", "-d", *SERVICES, timeout=900)
        return time.monotonic() - started

    def inspect(self, service: str) -> dict[str, Any]:
        ids = self.compose("ps", "-q", service).stdout.split()
        assert ids, f"no container for {service}"
        out = subprocess.run([docker_cli(), "inspect", ids[0]], env=self.engine.env(), capture_output=True,
                             text=True, check=True)
        state: dict[str, Any] = json.loads(out.stdout)[0]
        return state

    def seconds_to_healthy(self, service: str) -> float:
        """From the container's start to the end of its first passing healthcheck."""
        state = self.inspect(service)["State"]
        passed = [probe for probe in state["Health"]["Log"] if probe["ExitCode"] == 0]
        assert state["Health"]["Status"] == "healthy" and passed, state["Health"]
        return _timestamp(passed[0]["End"]) - _timestamp(state["StartedAt"])

    def timeline(self) -> str:
        """When each service started and became healthy or finished, in seconds from the first start."""
        states = {name: self.inspect(name)["State"] for name in SERVICES}
        zero = min(_timestamp(state["StartedAt"]) for state in states.values())
        parts = []
        for name, state in states.items():
            part = f"{name} +{_timestamp(state['StartedAt']) - zero:.0f}"
            passed = [p for p in state.get("Health", {}).get("Log", []) if p["ExitCode"] == 0]
            if passed:
                part += f" healthy +{_timestamp(passed[0]['End']) - zero:.0f}"
            elif state["Status"] == "exited":
                part += f" done +{_timestamp(state['FinishedAt']) - zero:.0f} (exit {state['ExitCode']})"
            parts.append(part)
        return "timeline (s): " + ", ".join(parts)

    def logs(self, *services: str, tail: int = 40) -> str:
        return self.compose("logs", "--no-color", f"--tail={tail}", *services, check=False).stdout

    def topic_keys(self, topic: str, want: int, timeout: float = 180) -> list[str]:
        """Keys of ``topic`` read from the host with kcat, once there are ``want`` of them (or at the deadline)."""
        deadline = time.monotonic() + timeout
        keys: list[str] = []
        while time.monotonic() < deadline:
            out = subprocess.run(["kcat", "-b", f"127.0.0.1:{self.ports.kafka}", "-C", "-t", topic, "-o",
                                  "beginning", "-e", "-q", "-f", "%k\\n"], capture_output=True, text=True,
                                 check=False, timeout=60)
            keys = out.stdout.split()
            if len(keys) >= want:
                break
            time.sleep(2)
        return keys

    def prometheus(self, path: str, **params: str) -> dict[str, Any]:
        url = f"http://127.0.0.1:{self.ports.prometheus}{path}?{urllib.parse.urlencode(params)}"
        with urllib.request.urlopen(url, timeout=10) as response:
            answer: dict[str, Any] = json.load(response)
        return answer

    def query(self, promql: str, want: float, timeout: float = 90) -> float | None:
        """The value of an instant query once it equals ``want`` (scrapes come every 15 s), else the last one."""
        deadline = time.monotonic() + timeout
        value = None
        while time.monotonic() < deadline:
            result = self.prometheus("/api/v1/query", query=promql)["data"]["result"]
            value = float(result[0]["value"][1]) if result else None
            if value == want:
                break
            time.sleep(3)
        return value

    def down(self) -> tuple[dict[str, int], float]:
        """``docker-compose down`` (volumes kept); the exit code of each container that stopped, and seconds."""
        since = time.time()
        self.compose("down", timeout=300)
        until = time.time()
        events = subprocess.run(
            [docker_cli(), "events", "--since", f"{since:.3f}", "--until", f"{until + 1:.3f}", "--filter",
             "event=die", "--filter", f"label=com.docker.compose.project={self.project}", "--format",
             "{{json .Actor.Attributes}}"],
            env=self.engine.env(), capture_output=True, text=True, check=True, timeout=60)
        codes = {}
        for line in events.stdout.splitlines():
            attributes = json.loads(line)
            codes[attributes["com.docker.compose.service"]] = int(attributes["exitCode"])
        return codes, until - since

    def leftovers(self) -> list[str]:
        """Containers of this project that still exist."""
        label = f"label=com.docker.compose.project={self.project}"
        out = subprocess.run([docker_cli(), "ps", "-aq", "--filter", label], env=self.engine.env(),
                             capture_output=True, text=True, check=True)
        return out.stdout.split()

    def remove(self) -> None:
        """Everything of the project: containers, volumes, networks (the engine goes afterwards)."""
        self.compose("down", "--volumes", "--remove-orphans", "--timeout", "30", check=False, timeout=300)
