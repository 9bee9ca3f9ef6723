"""Where a story was filed and who sent it: the dateline that opens it and the agency trailer that closes it.

Both are metadata, not article text: "SHANGHAI (Reuters) –" goes to ``dateline``
(and the agency to ``publisher``), "... said. Reuter" or "Source: Al Jazeera and
news agencies" gives the publisher and leaves the body. The grammars are in
:mod:`lexicon` (:data:`~lexicon.DATELINE`, :data:`~lexicon.TRAILER`); this module
decides what a match means.

A dateline place in capitals is trusted with a dash or colon alone
("WASHINGTON —"). A place in title case must carry a date or an agency too
("New York, Feb 26 -"), because "Meanwhile -" and "Earlier: ..." open real
sentences. Capitalised labels ("BREAKING:", "UPDATE -") are not places.
"""

from __future__ import annotations

import re

from worker.stages.normalize import lexicon as lx
from worker.stages.normalize.meta import Meta

#: Capitalised words that open a paragraph like a place but label it.
LABELS = frozenset({
    "BREAKING", "BREAKING NEWS", "UPDATE", "UPDATED", "EXCLUSIVE", "WATCH", "ANALYSIS", "OPINION", "EDITORIAL",
    "COMMENT", "LIVE", "VIDEO", "PHOTOS", "NOTE", "EDITOR'S NOTE", "CORRECTION", "FILE", "REVIEW", "INTERVIEW",
    "FACT CHECK", "URGENT", "FLASH", "ALERT", "NEW", "WARNING", "SPOILER", "READ", "MORE", "ADVERTISEMENT",
})
#: A dateline leaves at least this many words of text on its line (else the line is something else).
MIN_WORDS_AFTER = 3
#: The trailer is looked for in this many trailing characters of the last paragraph (bounded cost).
TRAILER_REACH = 160
#: Spellings of an agency that mean another one.
_CANONICAL = {"reuter": "Reuters"}
_AGENCY_KEYS = {a.lower(): a for a in lx.AGENCIES}
_NAME_PARTS = re.compile(r"\s*(?:,|;|&|\band\b)\s*")
_WORDS_WITH_LETTERS = re.compile(r"[^\W\d_][\w'’.-]*")
_NOT_A_PLACE_START = frozenset({*lx.STOP_WORDS, "monday", "tuesday", "wednesday", "thursday", "friday", "saturday",
                                "sunday", "today", "yesterday", "earlier", "meanwhile", "later", "now", "then"})


def _dateline(line: str) -> tuple[re.Match[str], str | None, str | None] | None:
    """The dateline match of ``line`` with its place and agency, when it is one."""
    m = lx.DATELINE.match(line)
    if m is None or lx.TEASER.match(line):  # "READ MORE: ..." is a label, not a place
        return None
    place, agency = m.group("place"), m.group("agency") or m.group("slash")
    if place is None:
        return (m, None, agency) if agency and len(agency.split()) <= 3 else None
    if place.upper() in LABELS or place.split()[0].lower() in _NOT_A_PLACE_START:
        return None
    if place != place.upper() and not (m.group("date") or agency):
        return None
    return m, f"{place.title() if place == place.upper() else place}{m.group('region') or ''}", agency


def is_dateline_only(line: str) -> bool:
    """Is ``line`` a dateline with no text after it ("WASHINGTON, March 3 (Reuters) -" on its own line)?"""
    found = _dateline(line)
    return found is not None and not line[found[0].end():].strip()


def strip_dateline(first: str, meta: Meta) -> str:
    """Move a dateline off the first paragraph into ``meta``; the paragraph without it."""
    found = _dateline(first)
    if found is None:
        return first
    m, place, agency = found
    rest = first[m.end():]
    if rest and len(rest.split()) < MIN_WORDS_AFTER:
        return first
    meta.dateline = meta.dateline or place
    if agency:
        meta.publisher = meta.publisher or agency.strip()
    return rest[:1].upper() + rest[1:]


def strip_trailer(last: str, meta: Meta) -> str:
    """Move a closing attribution ("Reuter", "(AP)", "Source: ...") off the last paragraph into ``meta``.

    Returns the paragraph without it ("" when the paragraph was only the trailer).
    """
    t = lx.TRAILER.search(last, max(0, len(last) - TRAILER_REACH))
    if t is None:
        return last
    names = t.group("paren") or t.group("dash") or t.group("alone") or t.group("source") or t.group("initials")
    agency = _agency(names or "")
    meta.trailer_agency = meta.trailer_agency or agency
    return last[:t.start()].rstrip()


def is_trailer(line: str) -> bool:
    """Is the whole line a closing attribution?"""
    t = lx.TRAILER.search(line, max(0, len(line) - TRAILER_REACH))
    return t is not None and t.start() == 0


def _agency(names: str) -> str | None:
    """The first name of a trailer's list that is an agency or a proper name ("Al Jazeera", not "news agencies")."""
    first = _NAME_PARTS.split(names.replace("/", ","), maxsplit=1)[0].strip(" .-")
    known = _AGENCY_KEYS.get(first.lower())
    if known is not None:
        return _CANONICAL.get(known.lower(), known)
    words = _WORDS_WITH_LETTERS.findall(first)
    if words and all(w[0].isupper() for w in words if len(w) > 2) and first[:1].isupper():
        return first
    return None
