"""``ingest demo``: broker + worker + replay of the seeds, then a table of what came out."""

from __future__ import annotations

import asyncio
import json
import logging
import os
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.table import Table

from worker.settings import Settings, get_settings
from worker.tools.broker import BrokerError, LocalBroker, dev_settings, free_port
from worker.tools.replay import ReplayError, article_files, messages_from_files, publish
from worker.tools.topic_reader import read_topics


class DemoError(RuntimeError):
    """The demo could not run (broker, worker or replay failed); one line for the user."""


def run_demo(*, seeds: Path, bootstrap: str | None, keep: bool, timeout: float) -> int:
    console = Console(stderr=False, width=None if sys.stdout.isatty() else 160)
    base = get_settings()
    files = article_files([seeds])
    if not files:
        raise DemoError(f"no articles in {seeds}")
    root = Path(tempfile.mkdtemp(prefix="ingest-demo-"))
    broker = None
    if bootstrap is None:
        dev = dev_settings()
        console.print(f"[bold]1/4[/] starting a local Kafka {dev.kafka_version} broker in {root / 'broker'} ...")
        broker = LocalBroker(data_dir=root / "broker", cache_dir=dev.cache_dir, version=dev.kafka_version)
        try:
            broker.start()
        except BrokerError as exc:
            raise DemoError(str(exc)) from None
        bootstrap = broker.bootstrap
    web_port = free_port()
    settings = base.model_copy(update={"bootstrap": bootstrap, "web_port": web_port, "data_dir": root / "worker"})
    worker_log = root / "worker.log"
    console.print(f"[bold]2/4[/] starting the worker (log {worker_log}, metrics http://127.0.0.1:{web_port}/metrics)")
    worker = _start_worker(settings, worker_log)
    ok = False
    try:
        started_ms = int(time.time() * 1000)
        console.print(f"[bold]3/4[/] replaying {len(files)} articles from {seeds}/ to {settings.topic_raw}")
        logging.getLogger("aiokafka").setLevel(logging.ERROR)  # transient retries are not news here
        try:
            asyncio.run(publish(settings, messages_from_files(files), show_progress=False))
        except ReplayError as exc:
            raise DemoError(str(exc)) from None
        console.print("[bold]4/4[/] waiting for every article on enriched, duplicates or dlq ...")
        outputs = asyncio.run(_collect(settings, len(files), started_ms, timeout, worker))
        _print_table(console, outputs)
        ok = len(outputs) == len(files)
        if not ok:
            console.print(f"[red]only {len(outputs)} of {len(files)} articles came out within {timeout:.0f}s; "
                          f"see {worker_log}[/]")
        console.print(f"metrics: http://127.0.0.1:{web_port}/metrics   bootstrap: {bootstrap}")
        if keep:
            console.print(f"kept running. Read the topic:  kcat -b {bootstrap} -C -t {settings.topic_enriched} -e")
            console.print(f"stop later:  kill {worker.pid}" + (f"; ingest broker stop --data-dir {broker.data_dir}"
                                                                  if broker else ""))
    finally:
        if not keep:
            _stop_worker(worker)
            if broker:
                broker.stop()
    return 0 if ok else 1


def _start_worker(settings: Settings, log_path: Path) -> subprocess.Popen[bytes]:
    env = {**os.environ, "INGEST_BOOTSTRAP": settings.bootstrap, "INGEST_WEB_PORT": str(settings.web_port),
           "INGEST_DATA_DIR": str(settings.data_dir), "INGEST_LOG_FORMAT": "json"}
    with open(log_path, "ab") as log:
        return subprocess.Popen([sys.executable, "-m", "worker", "worker"], env=env, stdout=log,
                                stderr=subprocess.STDOUT, start_new_session=True)


def _stop_worker(proc: subprocess.Popen[bytes]) -> None:
    if proc.poll() is None:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


async def _collect(settings: Settings, expected: int, since_ms: int, timeout: float,
                   worker: subprocess.Popen[bytes]) -> list[tuple[str, dict[str, Any]]]:
    topics = [settings.topic_enriched, settings.topic_duplicates, settings.topic_dlq]
    found: dict[str, tuple[str, dict[str, Any]]] = {}
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and len(found) < expected:
        if worker.poll() is not None:
            raise DemoError(f"the worker exited with code {worker.returncode}")
        async for rec in read_topics(settings, topics, idle_timeout=2.0):
            value = json.loads(rec.value)
            if value["source"]["timestamp_ms"] >= since_ms:
                found[value["article_id"]] = (rec.topic, value)
    return sorted(found.values(), key=lambda tv: (tv[1]["source"]["key"] or "", tv[1]["source"]["offset"]))


def _print_table(console: Console, outputs: list[tuple[str, dict[str, Any]]]) -> None:
    table = Table(title="articles out of the pipeline", show_lines=True)
    for col in ("key", "topic", "title", "verdict", "story", "lang", "countries / tone", "entities",
                "keywords / reason"):
        table.add_column(col, overflow="fold")
    for topic, v in outputs:
        dedupe = v.get("dedupe") or {}
        story_id = dedupe.get("story_id") or ""
        story = f"{story_id[:8]} ({dedupe.get('story_size', '')})" if story_id else ""
        table.add_row(v["source"]["key"] or "", topic.removeprefix("articles."), (v.get("title") or "")[:70],
                      dedupe.get("verdict", "rejected"), story, v.get("language") or "", *_tag_columns(v))
    console.print(table)


def _tag_columns(v: dict[str, Any]) -> tuple[str, str, str]:
    """(countries and tone, salient entities, keywords) of an enriched record; the reason of a reject."""
    if "tags" in v:
        tags = v["tags"]
        tone = (tags.get("tone") or {}).get("score")
        geo = ", ".join(tags.get("countries") or []) + (f"; tone {tone:+.2f}" if tone is not None else "")
        salient = [e["name"] for e in tags["entities"] if e.get("salient")] or [e["name"] for e in tags["entities"]]
        return geo, ", ".join(salient[:5]), ", ".join(k["term"] for k in tags["keywords"][:5])
    if "reason" in v:
        return "", "", f"{v['reason']}: {v['error']}"
    dedupe = v.get("dedupe") or {}
    return "", "", f"copy of {dedupe.get('duplicate_of_key')} (similarity {dedupe.get('similarity')})"
