"""A single-node KRaft broker on loopback: format storage, start, wait until ready, stop.

Ports are picked free and files live under one data folder, so two runs on a
machine never collide.
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import socket
import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path

from worker.settings import Settings
from worker.tools.broker.jars import BrokerError, fetch_jars, require_java

READY_LINE = "Kafka Server started"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def port_in_use(port: int) -> bool:
    with socket.socket() as s:
        return s.connect_ex(("127.0.0.1", port)) == 0


@dataclass
class LocalBroker:
    """One KRaft broker+controller on loopback, its files under ``data_dir``.

    ``state.json`` in ``data_dir`` records pid and ports so that ``ingest broker
    status|stop`` in another process can find it.
    """

    data_dir: Path
    cache_dir: Path
    version: str = "3.9.1"
    port: int = 0
    controller_port: int = 0
    heap: str = "512m"
    #: Broker default for records; the worker sets the same limit on the topics it creates (one limit everywhere).
    max_message_bytes: int = field(default_factory=lambda: Settings().max_message_bytes)
    extra_properties: dict[str, str] = field(default_factory=dict)
    #: SCRAM-SHA-512 users (name -> password). When set, a SASL_PLAINTEXT listener
    #: on ``sasl_port`` requires them; PLAINTEXT stays for inter-broker traffic.
    scram_users: dict[str, str] = field(default_factory=dict)
    sasl_port: int = 0
    pid: int | None = None

    @property
    def bootstrap(self) -> str:
        return f"127.0.0.1:{self.port}"

    @property
    def sasl_bootstrap(self) -> str | None:
        return f"127.0.0.1:{self.sasl_port}" if self.scram_users else None

    @property
    def state_file(self) -> Path:
        return self.data_dir / "state.json"

    @property
    def log_file(self) -> Path:
        return self.data_dir / "broker.log"

    def properties(self) -> dict[str, str]:
        props = {
            "process.roles": "broker,controller",
            "node.id": "1",
            "controller.quorum.voters": f"1@127.0.0.1:{self.controller_port}",
            "listeners": f"PLAINTEXT://127.0.0.1:{self.port},CONTROLLER://127.0.0.1:{self.controller_port}",
            "advertised.listeners": f"PLAINTEXT://127.0.0.1:{self.port}",
            "controller.listener.names": "CONTROLLER",
            "listener.security.protocol.map": "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT,SASL_PLAINTEXT:SASL_PLAINTEXT",
            "inter.broker.listener.name": "PLAINTEXT",
            "log.dirs": str(self.data_dir / "logs"),
            "num.partitions": "1",
            "auto.create.topics.enable": "false",
            "offsets.topic.replication.factor": "1",
            "offsets.topic.num.partitions": "4",
            "transaction.state.log.replication.factor": "1",
            "transaction.state.log.min.isr": "1",
            "group.initial.rebalance.delay.ms": "0",
            "log.cleaner.dedupe.buffer.size": str(8 * 1024 * 1024),
            "message.max.bytes": str(self.max_message_bytes),
            "replica.fetch.max.bytes": str(self.max_message_bytes),
            "log.retention.hours": "168",
            "log.segment.bytes": str(64 * 1024 * 1024),
        }
        if self.scram_users:
            props["listeners"] += f",SASL_PLAINTEXT://127.0.0.1:{self.sasl_port}"
            props["advertised.listeners"] += f",SASL_PLAINTEXT://127.0.0.1:{self.sasl_port}"
            props["sasl.enabled.mechanisms"] = "SCRAM-SHA-512"
            props["listener.name.sasl_plaintext.scram-sha-512.sasl.jaas.config"] = (
                "org.apache.kafka.common.security.scram.ScramLoginModule required;"
            )
        props.update(self.extra_properties)
        return props

    def start(self, timeout: float = 90.0) -> None:
        """Format storage if needed, launch the JVM and wait until the broker answers."""
        java = require_java()
        libs = fetch_jars(self.cache_dir, self.version)
        self.port = self.port or free_port()
        self.controller_port = self.controller_port or free_port()
        if self.scram_users:
            self.sasl_port = self.sasl_port or free_port()
        for p in (self.port, self.controller_port, *([self.sasl_port] if self.scram_users else [])):
            if port_in_use(p):
                raise BrokerError(f"port {p} on 127.0.0.1 is already in use; choose another with --port")
        self.data_dir.mkdir(parents=True, exist_ok=True)
        conf = self.data_dir / "server.properties"
        conf.write_text("".join(f"{k}={v}\n" for k, v in self.properties().items()))
        classpath = f"{libs}/*"
        log4j = self.data_dir / "log4j.properties"
        log4j.write_text(_LOG4J.format(log=self.data_dir / "server.log"))
        jvm = [java, f"-Xmx{self.heap}", f"-Xms{self.heap}", "-XX:+UseG1GC", "-Djava.awt.headless=true",
               f"-Dlog4j.configuration=file:{log4j}", "-cp", classpath]
        if not (self.data_dir / "logs" / "meta.properties").exists():
            cluster_id = subprocess.run(
                [*jvm, "kafka.tools.StorageTool", "random-uuid"], capture_output=True, text=True, check=True
            ).stdout.strip().splitlines()[-1]
            fmt = subprocess.run(
                [*jvm, "kafka.tools.StorageTool", "format", "-t", cluster_id, "-c", str(conf), "--ignore-formatted",
                 *self._format_extra()],
                capture_output=True, text=True, check=False,
            )
            if fmt.returncode != 0:
                raise BrokerError(f"formatting KRaft storage failed: {fmt.stderr.strip() or fmt.stdout.strip()}")
        with open(self.log_file, "ab") as log:
            proc = subprocess.Popen([*jvm, "kafka.Kafka", str(conf)], stdout=log, stderr=subprocess.STDOUT,
                                    start_new_session=True)
        self.pid = proc.pid
        self._write_state()
        self._wait_ready(proc, timeout)

    def _format_extra(self) -> list[str]:
        """KRaft stores SCRAM credentials in the metadata log; they are added when storage is formatted."""
        out = []
        for user, password in self.scram_users.items():
            out += ["--add-scram", f"SCRAM-SHA-512=[name={user},password={password}]"]
        return out

    def _wait_ready(self, proc: subprocess.Popen[bytes], timeout: float) -> None:
        deadline = time.monotonic() + timeout
        server_log = self.data_dir / "server.log"
        while time.monotonic() < deadline:
            if proc.poll() is not None:
                raise BrokerError(f"the broker exited with code {proc.returncode}; see {self.log_file}")
            log_text = server_log.read_text(errors="replace")[-200_000:] if server_log.exists() else ""
            if READY_LINE in log_text and port_in_use(self.port):
                return
            time.sleep(0.3)
        self.stop()
        raise BrokerError(f"the broker was not ready within {timeout:.0f}s; see {server_log}")

    def _write_state(self) -> None:
        self.state_file.write_text(json.dumps({
            "pid": self.pid, "port": self.port, "controller_port": self.controller_port, "version": self.version,
            "sasl_port": self.sasl_port if self.scram_users else None,
        }))

    @classmethod
    def from_state(cls, data_dir: Path, cache_dir: Path) -> LocalBroker | None:
        """The broker recorded in ``data_dir``, or None when nothing was started there."""
        state = data_dir / "state.json"
        if not state.exists():
            return None
        s = json.loads(state.read_text())
        return cls(data_dir=data_dir, cache_dir=cache_dir, version=s["version"], port=s["port"],
                   controller_port=s["controller_port"], pid=s["pid"], sasl_port=s.get("sasl_port") or 0)

    def is_running(self) -> bool:
        if self.pid is None:
            return False
        try:
            os.kill(self.pid, 0)
        except ProcessLookupError:
            return False
        return port_in_use(self.port)

    def stop(self, timeout: float = 30.0) -> None:
        """SIGTERM and wait for a clean shutdown; SIGKILL after ``timeout``."""
        if self.pid is None:
            return
        for sig, wait in ((signal.SIGTERM, timeout), (signal.SIGKILL, 5.0)):
            try:
                os.killpg(self.pid, sig)
            except ProcessLookupError:
                break
            deadline = time.monotonic() + wait
            while time.monotonic() < deadline and _alive(self.pid):
                time.sleep(0.2)
            if not _alive(self.pid):
                break
        self.pid = None
        self.state_file.unlink(missing_ok=True)

    def kill(self) -> None:
        """SIGKILL, for fault-injection tests."""
        if self.pid is not None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.pid, signal.SIGKILL)
            while _alive(self.pid):
                time.sleep(0.1)


def _alive(pid: int) -> bool:
    try:
        waited, _ = os.waitpid(pid, os.WNOHANG)
        if waited == pid:
            return False
    except ChildProcessError:
        pass
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


_LOG4J = """\
log4j.rootLogger=INFO, file
log4j.appender.file=org.apache.log4j.RollingFileAppender
log4j.appender.file.File={log}
log4j.appender.file.MaxFileSize=20MB
log4j.appender.file.MaxBackupIndex=2
log4j.appender.file.layout=org.apache.log4j.PatternLayout
log4j.appender.file.layout.ConversionPattern=[%d] %p %m (%c)%n
log4j.logger.kafka=INFO
log4j.logger.org.apache.kafka=INFO
log4j.logger.state.change.logger=WARN
log4j.logger.kafka.request.logger=WARN
"""
