"""What every ``ingest`` command shares: settings with command-line overrides, and one-line errors."""

from __future__ import annotations

import typer

from worker.settings import Settings, get_settings


def settings_with(bootstrap: str | None = None, **overrides: object) -> Settings:
    """The environment's settings, with the options given on the command line (None means not given)."""
    base = get_settings()
    changes = {k: v for k, v in {"bootstrap": bootstrap, **overrides}.items() if v is not None}
    return base.model_copy(update=changes) if changes else base


def fail(message: str, code: int = 1) -> typer.Exit:
    """Print ``error: message`` (red, on stderr) and return the exit to raise: no traceback for expected failures."""
    typer.secho(f"error: {message}", fg=typer.colors.RED, err=True)
    return typer.Exit(code)
