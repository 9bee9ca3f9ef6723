"""Text shaping shared by normalize and dedupe: paragraphs, folding, hashing."""

from __future__ import annotations

import re
import unicodedata

import xxhash

_SPACES = re.compile(r"[^\S\n]+")
_BLANK_LINES = re.compile(r"\n\s*\n+")
_NOT_WORD = re.compile(r"[\W\d_]+")


def paragraphs(text: str) -> list[str]:
    """Split text into paragraphs: NFC, one space between words, no empty paragraphs."""
    text = unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n"))
    out = []
    for block in _BLANK_LINES.split(text):
        for line in block.split("\n"):
            line = _SPACES.sub(" ", line).strip()
            if line:
                out.append(line)
    return out


def fold(text: str) -> str:
    """Lower-case, strip accents' case differences, drop punctuation and digits.

    Used only for hashing and similarity, never shown to readers.
    """
    return " ".join(_NOT_WORD.sub(" ", text.casefold()).split())


def content_hash(folded: str) -> str:
    """A 128-bit hash of the folded text, as hex: the exact-copy key."""
    return xxhash.xxh3_128_hexdigest(folded.encode("utf-8"))
