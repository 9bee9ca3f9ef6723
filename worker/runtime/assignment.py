"""Partition assignment: a new worker gets its share even with a standby replica configured.

faust's copartitioned assignor is sticky: it keeps each worker's partitions as
long as they are within ``ceil(partitions / workers)``, and only when no
standby replicas are configured does it first trim everyone down to the
floor. With one standby for the dedupe table (a warm copy for fast failover),
a third worker joining two that hold 2 + 2 of the 4 raw partitions got none,
and stayed idle for as long as it ran (measured: "no partitions assigned").

Standbys only mean something for table changelogs. So topic groups without a
changelog (raw and deduped topics) are assigned as if no replicas were
configured (balanced), and the group holding the dedupe table keeps its
standby. faust has no setting for this, so the module-level name its
``PartitionAssignor`` uses is pointed at this subclass when the app is built.
"""

from __future__ import annotations

from typing import Any

from faust.assignor import copartitioned_assignor, partition_assignor

CHANGELOG_SUFFIX = "-changelog"


class BalancedCopartitionedAssignor(copartitioned_assignor.CopartitionedAssignor):
    """faust's assignor, with standby replicas only for topic groups that hold a table changelog."""

    def __init__(self, topics: Any, cluster_asgn: Any, num_partitions: int, replicas: int,
                 capacity: int | None = None) -> None:
        if not any(str(t).endswith(CHANGELOG_SUFFIX) for t in topics):
            replicas = 0
        super().__init__(topics, cluster_asgn, num_partitions, replicas, capacity)


def install() -> None:
    """Make faust's partition assignor use :class:`BalancedCopartitionedAssignor` (idempotent)."""
    partition_assignor.CopartitionedAssignor = BalancedCopartitionedAssignor  # type: ignore[misc]
