"""The articles of a replay: every input read in order, bad records reported in one line each and counted.

Shared by ``ingest replay`` and ``ingest process`` so both read the same inputs
the same way. A malformed line or record is skipped with one line on the
report (``news.jsonl:17: not JSON (...)``) unless ``strict``, which stops at the
first one. A record too big for the raw topic is skipped the same way: sent,
it would fail the whole replay at the broker.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from worker.tools.replay.messages import Message, Timestamps, to_message
from worker.tools.replay.readers import STDIN, Format, expand, read
from worker.tools.replay.records import Article, Fields, Malformed


class MalformedInput(ValueError):
    """A malformed record under ``strict``: the message names the file, the line or record, and why."""


@dataclass
class Tally:
    """What a replay read: articles, skipped records (by reason), unreadable field values (by field)."""

    articles: int = 0
    skipped: Counter[str] = field(default_factory=Counter)
    unreadable: Counter[str] = field(default_factory=Counter)

    def summary(self) -> str:
        parts = [f"{self.articles} articles"]
        if self.skipped:
            parts.append(f"{sum(self.skipped.values())} skipped ("
                         + ", ".join(f"{n} {why}" for why, n in self.skipped.most_common()) + ")")
        if self.unreadable:
            parts.append("unreadable values ignored: " + ", ".join(
                f"{name} in {n}" for name, n in self.unreadable.most_common()))
        return "; ".join(parts)


@dataclass(frozen=True)
class Source:
    """Where articles come from and how to read them."""

    paths: list[str]
    fields: Fields = field(default_factory=Fields)
    fmt: Format | None = None
    strict: bool = False
    limit: int | None = None
    repeat: int = 1
    max_bytes: int | None = None

    def files(self) -> list[str]:
        """The input files, folders and globs expanded; raises ValueError when there are none or one is missing."""
        files = expand(self.paths)
        missing = [f for f in files if f != STDIN and not _is_file(f)]
        if missing:
            raise ValueError(f"no such file: {missing[0]}")
        if not files:
            raise ValueError("no input files found")
        if self.repeat > 1 and STDIN in files:
            raise ValueError("--repeat needs files: standard input can be read only once")
        return files

    def articles(self, tally: Tally, report: Callable[[str], None]) -> Iterator[Article]:
        """Every good article, ``repeat`` times, at most ``limit``; bad ones go to ``report`` and ``tally``."""
        files = self.files()
        for _ in range(self.repeat):
            for path in files:
                for item in read(path, self.fields, self.fmt):
                    if self.limit is not None and tally.articles >= self.limit:
                        return
                    article = self._check(item, tally, report)
                    if article is not None:
                        tally.articles += 1
                        yield article

    def messages(self, tally: Tally, report: Callable[[str], None],
                 timestamps: Timestamps = "publication") -> Iterator[Message]:
        return (to_message(a, timestamps) for a in self.articles(tally, report))

    def _check(self, item: Article | Malformed, tally: Tally, report: Callable[[str], None]) -> Article | None:
        if isinstance(item, Article) and self.max_bytes is not None and len(item.payload) > self.max_bytes:
            item = Malformed(item.where, f"too large ({len(item.payload)} bytes, limit {self.max_bytes})")
        if isinstance(item, Malformed):
            if self.strict:
                raise MalformedInput(f"{item.where}: {item.reason}")
            tally.skipped[_kind(item.reason)] += 1
            report(f"skipped {item.where}: {item.reason}")
            return None
        for value in item.unreadable:
            name = value.partition("=")[0]
            if not tally.unreadable[name]:
                report(f"{item.where}: unreadable {value} ignored (further ones are only counted)")
            tally.unreadable[name] += 1
        return item


def _kind(reason: str) -> str:
    """The reason's first words, for the summary's counts ("not JSON", "not HTML", "no text")."""
    return reason.split(" (")[0]


def _is_file(path: str) -> bool:
    from pathlib import Path

    return Path(path).is_file()
