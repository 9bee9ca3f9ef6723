"""``ingest dlq ...``: look at the dead-letter queue and send records back once their cause is fixed.

Its own typer group (registered by :mod:`worker.tools.cli`), so the CLI module
stays small. Heavy imports happen inside the commands: ``ingest --help`` stays fast.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable
from typing import Annotated, TypeVar

import typer

from worker.settings import Settings, get_settings

T = TypeVar("T")

dlq_cli = typer.Typer(help="The dead-letter queue: list rejects, send them back once their cause is fixed.",
                      no_args_is_help=True)

Reasons = Annotated[list[str] | None, typer.Option("--reason", help="Reject reason, e.g. timeout (repeatable).")]
Stages = Annotated[list[str] | None, typer.Option("--stage", help="normalize, dedupe or tag (repeatable).")]
Keys = Annotated[list[str] | None, typer.Option("--key", help="Raw message key or article id (repeatable).")]
Since = Annotated[str | None, typer.Option(help="Rejected at or after: ISO 8601 (UTC unless zoned) or an age, 2h.")]
Until = Annotated[str | None, typer.Option(help="Rejected at or before: ISO 8601 or an age, e.g. 30m.")]
LedgerTopic = Annotated[str | None, typer.Option(help="Redrive ledger topic; default <dlq topic>.redriven.")]
Bootstrap = Annotated[str | None, typer.Option(help="Kafka bootstrap servers.")]


def _settings(bootstrap: str | None) -> Settings:
    return get_settings().model_copy(update={"bootstrap": bootstrap}) if bootstrap else get_settings()


def _run(work: Awaitable[T]) -> T:
    """Run ``work``; a :class:`DlqError` (bad filter, Kafka unreachable) ends the command with one error line."""
    from worker.tools.dlq import DlqError

    logging.getLogger("aiokafka").setLevel(logging.CRITICAL)  # failures surface as one error line
    try:
        return asyncio.run(work)  # type: ignore[arg-type]
    except DlqError as exc:
        typer.secho(f"error: {exc}", fg=typer.colors.RED, err=True)
        raise typer.Exit(1) from None


@dlq_cli.command("list")
def dlq_list(reason: Reasons = None, stage: Stages = None, key: Keys = None, since: Since = None,
             until: Until = None, ledger_topic: LedgerTopic = None, bootstrap: Bootstrap = None) -> None:
    """One line per matching DLQ record: coordinates, time, stage/reason, key, size, error, where it was redriven."""
    from worker.tools.dlq import filters_from
    from worker.tools.redrive import listing

    async def show() -> int:
        filters = filters_from(reason, stage, key, since, until)
        n = 0
        async for line in listing(_settings(bootstrap), filters, ledger_topic):
            typer.echo(line)
            n += 1
        return n

    typer.echo(f"{_run(show())} matched")


@dlq_cli.command("redrive")
def dlq_redrive(
    reason: Reasons = None, stage: Stages = None, key: Keys = None, since: Since = None, until: Until = None,
    everything: Annotated[bool, typer.Option("--all", help="Every record (when no filter is given).")] = False,
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Print what would be sent; send nothing.")] = False,
    force: Annotated[bool, typer.Option("--force", help="Send again what the ledger says was sent.")] = False,
    ledger_topic: LedgerTopic = None,
    bootstrap: Bootstrap = None,
) -> None:
    """Send matching DLQ records back to the hop that rejected them; a second run sends nothing new."""
    from worker.tools.dlq import DlqError, filters_from
    from worker.tools.redrive import Summary, redrive

    async def send() -> Summary:
        filters = filters_from(reason, stage, key, since, until)
        if filters.empty and not everything:
            raise DlqError("give a filter (--reason, --stage, --key, --since, --until) or --all")
        return await redrive(_settings(bootstrap), filters, dry_run=dry_run, force=force, ledger_topic=ledger_topic,
                             echo=typer.echo)

    typer.echo(_run(send()).line())
