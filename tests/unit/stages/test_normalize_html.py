"""HTML pages: trafilatura's text is trusted (lists, tables, subheadings stay), titles lose site names."""

from __future__ import annotations

import pytest

from worker.models import NormalizedArticle, RawRef
from worker.stages.normalize import RawInput, normalize
from worker.stages.normalize.html import page_title

PARAS = ["The band announced a world tour on Monday, its first in a decade, with dates across Europe and Asia.",
         "Tickets go on sale on Friday, and the band said it would add shows if demand was high.",
         "The singer said the new album had taken four years to write and record in a farmhouse studio."]


def page(body: str, title: str = "Band announces first world tour in a decade | Music Weekly",
         site: str = "Music Weekly") -> bytes:
    return (f'<html><head><title>{title}</title><meta property="og:site_name" content="{site}"></head><body>'
            f'<nav><a href="/">Home</a> | <a href="/music">Music</a></nav><article><h1>{title.split(" | ")[0]}</h1>'
            f"{body}</article><footer>© 2024 Music Weekly</footer></body></html>").encode()


def run(html: bytes) -> NormalizedArticle:
    src = RawRef(topic="t", partition=0, offset=0, timestamp_ms=0, content_type="text/html")
    return normalize(RawInput(value=html, source=src))


def test_list_items_subheadings_and_tables_of_the_article_stay() -> None:
    dates = ["March 3 Berlin", "March 5 Paris", "March 9 Madrid", "March 12 Rome"]
    body = (f"<p>{PARAS[0]}</p><h2>Tour dates</h2><ul>{''.join(f'<li>{d}</li>' for d in dates)}</ul>"
            f"<p>{PARAS[1]}</p><table><tr><td>Seats</td><td>12,000</td></tr><tr><td>Shows</td><td>40</td></tr>"
            f"</table><p>{PARAS[2]}</p>")
    a = run(page(body))
    assert a.title == "Band announces first world tour in a decade"
    for kept in [*PARAS, "Tour dates", *dates, "12,000"]:
        assert kept in a.body
    assert "Home" not in a.body and "©" not in a.body


@pytest.mark.parametrize(("title", "site", "expected"), [
    ("Takeaways from the trial | CNN Politics", "CNN", "Takeaways from the trial"),
    ("LinkNaija | Nigeria's news platform: Actress looks stunning", "LinkNaija | Nigeria's news platform",
     "Actress looks stunning"),
    ("Court files expose spy operation -- Sott.net", "Sott.net", "Court files expose spy operation"),
    ("Infanta case goes to Madrid » Local » Noticias » Ultima Hora", "UHmallorca", "Infanta case goes to Madrid"),
    ("Music Weekly", "Music Weekly", None),
    ("window.dataLayer = window.dataLayer || [];", None, None),
    ("https://example.com/news/1234", None, None),
    ("Trump: the interview", "Trump Weekly", "Trump: the interview"),
    ("Analysis: what the vote means", "CNN", "Analysis: what the vote means"),
])
def test_page_titles(title: str, site: str | None, expected: str | None) -> None:
    assert page_title(title, site) == expected
