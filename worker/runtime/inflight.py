"""Which articles the agents are working on, in a small file that outlives the process: poison detection.

If the process dies while an article is in flight (SIGKILL, the OOM killer,
the CPU watchdog of :mod:`worker.stages.deadline`, an orchestrator that lost
patience with a frozen loop), the next start finds the file and counts a
strike against each article listed. A chunk with a struck article is then
handled one article at a time, so only the culprit collects more strikes; at
``limit`` strikes it is rejected as ``poison`` instead of being processed
again. One strike is not enough: a SIGKILL during a deploy or an OOM caused
by something else would otherwise send an innocent article to the DLQ.

Cost: two syscalls per chunk on a file kept open (no fsync: the page cache
survives the death of the process, which is what this guards against).
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

#: Strikes remembered at most (oldest forgotten first): poison is rare, the file stays tiny.
MAX_REMEMBERED = 1000


class InFlight:
    """In-flight article ids per stage (on disk) and strikes per article id."""

    def __init__(self, folder: Path, limit: int) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        self.path = folder / "inflight.json"
        self.strikes_path = folder / "strikes.json"
        self.limit = limit
        self._current: dict[str, list[str]] = {}
        self.strikes: dict[str, int] = _read(self.strikes_path)
        died_with = _read(self.path)
        for ids in died_with.values():
            for aid in ids:
                self.strikes[aid] = self.strikes.get(aid, 0) + 1
        self._save_strikes()
        self.path.unlink(missing_ok=True)
        self._fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)  # kept open: two syscalls per chunk
        #: Article ids that were in flight when the previous process died, by stage (for the log).
        self.died_with: dict[str, list[str]] = died_with

    def begin(self, stage: str, ids: list[str]) -> None:
        """``ids`` are in flight in ``stage`` from now on (replacing what was)."""
        self._current[stage] = ids
        self._write()

    def end(self, stage: str, ids: list[str]) -> None:
        """The batch of ``stage`` is done and acked: nothing in flight there; its articles' strikes are void."""
        self._current.pop(stage, None)
        self._write()
        if self.strikes and any(aid in self.strikes for aid in ids):
            for aid in ids:
                self.strikes.pop(aid, None)
            self._save_strikes()

    def struck(self, aid: str) -> int:
        return self.strikes.get(aid, 0)

    def poisoned(self, aid: str) -> bool:
        return self.struck(aid) >= self.limit

    def _write(self) -> None:
        data = json.dumps(self._current).encode() if any(self._current.values()) else b""
        os.pwrite(self._fd, data, 0)
        os.ftruncate(self._fd, len(data))

    def _save_strikes(self) -> None:
        if not self.strikes:
            self.strikes_path.unlink(missing_ok=True)
            return
        newest = dict(list(self.strikes.items())[-MAX_REMEMBERED:])
        tmp = self.strikes_path.with_suffix(".tmp")
        tmp.write_text(json.dumps(newest))
        os.replace(tmp, self.strikes_path)


def _read(path: Path) -> dict[str, Any]:
    try:
        value = json.loads(path.read_text())
    except (FileNotFoundError, ValueError):
        return {}
    return value if isinstance(value, dict) else {}
