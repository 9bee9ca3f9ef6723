"""Noun or verb? Settling the words WordNet lists as both, from their neighbours.

WordNet's lists (:mod:`wordclass`) say "pegs", "hopes", "rushes", "die",
"brushing" and "forward" can all be nouns, so a tagger-free chunker glues them
to the noun beside them: "minister pegs", "storm chasers die", "brushing
aside". A tagger would settle them, but costs ~30 ms an article; English
grammar settles most of them for free, from the words around:

- after a subject pronoun, a modal or an auxiliary ("they hope", "will
  make", "didn't work") the word is a verb; after "to", a bare form is one;
- after a singular noun, an ``-s`` form that takes an object (a determiner,
  a pronoun, a noun, "to", an adverb: "minister pegs oil", "PM hopes to")
  is a verb: the noun is its subject;
- after a plural noun, a bare form is a verb ("chasers die", "prices rise");
- an ``-ing`` form is a noun after a determiner, an adjective or a noun ("the
  meeting", "mass shooting") or before a noun ("training camp"), else a verb;
- a word that is also an adverb ("forward", "aside", "still") is a noun only
  after a determiner, an adjective or a noun.

Capitalised mid-sentence, any of them is part of a name ("Mark Meadows").
Measured against spaCy's tagger on tune-outlet articles (docs/design.md).
"""

from __future__ import annotations

import re

from worker.stages.memo import Memo
from worker.stages.tag.wordclass import CLASSES, lemma

#: Words after which a noun-or-verb word is a verb ("they hope", "will make", "didn't work").
VERB_CUES = frozenset((
    "i", "we", "they", "you", "he", "she", "it", "who", "will", "would", "can", "could", "should", "might", "must",
    "shall", "not", "did", "does", "do", "didn", "don", "doesn", "won", "cannot", "never", "also", "often", "then",
    "just", "still", "only", "already", "always", "to",
))
#: Words after which a noun-or-verb word is a noun ("the meeting", "their hopes").
DETERMINERS = frozenset((
    "the", "a", "an", "his", "her", "its", "their", "our", "my", "your", "this", "these", "those", "some", "any",
    "no", "each", "every", "many", "much", "several", "few", "more", "most", "all", "both", "such", "of", "another",
    "other", "whose", "what", "which",
))
#: Words that open an object after a verb ("pegs the", "hopes to", "wants him").
_OBJECT_STARTS = DETERMINERS | {"to", "him", "her", "them", "us", "it", "me", "that"} - {"of"}


_AMBIGUOUS = re.compile("[VA]")


def _is_plural(word: str) -> bool:
    """An inflected plural noun ("chasers"), not a noun that only ends in s ("news", "press")."""
    lemma = CLASSES[word][0]
    return lemma is not None and lemma != word and word.endswith("s")


_PLURAL: Memo[str, bool] = Memo(_is_plural)


def _form(word: str) -> str:
    """"s" for an -s form ("pegs"), "g" for an -ing form, "" for the rest."""
    return "g" if word.endswith("ing") else "s" if word.endswith("s") else ""


_FORM: Memo[str, str] = Memo(_form)


def past_tense(word: str) -> bool:
    """An inflected verb form that is neither -s nor -ing: a past tense ("rose", "fell", "jumped")."""
    base = lemma(word, "verb")
    return base is not None and base != word and not _form(word)


#: "Oil prices rose": the word after "prices" is a past tense, so "prices" is its subject, not a verb.
_PAST: Memo[str, bool] = Memo(past_tense)


def resolve(cls: list[str], tokens: list[str], lower: list[str], start: int) -> None:
    """Turn each ``V`` (noun or verb) and ``A`` (noun or adverb) of ``cls`` into ``N`` or ``x``, in place.

    Capitals before ``start`` (a title-case headline) say nothing about names.
    """
    n = len(cls)
    verb = -2  # the last token settled as a verb
    plural, forms = _PLURAL, _FORM
    for m in _AMBIGUOUS.finditer("".join(cls)):
        i = m.start()
        c = cls[i]
        tok = tokens[i]
        if tok[0].isupper() and i and ((tok.isupper() and len(tok) > 1) or (i >= start and tokens[i - 1][0].isalnum())):
            cls[i] = "N"  # an acronym ("US", "PM") or capitalised mid-sentence: a name ("Mark Meadows")
            continue
        prev = lower[i - 1] if i else "."
        pc = cls[i - 1] if i else "x"
        if pc == "?" and tokens[i - 1][0].isupper():
            pc = "N"  # an unknown capitalised word: a name ("ECJ backs")
        after_noun = pc == "N" or pc == "J" or prev in DETERMINERS
        nxt = lower[i + 1] if i + 1 < n else "."
        nc = cls[i + 1] if i + 1 < n else "x"
        if c == "A":  # "his home", "oil well water"; not "pushed the plan forward."
            cls[i] = "N" if pc == "J" or prev in DETERMINERS or (pc == "N" and nc in "NV") else "x"
            continue
        form = forms[lower[i]]
        if prev in VERB_CUES and (prev != "to" or not form):
            cls[i] = "x"
        elif form == "g":
            noun = after_noun or (nc in "NV" and nxt.isalpha() and verb != i - 1)  # not "start clearing mines"
            cls[i] = "N" if noun else "x"
        elif pc == "N" and form == "s" and not plural[prev]:
            takes_object = nxt in _OBJECT_STARTS or (nc in "NAJ?" and not _PAST[nxt]) or nxt[0].isdigit() or (
                nc == "V" and i + 2 < n and cls[i + 2] in "NV" and not lower[i + 2].endswith("ing"))  # "pegs oil price"
            cls[i] = "x" if takes_object else "N"
        elif pc == "N" and form != "s" and plural[prev]:
            cls[i] = "x"  # "chasers die"
        else:
            cls[i] = "N"
        if cls[i] == "x":
            verb = i
