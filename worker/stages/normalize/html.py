"""HTML input: recognise it and extract the article text with trafilatura.

Why trafilatura: it is maintained, pinned here already, and scores at the top
of published main-text extraction benchmarks; parsing HTML by hand would
relearn its boilerplate heuristics badly. Its output still goes through the
same line cleaning as plain text, which catches teasers and credits it keeps.

Bounded work: trafilatura's cost grows with the tree, so it only sees the
first :data:`MAX_HTML_CHARS` characters, and big pages use its fast mode (no
fallback extractors). ``favor_precision`` is on: on the newspaper4k pages it
lifts mean token F1 from 0.925 to 0.964 (bench/html_extract.py), because menus
and related-article lists are what a news reader must not get. Its ``max_tree_size`` option is not used: on CNN pages
it dropped the article and kept the ad-feedback form.
"""

from __future__ import annotations

import re
import unicodedata
from configparser import ConfigParser
from dataclasses import dataclass
from functools import lru_cache

from worker.stages.normalize import junk
from worker.stages.normalize.head import is_script
from worker.stages.normalize.visible import bound_marks, visible

#: Pages are cut to this many characters before parsing (real articles are far smaller).
MAX_HTML_CHARS = 3_000_000
#: Pages above this many characters skip trafilatura's fallback extractors (its ``fast`` mode).
FAST_ABOVE_CHARS = 500_000
#: A page title is read from this many characters (real ones are under 300).
MAX_TITLE_INPUT = 1000
#: A site's name is at most this many words; a longer "site name" equal to the title is the headline.
MAX_SITE_NAME_WORDS = 6
#: Pages with more tags than this are not parsed: their tags are stripped (linear). lxml and trafilatura's
#: tree walks grow faster than the page on floods of tags and deep nesting (a 200k-deep page, a million
#: empty tags). Real article pages stay far below: the newspaper4k pages have at most 4,091 (CNN).
MAX_TAGS = 100_000

_SNIFF = re.compile(r"<(?:!doctype\s+html|html|head|body|article|p|div|meta|title)\b", re.IGNORECASE)
_TAG = re.compile(r"<[^<>]{0,2000}>")
_SEP = r"\s+(?:\||-{1,2}|–|—|::|»|·|/)\s+"
#: The site's name opening a title: "LinkNaija | ...", "BBC News - ...", "Site: ...".
_SITE_PREFIX = re.compile(rf"^(?P<part>.{{2,80}}?)(?:{_SEP}|:\s+)")
_LEADING_SEP = re.compile(r"\s*(?:\||-{1,2}|–|—|::|»|·|/|:)\s+")
#: The site's name closing a title: "... | CNN Politics", "... -- Sott.net".
_SITE_SUFFIX = re.compile(rf"{_SEP}(?P<part>[^|»]{{2,60}})$")
#: Navigation arrows after a headline ("... » Local » Noticias"): never part of one.
_NAV_TRAIL = re.compile(r"\s+[»›]\s.*$")
_URL = re.compile(r"^(?:https?://|www\.)\S+$", re.IGNORECASE)
_TLD = re.compile(r"\.(?:com|net|org|co\.uk|co|news|info|io|[a-z]{2})$")


@dataclass(frozen=True)
class Extracted:
    """Text and metadata trafilatura found in a page."""

    text: str
    title: str | None = None
    author: str | None = None
    date: str | None = None
    sitename: str | None = None


def is_html(text: str, content_type: str | None) -> bool:
    """HTML by declared content type, else by sniffing the first 2 KB for tags."""
    if content_type:
        ct = content_type.lower()
        if "html" in ct or "xml" in ct:
            return True
        if ct.startswith("text/plain"):
            return False
    head = text[:2048].lstrip()
    return head.startswith("<") and len(_SNIFF.findall(head)) >= 2


def extract(page: str) -> Extracted:
    """The main text of ``page`` (paragraphs one per line) and its metadata."""
    import trafilatura  # lazy: plain-text articles never pay for the import

    page = bound_marks(page[:MAX_HTML_CHARS])  # lxml and trafilatura normalize text: no mark floods for them
    if page.count("<") > MAX_TAGS:
        return Extracted(text=_strip_tags(page))
    doc = trafilatura.bare_extraction(
        page, include_comments=False, include_tables=True, include_images=False,
        with_metadata=True, favor_precision=True,
        deduplicate=False, config=_config(), fast=len(page) > FAST_ABOVE_CHARS,
    )
    if doc is None:
        return Extracted(text=_strip_tags(page))
    get = doc.get if isinstance(doc, dict) else lambda k: getattr(doc, k, None)
    sitename = get("sitename") or None
    return Extracted(text=str(get("text") or ""), title=page_title(get("title"), sitename),
                     author=get("author") or None, date=get("date") or None, sitename=sitename)


def page_title(title: str | None, sitename: str | None) -> str | None:
    """The headline in a page's title: one line, without the site's name before or after it.

    "LinkNaija | Nigeria's popular news platform: Kate Henshaw ..." and "... | CNN Politics" lose the site
    part (compared with ``og:site_name``, which trafilatura returns as the sitename); a trailing
    breadcrumb ("... » Local » Noticias » Ultima Hora Mallorca") goes too. A title that is program text, a
    URL or the site name alone is no title.
    """
    text = unicodedata.normalize("NFC", " ".join(visible((title or "")[:MAX_TITLE_INPUT]).split()))
    if not text or is_script(text) or _URL.match(text):
        return None
    site = _site_key(sitename or "")
    if site and _site_key(text) == site:
        # the site's name alone; unless the "site name" is the headline itself (extractors fall back to it)
        return text if len(junk.words(text)) > MAX_SITE_NAME_WORDS else None
    if site:
        lead = _LEADING_SEP.match(text, len(sitename or ""))
        if sitename and lead and text.casefold().startswith(" ".join(sitename.split()).casefold()):
            text = text[lead.end():]
        prefix = _SITE_PREFIX.match(text)
        while prefix is not None and _matches_site(prefix.group("part"), site):
            text = text[prefix.end():]
            prefix = _SITE_PREFIX.match(text)
        suffix = _SITE_SUFFIX.search(text)
        if suffix is not None and _matches_site(suffix.group("part"), site):
            text = text[:suffix.start()]
    text = _NAV_TRAIL.sub("", text).strip()
    return text if text and _site_key(text) != site else None


def _site_key(name: str) -> str:
    return re.sub(r"\W|_", "", _TLD.sub("", name.casefold().removeprefix("www.")))


def _matches_site(part: str, site: str) -> bool:
    key = _site_key(part)
    return len(key) >= 3 and (key.startswith(site) or (site.startswith(key) and len(key) >= 0.6 * len(site)))


@lru_cache(maxsize=1)
def _config() -> ConfigParser:
    from trafilatura.settings import use_config

    config = use_config()
    config.set("DEFAULT", "EXTRACTION_TIMEOUT", "0")
    return config


def _strip_tags(page: str) -> str:
    """Last resort for pages trafilatura cannot read: drop tags, keep text."""
    return _TAG.sub("\n", page)
