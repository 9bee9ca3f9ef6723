"""The images docker-compose.yml names but no registry can give here, made locally.

- ``local/debian:bookworm``: ``debootstrap --variant=minbase`` from the Debian
  mirror this machine's apt uses, imported with ``docker import``.
- ``local/python:3.11-bookworm`` (for ``python:3.11-slim-bookworm``), the
  Kafka and the Prometheus stand-ins: ``deploy/compose/*/Dockerfile`` FROM
  that base, with Debian packages and, for Kafka, the broker jars from Maven
  Central. See deploy/README.md ("How the compose test stands in for registry
  images").
"""

from __future__ import annotations

import re
import shutil
import subprocess
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from tests.compose.engine import DockerEngine, docker_cli

ROOT = Path(__file__).resolve().parents[2]
STANDINS = ROOT / "deploy" / "compose"
DEBIAN_BASE = "local/debian:bookworm"
PYTHON_IMAGE = "local/python:3.11-bookworm"
KAFKA_IMAGE = "local/kafka:3.9.1"
PROMETHEUS_IMAGE = "local/prometheus:debian"
DEFAULT_MIRROR = "http://deb.debian.org/debian"
SUITE = "bookworm"


class ImageError(RuntimeError):
    """A base image or stand-in could not be made; the message holds the log's tail."""


def debian_mirror(apt_dir: Path = Path("/etc/apt")) -> str:
    """The archive URI that apt on this machine uses for bookworm (debootstrap must reach the same one)."""
    files = [apt_dir / "sources.list", *sorted((apt_dir / "sources.list.d").glob("*"))]
    for source in files:
        if not source.is_file():
            continue
        text = source.read_text(errors="replace")
        entries = _deb822_entries(text) if source.suffix == ".sources" else _one_line_entries(text)
        for uri, suites in entries:
            if SUITE in suites:
                return uri.rstrip("/")
    return DEFAULT_MIRROR


def _one_line_entries(text: str) -> list[tuple[str, list[str]]]:
    entries = []
    for line in text.splitlines():
        words = re.sub(r"\[[^]]*\]", "", line.split("#", 1)[0]).split()  # drop comments and [options]
        if len(words) >= 3 and words[0] == "deb":
            entries.append((words[1], [words[2]]))
    return entries


def _deb822_entries(text: str) -> list[tuple[str, list[str]]]:
    entries = []
    for block in re.split(r"\n\s*\n", text):
        fields = dict(re.findall(r"^([A-Za-z-]+):\s*(.*)$", block, flags=re.MULTILINE))
        if "deb" in fields.get("Types", "").split() and fields.get("Enabled", "yes") != "no":
            entries += [(uri, fields.get("Suites", "").split()) for uri in fields.get("URIs", "").split()]
    return entries


def make_debian_base(engine: DockerEngine, workdir: Path) -> float:
    """debootstrap a minimal bookworm, import it as DEBIAN_BASE; returns the seconds it took."""
    started = time.monotonic()
    rootfs = workdir / "rootfs"
    log = workdir / "debootstrap.log"
    with open(log, "wb") as out:
        proc = subprocess.run(["debootstrap", "--variant=minbase", SUITE, str(rootfs), debian_mirror()],
                              stdout=out, stderr=subprocess.STDOUT, check=False, timeout=900)
    if proc.returncode != 0:
        raise ImageError(f"debootstrap failed ({proc.returncode}): {_tail(log)}")
    _prepare_rootfs(rootfs)
    tar = subprocess.Popen(["tar", "-C", str(rootfs), "-c", "."], stdout=subprocess.PIPE)
    imported = subprocess.run([docker_cli(), "import", "-", DEBIAN_BASE], stdin=tar.stdout,
                              env=engine.env(), capture_output=True, text=True, check=False, timeout=600)
    tar.wait()
    shutil.rmtree(rootfs, ignore_errors=True)
    if imported.returncode != 0 or tar.returncode != 0:
        raise ImageError(f"docker import failed: {imported.stderr[-2000:]}")
    return time.monotonic() - started


