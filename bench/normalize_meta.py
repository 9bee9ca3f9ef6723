"""Does normalize find the title and date of plain files from outlets it was not tuned on?

Every NewsArticles article with a title is laid out as a plain file, the way a
user would feed one: a title line, a date line, the text. No metadata side
channel: the Kafka timestamp is 0 and no header is set, so the title and date
must come from the text. The date line's style varies across outlet-neutral
forms (``March 15, 2017``, ``15 March 2017``, ``2017-03-15``, ``Wed 15 Mar 2017
10:31 GMT``, ...), a byline line sometimes sits between title and date, lines
are separated by one or two newlines, and most files end in a trailing line of
some shape (a source line, a wire trailer, a share bar, an unpunctuated
sentence), on a line of its own or glued to the last paragraph. The same
article without its title line must not get a title invented.

Rules were chosen looking only at the tuning outlets (:data:`TUNE`); the other
outlets (:data:`REPORT`) are the result. Both parts are printed; misses are
printed for the tuning outlets only (reading the report outlets' misses would
make them tuning data).

Run: ``python -m bench.normalize_meta [--per-outlet 0] [--show 5]`` (``0``: all articles).
"""

from __future__ import annotations

import argparse
import random
import unicodedata
from collections import Counter, defaultdict
from datetime import date, datetime

from bench.corpus import CorpusArticle, news_articles
from worker.models import NormalizedArticle, RawRef
from worker.stages.errors import RejectError
from worker.stages.normalize import RawInput, normalize

TUNE = ("aljazeera.com", "tass.com", "abcnews.go.com", "huffingtonpost.com", "rte.ie")
REPORT = ("dw.com", "europe.chinadaily.com.cn", "bbc.co.uk", "cnn.com")
#: strftime patterns of the date line (times before 18:00 so no zone shift changes the day).
DATE_STYLES = ("%B %d, %Y", "%d %B %Y", "%Y-%m-%d", "%a %d %b %Y 10:31 GMT", "%b. %d, %Y | 7:25 AM",
               "Published: %d %B %Y", "Updated 10:31 AM ET, %a %B %d, %Y", "%A, %B %d, %Y", "%d.%m.%Y",
               "%Y-%m-%dT10:31:00Z", "Posted on %B %d, %Y at 9:05 am", "%d %b %Y")
BYLINES = ("By Maria Keller", "By Tom Reed and Ana Silva", "By Staff Writer", "Jane Doe, Political Correspondent")
#: Trailing lines of many shapes (written for this bench).
TRAILERS = ("Source: News agencies", "Source: Wire services and local media", "Reuter", "(AP)", "— AFP",
            "ab/cd (dpa, AFP)", "Share this: Facebook Twitter Email", "Share", "Comments",
            "The story is still developing and will be updated", "Follow the latest news on our website",
            "Additional reporting by Sam Lee", "Tags: politics, economy, europe", "Click here for more",
            "More on this story", "Copyright 2017. All rights reserved.", "Read the full report here")


def _csv_date(a: CorpusArticle) -> date:
    y, m, d = (int(x) for x in a.date.split()[0].split("/"))
    return date(y, m, d)


def _same(a: str | None, b: str) -> bool:
    return a is not None and " ".join(unicodedata.normalize("NFC", a).split()) == " ".join(
        unicodedata.normalize("NFC", b).split())


def layout(rng: random.Random, a: CorpusArticle, with_title: bool = True) -> str:
    """The article as a plain file: title line, (byline), date line, text, (trailing line)."""
    day = _csv_date(a)
    head = [a.title] if with_title else []
    if rng.random() < 0.2:
        head.append(rng.choice(BYLINES))
    head.append(datetime(day.year, day.month, day.day).strftime(rng.choice(DATE_STYLES)))
    text = a.text
    if rng.random() < 0.75:
        trailer = rng.choice(TRAILERS)
        text = f"{text} {trailer}" if rng.random() < 0.4 else f"{text}\n\n{trailer}"
    sep = "\n\n" if rng.random() < 0.7 else "\n"
    return sep.join([*head, text])


def _run(text: str, offset: int) -> NormalizedArticle | None:
    """The normalized article, or None when normalize rejects the file (nothing but page furniture)."""
    ref = RawRef(topic="bench", partition=0, offset=offset, timestamp_ms=0)
    try:
        return normalize(RawInput(value=text.encode(), source=ref))
    except RejectError as exc:
        print(f"  rejected ({exc.reason}): {text[:200]!r}")
        return None


def score(arts: list[CorpusArticle], rng: random.Random, show: int) -> dict[str, Counter[str]]:
    """Counts per outlet: articles, titles equal, dates equal, titles invented, title/date lines left in body."""
    out: dict[str, Counter[str]] = defaultdict(Counter)
    for n, a in enumerate(arts):
        c = out[a.outlet]
        doc = layout(rng, a)
        art = _run(doc, n)
        c["articles"] += 1
        title_ok = art is not None and _same(art.title, a.title)
        date_ok = art is not None and art.published_at is not None and art.published_at.date() == _csv_date(a)
        c["title"] += title_ok
        c["date"] += date_ok
        c["title_in_body"] += art is not None and art.body.startswith(a.title)
        if art is not None and (not title_ok or not date_ok) and c["shown"] < show and a.outlet in TUNE:
            c["shown"] += 1
            print(f"  [{a.outlet}] title={art.title!r} date={art.published_at}\n    doc: {doc[:240]!r}")
        bare = _run(layout(rng, a, with_title=False), n)
        c["invented"] += bare is not None and bare.title is not None
    return out


def report(name: str, outlets: tuple[str, ...], counts: dict[str, Counter[str]]) -> None:
    total: Counter[str] = Counter()
    for o in outlets:
        total.update(counts[o])
    n = max(1, total["articles"])
    print(f"{name}: {total['articles']} articles  title found and equal {100 * total['title'] / n:.2f} %  "
          f"date found and equal {100 * total['date'] / n:.2f} %  (goal >= 99 each)  "
          f"title invented without a title line {100 * total['invented'] / n:.2f} %  "
          f"title line left in body {total['title_in_body']}")
    for o in outlets:
        c, k = counts[o], max(1, counts[o]["articles"])
        print(f"    {o:26s} {c['articles']:4d}  title {100 * c['title'] / k:6.2f} %  date {100 * c['date'] / k:6.2f} %"
              f"  invented {100 * c['invented'] / k:5.2f} %")


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--per-outlet", type=int, default=0, help="articles per outlet (0: all)")
    p.add_argument("--show", type=int, default=5, help="misses to print per outlet")
    args = p.parse_args()
    rng = random.Random(15)
    by_outlet: dict[str, list[CorpusArticle]] = defaultdict(list)
    for a in news_articles():
        if a.title:
            by_outlet[a.outlet].append(a)
    chosen = [a for o in (*TUNE, *REPORT) for a in
              (rng.sample(by_outlet[o], min(args.per_outlet, len(by_outlet[o]))) if args.per_outlet else by_outlet[o])]
    counts = score(chosen, rng, args.show)
    report("tuning outlets", TUNE, counts)
    report("report outlets", REPORT, counts)


if __name__ == "__main__":
    main()
