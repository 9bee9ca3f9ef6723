"""``ingest``: every entry point (worker, replay, tail, demo, process, explain, schemas, settings, broker)."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Annotated

import typer

from worker.settings import get_settings
from worker.tools import replay_commands
from worker.tools.console import fail as _fail
from worker.tools.console import settings_with as _settings
from worker.tools.dlq_cli import dlq_cli

cli = typer.Typer(help="News-ingestion stream worker: replay, normalize, dedupe, tag.", no_args_is_help=True,
                  pretty_exceptions_enable=False, add_completion=False)
broker_cli = typer.Typer(help="The local single-node Kafka broker (KRaft).", no_args_is_help=True)
cli.add_typer(broker_cli, name="broker")
cli.add_typer(dlq_cli, name="dlq")

DEFAULT_BROKER_DIR = Path("var/broker")


@broker_cli.command("start")
def broker_start(
    data_dir: Annotated[Path, typer.Option(help="Broker data folder.")] = DEFAULT_BROKER_DIR,
    port: Annotated[int, typer.Option(help="Client port; 0 picks a free one.")] = 0,
    scram_user: Annotated[str | None, typer.Option(help="Also open a SASL/SCRAM-SHA-512 listener for this user.")
                          ] = None,
    scram_password: Annotated[str | None, typer.Option(help="Password of --scram-user.")] = None,
) -> None:
    """Fetch the Kafka jars if needed, format storage, start the broker and wait until it is ready."""
    from worker.tools.broker import BrokerError, LocalBroker, dev_settings

    s = dev_settings()
    existing = LocalBroker.from_state(data_dir, s.cache_dir)
    if existing and existing.is_running():
        typer.echo(f"already running: bootstrap {existing.bootstrap} (pid {existing.pid})")
        return
    users = {scram_user: scram_password or ""} if scram_user else {}
    broker = LocalBroker(data_dir=data_dir, cache_dir=s.cache_dir, version=s.kafka_version, port=port,
                         scram_users=users)
    try:
        broker.start()
    except BrokerError as exc:
        raise _fail(str(exc)) from None
    typer.echo(f"Kafka {s.kafka_version} ready: bootstrap {broker.bootstrap} (pid {broker.pid}, data {data_dir})")
    if broker.sasl_bootstrap:
        typer.echo(f"SASL/SCRAM-SHA-512 listener: {broker.sasl_bootstrap} (user {scram_user})")
        typer.echo(f"export INGEST_BOOTSTRAP={broker.sasl_bootstrap} INGEST_SECURITY_PROTOCOL=SASL_PLAINTEXT "
                   f"INGEST_SASL_MECHANISM=SCRAM-SHA-512 INGEST_SASL_USERNAME={scram_user} INGEST_SASL_PASSWORD=...")
    else:
        typer.echo(f"export INGEST_BOOTSTRAP={broker.bootstrap}")


@broker_cli.command("stop")
def broker_stop(data_dir: Annotated[Path, typer.Option(help="Broker data folder.")] = DEFAULT_BROKER_DIR) -> None:
    """Stop the broker started from ``data_dir`` (SIGTERM, then wait)."""
    from worker.tools.broker import LocalBroker, dev_settings

    broker = LocalBroker.from_state(data_dir, dev_settings().cache_dir)
    if broker is None or not broker.is_running():
        typer.echo("not running")
        return
    broker.stop()
    typer.echo("stopped")


@broker_cli.command("status")
def broker_status(data_dir: Annotated[Path, typer.Option(help="Broker data folder.")] = DEFAULT_BROKER_DIR) -> None:
    """Say whether the broker is up, and where. Exit code 0 when up, 3 when not."""
    from worker.tools.broker import LocalBroker, dev_settings

    broker = LocalBroker.from_state(data_dir, dev_settings().cache_dir)
    if broker is None or not broker.is_running():
        typer.echo("not running")
        raise typer.Exit(3)
    typer.echo(f"running: bootstrap {broker.bootstrap} (pid {broker.pid}, data {data_dir})")


@broker_cli.command("fetch")
def broker_fetch() -> None:
    """Only fetch the broker jars into the cache (CI warms this once)."""
    from worker.tools.broker import BrokerError, dev_settings, fetch_jars

    s = dev_settings()
    try:
        typer.echo(fetch_jars(s.cache_dir, s.kafka_version))
    except BrokerError as exc:
        raise _fail(str(exc)) from None


@cli.command()
def worker(bootstrap: Annotated[str | None, typer.Option(help="Kafka bootstrap servers.")] = None) -> None:
    """Run the stream worker until SIGTERM or Ctrl-C."""
    from worker.runtime.runner import run_worker

    raise typer.Exit(run_worker(_settings(bootstrap)))


cli.command()(replay_commands.replay)
cli.command()(replay_commands.process)


@cli.command()
def tail(
    topic: Annotated[str, typer.Argument(help="Topic to read, e.g. articles.enriched.")],
    from_beginning: Annotated[bool, typer.Option("--from-beginning", help="Start at the oldest record.")] = False,
    limit: Annotated[int | None, typer.Option(help="Stop after this many records.")] = None,
    pretty: Annotated[bool, typer.Option(help="Indent the JSON.")] = True,
    idle_timeout: Annotated[float | None, typer.Option(help="Stop after this many idle seconds.")] = None,
    bootstrap: Annotated[str | None, typer.Option(help="Kafka bootstrap servers.")] = None,
) -> None:
    """Consume a topic and pretty-print its records."""
    from worker.tools.topic_reader import tail as run_tail

    run_tail(_settings(bootstrap), topic, from_beginning=from_beginning, limit=limit, pretty=pretty,
             idle_timeout=idle_timeout)


@cli.command()
def demo(
    keep: Annotated[bool, typer.Option("--keep", help="Leave the broker and worker running.")] = False,
    bootstrap: Annotated[str | None, typer.Option(help="Use this broker instead of starting one.")] = None,
    seeds: Annotated[Path, typer.Option(help="Folder of articles to replay.")] = Path("seeds"),
    timeout: Annotated[float, typer.Option(help="Seconds to wait for every article.")] = 180.0,
) -> None:
    """Start a broker and the worker, replay the seeds, and show the enriched result."""
    from worker.tools.demo import DemoError, run_demo

    try:
        raise typer.Exit(run_demo(seeds=seeds, bootstrap=bootstrap, keep=keep, timeout=timeout))
    except DemoError as exc:
        raise _fail(str(exc)) from None


@cli.command()
def explain(
    files: Annotated[list[Path], typer.Argument(help="Two or more article files; every pair is compared.")],
    as_json: Annotated[bool, typer.Option("--json", help="One JSON object per pair.")] = False,
) -> None:
    """Show why dedupe ties (or does not tie) articles: hash, Jaccard, story similarity, verdict."""
    import json

    from worker.tools.explain import explain_files, render

    if len(files) < 2:
        raise _fail("give at least two files")
    for e in explain_files(files, get_settings()):
        typer.echo(json.dumps(e) if as_json else render(e) + "\n")


@cli.command()
def schemas(
    out: Annotated[Path, typer.Option(help="Folder for the JSON Schema files.")] = Path("schemas"),
    check: Annotated[bool, typer.Option("--check", help="Fail if the files differ from the models.")] = False,
) -> None:
    """Write (or check) the JSON Schemas generated from worker/models.py."""
    from worker.tools.schemas import stale_files, write

    if not check:
        write(out)
        typer.echo(f"wrote {out}/")
        return
    stale = stale_files(out)
    if stale:
        raise _fail(f"schemas drifted from worker/models.py: {', '.join(map(str, stale))}; run `ingest schemas`")
    typer.echo("schemas up to date")


@cli.command("settings")
def show_settings(
    write: Annotated[Path | None, typer.Option(help="Replace the table between the settings-table markers "
                                                   "of this Markdown file (docs/configuration.md).")] = None,
) -> None:
    """Print every setting as a Markdown table: env var, default, meaning."""
    from worker.settings import settings_table

    if write is None:
        typer.echo(settings_table())
        return
    start, end = "<!-- settings-table:start -->\n", "\n<!-- settings-table:end -->"
    text = write.read_text()
    write.write_text(text[:text.index(start) + len(start)] + settings_table() + text[text.index(end):])
    typer.echo(f"updated {write}")


def main() -> None:
    # One worker process per core: numpy/BLAS threads inside spaCy would only fight each other.
    for var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ.setdefault(var, "1")
    cli()


if __name__ == "__main__":
    main()
