"""A private Docker engine for one compose test run, removed with everything it holds.

The test starts its own ``dockerd`` with every path (data root, exec root,
socket, pid file) under one temporary folder, so that images, build cache,
containers and volumes of a run live there and nowhere else: two runs on one
machine cannot see each other, a Docker engine the machine already runs is
left alone, and cleaning up is "stop the daemon, unmount, delete the folder".

``--bridge=none`` and ``--iptables=false``: no docker0 bridge, no firewall
rules; every container of the test uses the host network on 127.0.0.1.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path


class EngineError(RuntimeError):
    """The engine could not be started (missing tool, not root, no answer)."""


def docker_cli() -> str:
    """The docker client of Debian's docker.io (matches its daemon), else any on PATH.

    A newer client elsewhere on PATH works too, with the classic builder
    (DOCKER_BUILDKIT=0): it needs no buildx plugin and no frontend image.
    """
    debian = Path("/usr/bin/docker")
    found = str(debian) if debian.exists() else shutil.which("docker")
    if not found:
        raise EngineError("docker not found: run `make compose-test` (it installs docker.io) as root")
    return found


@dataclass
class DockerEngine:
    """One dockerd whose files all live under ``root``."""

    root: Path
    proc: subprocess.Popen[bytes] | None = None

    @property
    def socket(self) -> Path:
        return self.root / "docker.sock"

    def env(self) -> dict[str, str]:
        """Environment for docker and docker-compose commands that talk to this engine."""
        return {
            **os.environ,
            "DOCKER_HOST": f"unix://{self.socket}",
            "DOCKER_CONFIG": str(self.root / "client"),  # no credential helpers of the machine's user
            "DOCKER_BUILDKIT": "0",
            "COMPOSE_DOCKER_CLI_BUILD": "0",
        }

    def docker(self, *args: str, check: bool = True, timeout: float = 600) -> subprocess.CompletedProcess[str]:
        return subprocess.run([docker_cli(), *args], env=self.env(), capture_output=True, text=True,
                              check=check, timeout=timeout)

    def start(self, timeout: float = 60) -> None:
        if shutil.which("dockerd") is None:
            raise EngineError("dockerd not found: run `make compose-test` (it installs docker.io) as root")
        if os.geteuid() != 0:
            raise EngineError("dockerd needs root: run `make compose-test` as root")
        (self.root / "client").mkdir(parents=True, exist_ok=True)
        namespace = f"compose-test-{self.root.name}"
        cmd = [
            "dockerd", "--bridge=none", "--iptables=false", "--ip-masq=false",
            "--data-root", str(self.root / "data"), "--exec-root", str(self.root / "exec"),
            "--pidfile", str(self.root / "dockerd.pid"), "--host", f"unix://{self.socket}",
            "--containerd-namespace", namespace, "--containerd-plugins-namespace", f"{namespace}-plugins",
        ]
        with open(self.root / "dockerd.log", "ab") as log:
            self.proc = subprocess.Popen(cmd, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise EngineError(f"dockerd exited with {self.proc.returncode}: {self._log_tail()}")
            if self.socket.exists() and self.docker("version", check=False, timeout=10).returncode == 0:
                return
            time.sleep(0.5)
        raise EngineError(f"dockerd did not answer within {timeout:.0f}s: {self._log_tail()}")

    def disk_usage(self) -> str:
        """What the engine holds, by kind (images, containers, volumes, build cache), from ``docker system df``."""
        df = self.docker("system", "df", "--format", "{{.Type}} {{.Size}}", check=False, timeout=120)
        return "; ".join(df.stdout.strip().splitlines()) if df.returncode == 0 else df.stderr.strip()

    def stop(self, timeout: float = 60) -> None:
        """SIGTERM (the daemon stops its containers and containerd), SIGKILL after ``timeout``."""
        if self.proc is not None and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait(10)
        self.proc = None

    def remove(self) -> None:
        """Unmount what the daemon left mounted (its network namespace, overlays), delete the root."""
        for mount in reversed(_mounts_under(self.root)):
            subprocess.run(["umount", "--lazy", mount], check=False, capture_output=True)
        # rm is about twice as fast as shutil.rmtree on the ~100k files of the image layers.
        subprocess.run(["rm", "-rf", "--one-file-system", str(self.root)], check=False, capture_output=True)
        shutil.rmtree(self.root, ignore_errors=True)  # whatever rm left, if anything

    def _log_tail(self, chars: int = 2000) -> str:
        log = self.root / "dockerd.log"
        return log.read_text(errors="replace")[-chars:] if log.exists() else "(no log)"


def _mounts_under(root: Path) -> list[str]:
    prefix = str(root.resolve()) + "/"
    points = []
    for line in Path("/proc/self/mountinfo").read_text().splitlines():
        point = line.split()[4].replace("\\040", " ")
        if point.startswith(prefix):
            points.append(point)
    return points


@contextmanager
def private_engine(parent: Path) -> Iterator[DockerEngine]:
    """Start an engine under a new folder in ``parent``; stop it and delete everything on exit."""
    root = Path(os.path.realpath(parent))
    root.mkdir(parents=True, exist_ok=True)
    engine = DockerEngine(root)
    try:
        engine.start()
        yield engine
    finally:
        engine.stop()
        engine.remove()
