"""Per-line features: is this line prose, page furniture, a credit, a disclosure?

Why features and not a site blocklist: a line of article prose is long, ends in
terminal punctuation and is dense in function words; menus, share bars and
labels are short, unpunctuated and sparse; calls to action open with an
imperative and talk to "you"; legal footers and teasers have their own small
vocabularies (see :mod:`lexicon`). These generalise across outlets, which a
list of one site's strings never does. Position (header, body, footer) is
judged by :mod:`clean`, which holds the whole article.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from worker.stages.memo import Memo
from worker.stages.normalize import lexicon as lx

_WORD = re.compile(r"[^\W_]+(?:['’-][^\W_]+)*")
_UNSPACED = re.compile(r"[\u0e00-\u0e7f\u1000-\u109f\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]")
_UNSPACED_PAIR = re.compile(r"[\u0e00-\u0e7f\u1000-\u109f\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]{1,2}")
#: A short line with a call-to-action word is a share bar or menu when this share of its words is such vocabulary.
MIN_NAV_SHARE = 0.75
#: Distinct line prefixes whose words are remembered (a few articles' worth; cleared when full).
WORDS_MEMO_LINES = 4096
#: Lines longer than this are never furniture; we skip the lexicons on them (bounded cost).
MAX_JUNK_CHARS = 600
#: Navigation separators: "|", ">" and "/" between spaces (not the slash of "1987/88" or a ticker's "<VICON>"),
#: and the arrows and bullets that only navigation uses.
BREADCRUMB = re.compile(r"\s[|>/]\s|[›»•·]")
_COMMENT_FORM, _LEGAL, _TEASER, _CREDIT_START, _CREDIT_AGENCY, _LEGAL_WEAK = (lx.lowered(p) for p in (
    lx.COMMENT_FORM, lx.LEGAL, lx.TEASER, lx.CREDIT_START, lx.CREDIT_AGENCY, lx.LEGAL_WEAK))
_CTA_WORDS, _IMPERATIVE_START, _SECOND_PERSON = (lx.lowered(p) for p in (
    lx.CTA_WORDS, lx.IMPERATIVE_START, lx.SECOND_PERSON))
_MACHINE, _MACHINE_GEN, _MACHINE_SUBJECT = (lx.lowered(p) for p in (lx.MACHINE, lx.MACHINE_GEN, lx.MACHINE_SUBJECT))


def words(line: str) -> tuple[str, ...]:
    """Word tokens of the first :data:`MAX_JUNK_CHARS` characters of ``line``.

    Letters and digits, inner apostrophes and hyphens kept. The cap bounds the
    cost: every decision made on words is settled within that many characters.
    Memoized by that prefix: the head, the furniture and the prose features ask
    for the same lines' words, in every cleaning pass, and junk lines recur across
    articles (the memo holds prefixes only, so its memory is bounded).
    """
    return _WORDS[line[:MAX_JUNK_CHARS]]


def _words(prefix: str) -> tuple[str, ...]:
    ws = _WORD.findall(prefix)
    if _UNSPACED.search(prefix):
        # scripts written without spaces: count about two characters as a word
        ws = [w for w in ws if not _UNSPACED.search(w)] + _UNSPACED_PAIR.findall(prefix)
    return tuple(ws)


_WORDS: Memo[str, tuple[str, ...]] = Memo(_words, limit=WORDS_MEMO_LINES)


def stop_ratio(ws: Sequence[str]) -> float:
    """Share of function words: about 0.4-0.5 in prose, near 0 in menus and headlines."""
    if not ws:
        return 0.0
    return sum(1 for w in ws if w.lower() in lx.STOP_WORDS) / len(ws)


def is_breadcrumb(line: str) -> bool:
    """Navigation like "Home › World › Europe" or "News | Sport | Weather"."""
    return len(BREADCRUMB.findall(line, 0, MAX_JUNK_CHARS)) >= 2


def ends_sentence(line: str) -> bool:
    """Does the line end like a sentence (and not like a truncated teaser)?"""
    return bool(line) and line[-1] in lx.TERMINAL and not lx.truncated(line)


def is_prose(line: str, min_words: int) -> bool:
    """A sentence-like line: enough words, terminal punctuation, some function words."""
    ws = words(line)
    if len(ws) < min_words or not ends_sentence(line):
        return False
    return len(ws) >= 6 or stop_ratio(ws) > 0
    # (short prose like "He declined to comment." still has function words)


def strong_kind(line: str) -> str | None:
    """The reason code when ``line`` is furniture wherever it stands, else None."""
    if len(line) > MAX_JUNK_CHARS:
        return None
    ws = words(line)
    n = len(ws)
    if n == 0:
        return "symbols"
    low = line.lower()  # one lower-casing serves every lexicon (see lexicon.lowered)
    if n <= 15 and _COMMENT_FORM.search(low):
        return "comment_form"
    if n <= 40 and _LEGAL.search(low):
        return "legal"
    if n <= 40 and _TEASER.match(low):
        return "teaser"
    if n <= 30 and _CREDIT_START.match(low):
        return "credit"
    if n <= 12 and _CREDIT_AGENCY.search(low):
        return "credit"
    if n <= 8 and not ends_sentence(line) and _LEGAL_WEAK.search(low):
        return "legal"
    return _cta_kind(line, low, ws)


def _cta_kind(line: str, low: str, ws: Sequence[str]) -> str | None:
    n = len(ws)
    hits = _CTA_WORDS.findall(low) if n <= 40 else []
    if n <= 6 and hits and (not ends_sentence(line) or n <= 2) and _nav_share(ws, hits) >= MIN_NAV_SHARE:
        return "share_nav"
    if _IMPERATIVE_START.match(low) and ((n <= 40 and _SECOND_PERSON.search(low)) or (n <= 15 and hits)):
        return "cta"
    if n <= 15 and len(hits) >= 2 and stop_ratio(ws) < 0.35 and _nav_share(ws, hits) >= MIN_NAV_SHARE:
        return "share_nav"
    if n <= 12 and is_breadcrumb(line) and not ends_sentence(line):
        return "share_nav"
    return None


def _nav_share(ws: Sequence[str], hits: list[str]) -> float:
    """Share of the words that are call-to-action words, function words or page nouns ("this story").

    A share bar is made of nothing else ("Share this story with a friend"); a
    headline that names a network or a deal is not ("Facebook to buy WhatsApp for $19bn").
    """
    other = sum(1 for w in ws if w.lower() in lx.STOP_WORDS or w.lower() in lx.NAV_WORDS)
    return min(1.0, (sum(len(h.split()) for h in hits) + other) / len(ws))


def is_disclosure(line: str) -> bool:
    """Does the line say a machine wrote the article (e.g. "generated by an AI system")?"""
    if len(line) > MAX_JUNK_CHARS:
        return False
    low = line.lower()
    return bool(_MACHINE.search(low) and _MACHINE_GEN.search(low) and _MACHINE_SUBJECT.search(low))


def is_prose_end(line: str) -> bool:
    """Could the article end here? A sentence, or a long wordy line whose punctuation got lost."""
    if is_prose(line, 3):
        return True
    ws = words(line)
    if lx.truncated(line):
        return len(ws) >= 8  # a blurb: the off-topic tail cut decides by topic whether it stays
    return len(ws) >= 12 and (stop_ratio(ws) >= 0.25 or ". " in line)
