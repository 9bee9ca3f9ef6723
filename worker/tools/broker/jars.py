"""The broker's jars: resolved from Maven Central into a cache folder, once.

There is no Docker engine and no tarball mirror here, but Maven Central is
reachable: ``pom.xml`` beside this file resolves ``kafka_2.13`` and a logging
backend (the broker's POM declares none), and the broker runs straight from
that classpath.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

POM = Path(__file__).with_name("pom.xml")


class BrokerError(RuntimeError):
    """An expected failure (missing tool, port taken, start timeout) with a one-line message."""


def jar_dir(cache_dir: Path, version: str) -> Path:
    return cache_dir / f"kafka-{version}" / "libs"


def fetch_jars(cache_dir: Path, version: str, *, quiet: bool = True) -> Path:
    """Resolve the broker's runtime classpath into the cache (once); return the folder."""
    target = jar_dir(cache_dir, version)
    marker = target / ".complete"
    if marker.exists():
        return target
    if shutil.which("mvn") is None:
        raise BrokerError("mvn not found: install Maven (e.g. apt-get install maven) to fetch the Kafka broker")
    require_java()
    target.mkdir(parents=True, exist_ok=True)
    cmd = [
        "mvn", "-B", "-f", str(POM), "dependency:copy-dependencies",
        f"-Dkafka.version={version}", f"-DoutputDirectory={target}", "-DincludeScope=runtime",
    ]
    if quiet:
        cmd.insert(1, "-q")
    print(f"fetching Apache Kafka {version} jars from Maven Central into {target} ...", file=sys.stderr)
    proc = subprocess.run(cmd, capture_output=quiet, text=True, check=False)
    if proc.returncode != 0:
        tail = (proc.stdout or "")[-2000:] if quiet else ""
        raise BrokerError(f"mvn could not fetch Kafka {version} (exit {proc.returncode}){': ' + tail if tail else ''}")
    marker.write_text(version)
    return target


def require_java() -> str:
    java = shutil.which("java")
    if java is None:
        raise BrokerError("java not found: install a Java 17+ runtime (e.g. apt-get install openjdk-17-jre-headless)")
    return java
