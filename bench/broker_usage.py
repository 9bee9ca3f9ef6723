"""What a run cost the broker: CPU seconds of its process, bytes appended to its logs, by topic kind."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import psutil

from worker.tools.broker import LocalBroker


@dataclass(frozen=True)
class BrokerSnapshot:
    cpu_s: float
    log_bytes: dict[str, int]  # topic -> bytes in its .log segment files (all partitions)


def snapshot(broker: LocalBroker) -> BrokerSnapshot:
    assert broker.pid is not None
    proc = psutil.Process(broker.pid)
    cpu = proc.cpu_times()
    sizes: dict[str, int] = {}
    for segment in Path(broker.data_dir, "logs").glob("*-*/*.log"):
        topic = segment.parent.name.rsplit("-", 1)[0]
        sizes[topic] = sizes.get(topic, 0) + segment.stat().st_size
    return BrokerSnapshot(cpu.user + cpu.system, sizes)


def bytes_written(before: BrokerSnapshot, after: BrokerSnapshot, exclude: set[str]) -> int:
    """Bytes appended to every topic but ``exclude`` (e.g. the raw input) between two snapshots."""
    return sum(size - before.log_bytes.get(topic, 0) for topic, size in after.log_bytes.items()
               if topic not in exclude)
