"""Tidy one NER span into a name: no possessive, article, title or dangling word.

spaCy's spans carry what surrounds a name in news text: "the United States",
"Clinton’s", "Defender Hassan Abbas", "AB Investor and", "BUY U.S.". A name
neither starts nor ends with a lower-case word (inner ones are fine: "Bank of
America"), nor with a common word in capitals (a headline's verb), nor with a
job title. Job titles are a closed class, listed here; everything else is
decided from WordNet's word lists (:mod:`wordclass`).
"""

from __future__ import annotations

import re

from worker.stages.tag.wordclass import CLASSES

_POSSESSIVE = re.compile(r"(['’]s?|['’])$")
_EDGE = re.compile(r"^(the|The|THE|a|an)\s+|^[^\w(]+|[^\w.)]+$")
#: Titles and roles written before a name ("Defender Hassan Abbas", "Foreign Minister Sergei Lavrov").
TITLES = frozenset((
    "president", "vice", "prime", "minister", "foreign", "defence", "defense", "interior", "finance", "justice",
    "health", "secretary", "state", "deputy", "chancellor", "cardinal", "bishop", "archbishop", "rev", "reverend",
    "senator", "sen", "rep", "representative", "congressman", "congresswoman", "governor", "gov", "mayor", "councillor",
    "councilman", "judge", "justice", "chief", "executive", "ceo", "chairman", "chairwoman", "chair", "director",
    "spokesman", "spokeswoman", "spokesperson", "ambassador", "envoy", "general", "gen", "lt", "col", "colonel",
    "major", "maj", "captain", "capt", "sergeant", "sgt", "admiral", "commander", "officer", "inspector", "detective",
    "dr", "mr", "mrs", "ms", "miss", "professor", "prof", "coach", "manager", "striker", "midfielder", "defender",
    "goalkeeper", "keeper", "forward", "winger", "captain", "skipper", "coach", "boss", "chief", "leader", "opposition",
    "former", "late", "acting", "interim"
))
_TITLE_JOINERS = frozenset({"of", "for", "the", "and", "-"})


def _is_dangling(token: str) -> bool:
    """An edge word that is not part of a name: lower case, or a common word shouted in capitals."""
    core = token.strip(".,;:!?\"'()")
    if not core or not any(c.isupper() for c in core):
        return True
    if core.isupper() and len(core) >= 3 and core.isalpha():
        _noun, verb, adj = CLASSES[core.lower()]
        return verb or adj
    return False


def clean_surface(text: str) -> str:
    """'the United States’' -> 'United States'; "Clinton’s" -> 'Clinton'; 'AB Investor and' -> 'AB Investor'."""
    s = " ".join(text.split())
    if s.count("(") != s.count(")"):  # "Party for Freedom (PVV": the span cut a parenthesis
        s = s.split("(")[0] if "(" in s else s.replace(")", "")
    s = _EDGE.sub("", _EDGE.sub("", s))
    s = _POSSESSIVE.sub("", s).strip()
    toks = s.split()
    while len(toks) > 1 and _is_dangling(toks[-1]):
        toks.pop()
    while len(toks) > 1 and _is_dangling(toks[0]):
        toks.pop(0)
    s = " ".join(toks)
    return _POSSESSIVE.sub("", s).rstrip(",;:") if s.endswith(("'s", "’s", ",", ";", ":")) else s


def strip_title(name: str) -> tuple[str, bool]:
    """'Defender Hassan Abbas' -> ('Hassan Abbas', True): leading job titles off a name that is left whole."""
    toks = name.split()
    i = 0
    while i < len(toks) - 1 and (toks[i].lower().strip(".") in TITLES or (i and toks[i].lower() in _TITLE_JOINERS)):
        i += 1
    while i and toks[i - 1].lower() in _TITLE_JOINERS:
        i -= 1
    if i == 0 or not toks[i][:1].isupper():
        return name, False
    return " ".join(toks[i:]), True


def initials(name: str) -> str:
    """'Saudi Press Agency' -> 'SPA'; 'Bank of England' -> 'BE' (function words skipped)."""
    return "".join(t[0] for t in name.replace("-", " ").split() if t[:1].isupper())