def _prepare_rootfs(rootfs: Path) -> None:
    """What every image built on the base needs from this machine, and no service starts in a build.

    The machine's own CA certificates go to /usr/local/share/ca-certificates,
    where the ca-certificates package picks them up: pip and apt inside a
    build then trust what the host trusts (e.g. a proxy that re-signs TLS).
    """
    target = rootfs / "usr/local/share/ca-certificates"
    target.mkdir(parents=True, exist_ok=True)
    for cert in Path("/usr/local/share/ca-certificates").glob("**/*.crt"):
        shutil.copy(cert, target / cert.name)
    policy = rootfs / "usr/sbin/policy-rc.d"  # Debian's switch: package scripts start no daemons
    policy.write_text("#!/bin/sh\nexit 101\n")
    policy.chmod(0o755)


def build(engine: DockerEngine, tag: str, context: Path, workdir: Path) -> float:
    """``docker build --network host`` one stand-in FROM DEBIAN_BASE; returns the seconds it took."""
    started = time.monotonic()
    log = workdir / f"build-{tag.replace('/', '_').replace(':', '_')}.log"
    with open(log, "wb") as out:
        proc = subprocess.run(
            [docker_cli(), "build", "--network", "host", "--build-arg", f"DEBIAN={DEBIAN_BASE}", "-t", tag,
             str(context)],
            env=engine.env(), stdout=out, stderr=subprocess.STDOUT, check=False, timeout=1200)
    if proc.returncode != 0:
        raise ImageError(f"building {tag} failed ({proc.returncode}): {_tail(log)}")
    return time.monotonic() - started


def kafka_context(workdir: Path) -> Path:
    """deploy/compose/kafka plus libs/: the broker's classpath, resolved by Maven from pom.xml."""
    if shutil.which("mvn") is None:
        raise ImageError("mvn not found: the Kafka stand-in needs Maven and Maven Central (apt-get install maven)")
    context = workdir / "kafka-context"
    shutil.copytree(STANDINS / "kafka", context)
    log = workdir / "mvn.log"
    with open(log, "wb") as out:
        proc = subprocess.run(
            ["mvn", "-B", "-q", "-f", str(context / "pom.xml"), "dependency:copy-dependencies",
             f"-DoutputDirectory={context / 'libs'}", "-DincludeScope=runtime"],
            stdout=out, stderr=subprocess.STDOUT, check=False, timeout=900)
    if proc.returncode != 0:
        raise ImageError(f"mvn could not resolve the Kafka classpath: {_tail(log)}")
    return context


def build_images(engine: DockerEngine, workdir: Path, build_worker: Callable[[], float]) -> dict[str, float]:
    """The base, the stand-ins and (``build_worker``) the worker's image; returns seconds per image.

    Mostly waiting on the network, so two at a time: Maven resolves the Kafka
    jars while debootstrap runs, and the Kafka and Prometheus stand-ins build
    while the Python stand-in and the worker do.
    """
    with ThreadPoolExecutor(max_workers=1) as side:
        context = side.submit(kafka_context, workdir)
        timings = {"debian base (debootstrap + import)": make_debian_base(engine, workdir)}
        kafka_dir = context.result()
        others = side.submit(lambda: {
            KAFKA_IMAGE: build(engine, KAFKA_IMAGE, kafka_dir, workdir),
            PROMETHEUS_IMAGE: build(engine, PROMETHEUS_IMAGE, STANDINS / "prometheus", workdir),
        })
        timings[PYTHON_IMAGE] = build(engine, PYTHON_IMAGE, STANDINS / "python", workdir)
        timings["news-ingest worker (docker-compose build worker)"] = build_worker()
        timings.update(others.result())
    return timings


def _tail(log: Path, chars: int = 3000) -> str:
    return log.read_text(errors="replace")[-chars:] if log.exists() else "(no log)"
