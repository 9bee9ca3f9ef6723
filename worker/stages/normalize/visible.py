"""Characters nobody sees, taken out before any per-character work: format characters and mark floods.

**Invisible format characters** (zero-width space, word joiner, soft hyphen,
BOM inside text, bidi embeddings/overrides/isolates and marks, invisible
operators, variation selectors, tag characters, Hangul fillers) change no word
a reader sees, but they change every hash, shingle and language guess: the same
article with a zero-width space between every letter would be "unique", in
Khmer, with no keywords. So they are removed from the text before hashing,
language detection and tagging. Costs: a soft hyphen's break hint, a bidi
override's display order (the logical order, which is what we store, is
unchanged) and an emoji's text/colour choice are lost; none is part of a word.

**ZWNJ and ZWJ** are different: in Persian (می‌خواهم), Urdu, Arabic-script
languages, the Indic scripts, Sinhala, Myanmar, Khmer and Mongolian they choose
a letter's joined form or a conjunct, and an emoji ZWJ sequence is one picture.
Removing them there would change how a word is written for its readers, so they
stay when both neighbours are in one of those scripts (:data:`JOINING`).
Anywhere else (between Latin letters, at a word's edge) they are only
obfuscation and go. :func:`~text.fold` drops them anyway, so a Persian text
hashes the same with or without them (writers are inconsistent about them).

**Combining-mark floods**: Unicode normalization sorts each run of combining
marks, which is quadratic in the run's length (900,000 alternating marks after
one letter: minutes). Runs are cut to :data:`MAX_MARKS` non-starters before
normalization, the limit of Unicode's Stream-Safe Text Format (UAX #15, section
13): no real text needs more (Vietnamese uses two marks a letter, Hebrew with
cantillation and Tibetan stacks under ten).
"""

from __future__ import annotations

import re

import regex

#: Longest run of non-starters (canonical combining class > 0) kept after one base character (UAX #15).
MAX_MARKS = 30
#: Scripts in which ZWNJ/ZWJ choose letter forms (Arabic, Syriac, Thaana, N'Ko, Indic, Sinhala, Myanmar,
#: Khmer, Mongolian, Arabic presentation forms) or join emoji.
JOINING = (
    "\u0600-\u08ff\u0900-\u0dff\u1000-\u109f\u1780-\u18af\ufb50-\ufdff\ufe70-\ufefe"
    "\u2600-\u27bf\U0001f300-\U0001faff"
)
#: Always invisible, wherever they stand.
_INVISIBLE = re.compile(
    "[\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b-\u180f\u200b\u200e\u200f\u202a-\u202e\u2060-\u2064"
    "\u2066-\u206f\u3164\ufe00-\ufe0f\ufeff\uffa0\ufff9-\ufffb\U000e0000-\U000e0fff]"
)
#: ZWNJ/ZWJ with a neighbour outside the joining scripts.
_LOOSE_JOINER = re.compile(f"[\u200c\u200d](?![{JOINING}])|(?<![{JOINING}])[\u200c\u200d]")
_MARK_FLOOD = regex.compile(rf"(\P{{ccc=0}}{{{MAX_MARKS}}})\P{{ccc=0}}+")


def visible(text: str) -> str:
    """``text`` without invisible format characters and with combining-mark runs cut to :data:`MAX_MARKS`.

    Marks are cut after the invisibles are gone, so that a zero-width space between
    marks cannot hide a flood. ASCII text has neither (one C-level check).
    """
    if text.isascii():
        return text
    if _INVISIBLE.search(text):
        text = _INVISIBLE.sub("", text)
    if "\u200c" in text or "\u200d" in text:
        text = _LOOSE_JOINER.sub("", text)
    return bound_marks(text)


def bound_marks(text: str) -> str:
    """Cut every run of non-starters to :data:`MAX_MARKS` (linear; see the module docstring)."""
    return _MARK_FLOOD.sub(r"\1", text)
