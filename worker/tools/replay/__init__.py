"""The replayer: articles from files, archives and corpora to the raw topic, with their metadata as headers.

- :mod:`.readers` (and :mod:`.warc`): one reader per input format;
- :mod:`.records`: what a reader yields, and how JSON/CSV fields map to it;
- :mod:`.messages`: an article as a Kafka message (key, bytes, headers, timestamp);
- :mod:`.source`: all inputs in order, bad records reported and counted;
- :mod:`.publish`: the producer.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path

from worker.tools.replay.messages import Message, Timestamps, to_message
from worker.tools.replay.publish import PublishStats, ReplayError, publish
from worker.tools.replay.readers import SUFFIXES, Format, text_file
from worker.tools.replay.records import Article, Fields, Malformed
from worker.tools.replay.source import MalformedInput, Source, Tally

__all__ = ["Article", "Fields", "Format", "Malformed", "MalformedInput", "Message", "PublishStats", "ReplayError",
           "Source", "Tally", "Timestamps", "article_files", "messages_from_files", "publish", "to_message"]


def article_files(paths: Iterable[Path]) -> list[Path]:
    """Expand folders to the text and HTML article files in them, sorted by name."""
    out: list[Path] = []
    for p in paths:
        if p.is_dir():
            out.extend(sorted(f for f in p.iterdir() if SUFFIXES.get(f.suffix.lower()) == "text"))
        else:
            out.append(p)
    return out


def messages_from_files(files: list[Path], repeat: int = 1) -> Iterator[Message]:
    """One message per file (key: the file stem), the whole list ``repeat`` times."""
    for _ in range(repeat):
        for f in files:
            article = text_file(f)
            if isinstance(article, Article):
                yield to_message(article)
