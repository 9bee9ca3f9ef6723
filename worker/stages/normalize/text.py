"""Text shaping shared by normalize and dedupe: paragraphs, folding, hashing."""

from __future__ import annotations

import itertools
import re
import unicodedata

import xxhash

_BLANK_LINES = re.compile(r"\n\s*\n+")
_LETTER = re.compile(r"[^\W\d_]")
#: Code points whose fold is remembered (news in a few scripts uses a few thousand).
FOLD_TABLE_LIMIT = 50_000
#: Hard-wrapped blocks have at least this many lines ...
MIN_WRAPPED_LINES = 3
#: ... no line (but the last) wider than this (wrapping tools use 60-80 columns) ...
MAX_WRAP_WIDTH = 100
#: ... and at least this many (and this share) of line breaks in the middle of a sentence.
MIN_WRAP_BREAKS = 2
WRAP_BREAK_SHARE = 0.25
#: A wrapped line filled at least this share of the widest line (a shorter one ended its paragraph).
FULL_LINE_SHARE = 0.7
_ENDS = frozenset(".!?:;\"”’)")
#: A line that goes on with the sentence above: lower case, a digit or a continuing mark.
_GOES_ON = re.compile(r"\s*[a-z0-9(,;%&–—-]")


class _FoldTable(dict[int, str]):
    """``str.translate`` table: a letter (or mark) stays, a format character (ZWNJ, ZWJ) goes, anything
    else becomes a space.

    Filled lazily per code point; translate is ~7x faster than a regex sub over the text. At most
    :data:`FOLD_TABLE_LIMIT` code points are remembered (a text of every code point must not grow it
    to a hundred megabytes); others are classified again each time.
    """

    def __missing__(self, code: int) -> str:
        ch = chr(code)
        value = ch if _LETTER.match(ch) else "" if unicodedata.category(ch) == "Cf" else " "
        if len(self) < FOLD_TABLE_LIMIT:
            self[code] = value
        return value


_FOLD_TABLE = _FoldTable()


def paragraphs(text: str) -> list[str]:
    """Split (NFC) text into paragraphs: one space between words, no empty paragraphs, hard wraps undone.

    Blocks are separated by blank lines; inside a block each line is a paragraph,
    unless the block is hard-wrapped (see :func:`_unwrap`).
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    out = []
    for block in _BLANK_LINES.split(text):
        rows = block.split("\n")
        for line in (_unwrap(rows) if len(rows) >= MIN_WRAPPED_LINES else rows):
            line = " ".join(line.split())
            if line:
                out.append(line)
    return out


def _unwrap(rows: list[str]) -> list[str]:
    """Join the lines of a hard-wrapped block back into paragraphs (wire copy, e-mail, old archives).

    A block is hard-wrapped when its lines (but the last) are no wider than
    :data:`MAX_WRAP_WIDTH` and several of them are full and break mid-sentence
    (the next line goes on in lower case).
    Inside it a line starts a new paragraph when it is indented deeper than the
    block ("    The company said ..."), or when the line before it is short
    (it ended its paragraph) or a title. Otherwise it continues the line before.
    """
    rows = [r.rstrip() for r in rows if r.strip()]
    if len(rows) < MIN_WRAPPED_LINES:
        return rows
    width = max(len(r) for r in rows[:-1])
    if width > MAX_WRAP_WIDTH:
        return rows
    breaks = sum(1 for a, b in itertools.pairwise(rows)
                 if len(a) >= FULL_LINE_SHARE * width and a[-1] not in _ENDS and _GOES_ON.match(b))
    if breaks < max(MIN_WRAP_BREAKS, WRAP_BREAK_SHARE * (len(rows) - 1)):
        return rows
    indent = min(len(r) - len(r.lstrip()) for r in rows)
    out = [rows[0]]
    for prev, row in itertools.pairwise(rows):
        deeper = len(row) - len(row.lstrip()) > indent
        goes_on = _GOES_ON.match(row) is not None or (len(prev) >= FULL_LINE_SHARE * width and prev[-1] not in ".!?")
        if deeper or not goes_on:
            out.append(row)
        else:
            out[-1] = f"{out[-1]} {row.strip()}"
    return out


def fold(text: str) -> str:
    """Lower-case, strip accents' case differences, drop punctuation and digits.

    Used only for hashing and similarity, never shown to readers.
    """
    return " ".join(text.casefold().translate(_FOLD_TABLE).split())


def content_hash(folded: str) -> str:
    """A 128-bit hash of the folded text, as hex: the exact-copy key."""
    return xxhash.xxh3_128_hexdigest(folded.encode("utf-8"))
