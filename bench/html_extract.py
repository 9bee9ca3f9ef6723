"""HTML extraction quality: normalize's body against gold text, token F1 per page.

Data: the test pages of newspaper4k (https://github.com/AndyTheFactory/newspaper4k,
MIT licence). Its source distribution on PyPI, ``newspaper4k==0.9.6``, ships
``tests/data/html/<name>.html`` with the expected article text in
``tests/data/txt/<name>.txt``. We download the sdist with
``pip download --no-deps --no-binary :all:`` into the cache and read the pages
straight from the tarball; nothing is installed or committed. The gold texts are
newspaper4k's own expectations, so this measures agreement with a second,
independent extractor on real news pages (CNN, Time, Wired, Fox, ... and some
Arabic, Chinese, Japanese, Thai pages).

Token F1: bag-of-tokens overlap after casefolding; words are tokens, and each
character of scripts written without spaces (CJK, Thai, Burmese, Hangul) is one.

Side by side, from one run: normalize's body and plain trafilatura with the
same options (the :func:`worker.stages.normalize.html.extract` call alone, no
line cleaning), so what the line cleaner adds or costs is a column, not a guess.

Run: ``python -m bench.html_extract`` (per-page F1 of both, the means, the worst
page difference, and how many pages reach 0.9).
"""

from __future__ import annotations

import re
import statistics
import subprocess
import sys
import tarfile
import time
from collections import Counter
from pathlib import Path

from worker.models import RawRef
from worker.settings import get_settings
from worker.stages.errors import RejectError
from worker.stages.normalize import RawInput, normalize
from worker.stages.normalize.decode import decode_bytes, repair
from worker.stages.normalize.html import MAX_HTML_CHARS, extract
from worker.tools.broker import dev_settings

SDIST = "newspaper4k-0.9.6.tar.gz"
PREFIX = "newspaper4k-0.9.6/tests/data/"
TARGET = 0.9
_TOKEN = re.compile(r"[\u0e00-\u0e7f\u1000-\u109f\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]|[^\W_]+")


def sdist_path() -> Path:
    folder = dev_settings().cache_dir / "corpora"
    path = folder / SDIST
    if not path.exists():
        folder.mkdir(parents=True, exist_ok=True)
        print(f"fetching {SDIST} from PyPI (newspaper4k test pages) ...", file=sys.stderr)
        subprocess.run([sys.executable, "-m", "pip", "download", "--no-deps", "--no-binary", ":all:", "-q",
                        "-d", str(folder), "newspaper4k==0.9.6"], check=True)
    return path


def pages() -> list[tuple[str, bytes, str]]:
    """(name, html bytes, gold text) for every page that has a gold text."""
    with tarfile.open(sdist_path()) as tar:
        members = {m.name.removeprefix(PREFIX): m for m in tar.getmembers() if m.name.startswith(PREFIX)}
        out = []
        for name in sorted(members):
            if not (name.startswith("html/") and name.endswith(".html")):
                continue
            stem = name[5:-5]
            gold = members.get(f"txt/{stem}.txt")
            html_file, gold_file = tar.extractfile(members[name]), tar.extractfile(gold) if gold else None
            if html_file is None or gold_file is None:
                continue
            out.append((stem, html_file.read(), gold_file.read().decode("utf-8", "replace")))
    return out


def f1(predicted: str, gold: str) -> float:
    p, g = Counter(_TOKEN.findall(predicted.casefold())), Counter(_TOKEN.findall(gold.casefold()))
    common = sum((p & g).values())
    if not common:
        return 0.0
    precision, recall = common / sum(p.values()), common / sum(g.values())
    return 2 * precision * recall / (precision + recall)


def plain_trafilatura(html: bytes) -> str:
    """The trafilatura call normalize makes, decoded and repaired the same way, without the line cleaner."""
    try:
        text = decode_bytes(html, get_settings().max_payload_bytes, max_chars=MAX_HTML_CHARS)
    except RejectError:
        return ""
    return repair(extract(text).text)


def main() -> None:
    ours, plain = [], []
    print(f"{'ours':>6} {'plain':>6} {'diff':>6}  {'ms':>7}  page")
    for i, (stem, html, gold) in enumerate(pages()):
        raw = RawInput(value=html, source=RawRef(topic="bench", partition=0, offset=i, timestamp_ms=0,
                                                 content_type="text/html"))
        t0 = time.perf_counter()
        try:
            body = normalize(raw).body
        except RejectError as exc:
            body = ""
            print(f"  {stem}: rejected ({exc.reason})")
        ms = (time.perf_counter() - t0) * 1000
        ours.append(f1(body, gold))
        plain.append(f1(plain_trafilatura(html), gold))
        print(f"{ours[-1]:6.3f} {plain[-1]:6.3f} {ours[-1] - plain[-1]:+6.3f}  {ms:7.1f}  {stem}")
    good = sum(s >= TARGET for s in ours)
    worst = min(o - p for o, p in zip(ours, plain, strict=True))
    print(f"pages: {len(ours)}, mean F1 normalize {statistics.mean(ours):.3f} vs plain trafilatura "
          f"{statistics.mean(plain):.3f}; median {statistics.median(ours):.3f} vs {statistics.median(plain):.3f}; "
          f"worst page difference {worst:+.3f} (goal >= -0.02); normalize >= {TARGET}: {good} (target >= 20)")


if __name__ == "__main__":
    main()
