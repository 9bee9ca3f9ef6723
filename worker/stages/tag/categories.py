"""Categories: the top level of the IPTC Media Topics taxonomy, scored by weighted lexicons.

Taxonomy: the 17 top-level IPTC Media Topics (https://cv.iptc.org/newscodes/mediatopic/),
named here by a short slug with the IPTC code alongside, e.g. ``politics`` =
``medtop:11000000`` "politics" (which includes diplomacy and international relations).

Why rules and not a classifier: no labelled IPTC news corpus ships offline on PyPI
under a licence we can use, and the one corpus we have (NewsArticles) has no
labels. Weighted lexicons are transparent (a wrong tag points at one word),
deterministic and cheap: single words are looked up once per vocabulary word
(cached), phrases take one small Aho-Corasick pass. Terms match whole
words (plural "s" allowed); a term ending in ``*`` is a prefix, so "diplomat*" counts "diplomacy" and
"diplomatic" (and "war" does not count "warn").

Score: ``1 - exp(-evidence / SCALE)`` in [0, 1), where evidence sums each stem's
weight times ``1 + ln(count)`` (repeats help, with diminishing returns).
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Mapping

import ahocorasick

from worker.models import Category

SCALE = 6.0
MIN_SCORE = 0.4
MAX_CATEGORIES = 4

#: slug -> (IPTC code, {stem: weight}). Weight 3: nearly decisive; 1: supporting evidence.
TAXONOMY: dict[str, tuple[str, dict[str, float]]] = {
    "politics": ("medtop:11000000", {
        "politic*": 2, "president": 1.5, "secretary of state": 3, "foreign minister": 3, "prime minister": 3,
        "minister": 2, "diplomat*": 3, "diplomacy": 3, "embass*": 2, "ambassador": 2.5, "election*": 3, "vote": 1,
        "voter*": 2, "senat*": 2, "congress": 2, "parliament": 3, "lawmaker*": 3, "legislat*": 2, "government": 1.5,
        "administration": 1, "sanction*": 2, "summit": 2, "white house": 2, "kremlin": 2, "democrat*": 2,
        "republican*": 2, "campaign": 1, "governor*": 2, "bilateral": 2, "foreign policy": 3, "geopolitic*": 3,
        "treaty*": 2, "nato": 2, "policy": 0.5, "official": 0.5, "cabinet": 2, "impeach*": 3, "brexit": 3}),
    "economy": ("medtop:04000000", {
        "econom*": 2, "business": 1.5, "market*": 1.5, "stock*": 2, "share price": 3, "investor*": 2.5, "invest*": 1.5,
        "trade": 1.5, "tariff*": 3, "export*": 2, "import": 1, "company": 1, "companies": 1, "firm": 1, "bank*": 1.5,
        "inflation": 3, "interest rate": 3, "gdp": 3, "revenue": 2.5, "profit": 2.5, "earnings": 2.5, "ceo": 1.5,
        "price": 1, "dollar": 1, "billion": 1, "million": 0.5, "industr*": 1, "merger*": 3, "acquisition": 2,
        "shareholder*": 3, "retail": 2, "jobs": 1, "unemployment": 2.5, "budget": 1.5, "tax": 1.5}),
    "conflict": ("medtop:16000000", {
        "war": 2.5, "militar*": 2.5, "troop*": 3, "army": 2.5, "invasion*": 3, "invade*": 3, "attack": 2,
        "missile*": 3, "weapon*": 2.5, "arms": 1.5, "defense": 1.5, "defence": 1.5, "soldier*": 3, "airstrike*": 3,
        "strike": 1, "ceasefire": 3, "terror*": 3, "insurgen*": 3, "rebel*": 2.5, "bomb*": 2.5, "killed": 1,
        "conflict": 2, "peace talk": 3, "pentagon": 2}),
    "crime": ("medtop:02000000", {
        "police": 2.5, "arrest*": 3, "crime": 3, "criminal*": 2.5, "court": 2, "judge*": 2.5, "lawsuit*": 3,
        "sued": 2.5, "prosecut*": 3, "trial": 2, "convict*": 3, "sentenced": 3, "prison": 2.5, "jail": 2.5,
        "fraud": 3, "murder": 3, "shooting": 2.5, "investigat*": 1.5, "fbi": 2, "law enforcement": 2.5, "lawyer": 2,
        "attorney": 2, "supreme court": 2.5, "indict*": 3, "drug traffick*": 3, "fentanyl": 1.5, "smuggl*": 2.5}),
    "disaster": ("medtop:03000000", {
        "earthquake*": 3, "flood*": 3, "wildfire*": 3, "hurricane*": 3, "crash*": 2, "accident*": 2.5, "disaster*": 3,
        "explosion": 2, "rescue": 2, "victims": 1.5, "evacuat*": 2.5, "emergency": 1.5, "tsunami": 3}),
    "education": ("medtop:05000000", {
        "school*": 2, "student*": 1.5, "teacher*": 2.5, "universit*": 1.5, "education": 3, "college*": 1.5,
        "curriculum": 3, "tuition": 3, "campus": 2}),
    "environment": ("medtop:06000000", {
        "climate": 3, "emission*": 3, "carbon": 2.5, "pollut*": 3, "environment": 2.5, "renewable*": 2.5,
        "fossil fuel": 3, "wildlife": 2.5, "species*": 2, "conservation": 2.5, "greenhouse": 3, "deforest*": 3}),
    "health": ("medtop:07000000", {
        "health": 2, "hospital*": 2.5, "patient*": 2.5, "doctor*": 2, "disease*": 3, "vaccin*": 3, "virus*": 2.5,
        "cancer": 3, "medic*": 1.5, "drug*": 1, "obamacare": 3, "affordable care act": 3, "medicaid": 3,
        "medicare": 3, "insurance": 1, "pandemic": 3, "addiction": 2.5, "overdose": 3, "opioid*": 3, "mental": 1.5}),
    "human_interest": ("medtop:08000000", {
        "celebrit*": 3, "royal": 2, "wedding": 2.5, "birthday": 2.5, "anniversary": 1.5, "heartwarming": 3}),
    "labour": ("medtop:09000000", {
        "worker*": 2, "union": 1.5, "wage*": 2.5, "salar*": 2, "employ*": 1.5, "labor": 2, "labour": 2, "layoff*": 3,
        "hiring": 2, "pension*": 2.5, "strike action": 3}),
    "lifestyle": ("medtop:10000000", {
        "travel": 1.5, "tourism": 2.5, "restaurant": 2, "recipe": 3, "fashion": 3, "holiday": 1.5, "vacation": 2.5,
        "hobby": 3}),
    "religion": ("medtop:12000000", {
        "church*": 3, "religio*": 3, "muslim*": 2, "christian*": 2, "islam": 2, "jewish": 2, "pope": 3, "mosque*": 3,
        "faith": 2, "bishop*": 3, "eid": 2}),
    "science_technology": ("medtop:13000000", {
        "technolog*": 2.5, "scien*": 2.5, "research": 1.5, "software": 3, "app": 1.5, "internet": 2, "social media": 2,
        "artificial intelligence": 3, "robot*": 3, "smartphone*": 3, "iphone": 3, "google": 2, "apple": 1.5,
        "facebook": 1.5, "data": 1, "cyber*": 3, "hack*": 2.5, "space": 1.5, "nasa": 3, "semiconductor*": 3,
        "chip": 2, "tiktok": 2, "algorithm*": 3, "computer*": 2.5, "online": 1}),
    "society": ("medtop:14000000", {
        "human rights": 3, "immigra*": 3, "refugee*": 3, "migrant*": 3, "discriminat*": 3, "racis*": 3, "poverty": 3,
        "community": 1, "protest*": 2, "civil rights": 3, "gender": 2.5, "lgbt": 3, "homeless": 3, "abortion": 3,
        "family": 1, "welfare": 2.5, "deport*": 2.5, "border": 1.5}),
    "sport": ("medtop:15000000", {
        "game": 1, "season": 1.5, "team": 1.5, "coach*": 3, "player*": 2.5, "league": 3, "championship*": 3,
        "tournament*": 3, "olympic*": 3, "football": 3, "soccer": 3, "basketball": 2.5, "baseball": 3, "tennis": 3,
        "golf": 3, "nfl": 3, "nba": 3, "score": 1, "goal": 1, "match": 1, "athlete*": 3, "quarterback": 3}),
    "weather": ("medtop:17000000", {
        "weather": 3, "forecast*": 2, "temperature*": 2, "storm*": 2.5, "rain": 2, "snow": 2.5, "heatwave": 3,
        "meteorolog*": 3}),
    "arts_culture": ("medtop:01000000", {
        "film*": 2.5, "movie*": 3, "music": 2.5, "song*": 2.5, "album*": 3, "actor*": 3, "actress*": 3, "oscar": 3,
        "art": 1, "museum*": 3, "novel*": 2.5, "book": 1.5, "theater": 2.5, "theatre": 2.5, "television": 2,
        "tv show": 3, "concert*": 3, "singer*": 3, "hollywood": 3, "festival*": 2, "celebrity": 2, "media": 1}),
}


def _index() -> tuple[dict[str, list[tuple[str, float, str]]], dict[str, list[tuple[str, float, str]]],
                     ahocorasick.Automaton]:
    """Split the lexicons: whole words, prefixes (by their text) and multi-word phrases (an automaton)."""
    exact: dict[str, list[tuple[str, float, str]]] = {}
    prefix: dict[str, list[tuple[str, float, str]]] = {}
    phrases = ahocorasick.Automaton()
    for slug, (_, lexicon) in TAXONOMY.items():
        for term, weight in lexicon.items():
            stem = term.rstrip("*")
            if " " in stem:
                hits = phrases.get(stem, (len(stem), stem.endswith("*") or term.endswith("*"), []))
                hits[2].append((slug, weight, stem))
                phrases.add_word(stem, hits)
            else:
                (prefix if term.endswith("*") else exact).setdefault(stem, []).append((slug, weight, stem))
    phrases.make_automaton()
    return exact, prefix, phrases


_EXACT, _PREFIX, _PHRASES = _index()
_PREFIX_LENGTHS = sorted({len(p) for p in _PREFIX})


#: word -> lexicon hits memo (a plain dict: the hot path); the vocabulary repeats across articles.
_MEMO: dict[str, tuple[tuple[str, float, str], ...]] = {}


def _word_hits(word: str) -> tuple[tuple[str, float, str], ...]:
    """Lexicon entries one lower-case word counts for."""
    hits = list(_EXACT.get(word, ()))
    if word.endswith("s") and word[:-1] in _EXACT:
        hits += _EXACT[word[:-1]]
    for n in _PREFIX_LENGTHS:
        if n > len(word):
            break
        hits += _PREFIX.get(word[:n], ())
    return tuple(hits)


def _ends_word(low: str, i: int) -> bool:
    """A whole-word match may take a plural 's' ("sanction" counts "sanctions")."""
    if i < len(low) and low[i] == "s":
        i += 1
    return i >= len(low) or not low[i].isalnum()


def categorize(low: str, counts: Mapping[str, int]) -> list[Category]:
    """Score every category from the lower-cased text and its word counts; return the confident ones."""
    hits: Counter[tuple[str, float, str]] = Counter()
    memo = _MEMO
    if len(memo) > 1_000_000:
        memo.clear()
    for word in [w for w in counts if w not in memo]:
        memo[word] = _word_hits(word)
    for word, n in counts.items():
        for hit in memo[word]:
            hits[hit] += n
    for end, (length, prefix, targets) in _PHRASES.iter(low):
        start = end - length + 1
        if (start == 0 or not low[start - 1].isalnum()) and (prefix or _ends_word(low, end + 1)):
            for hit in targets:
                hits[hit] += 1
    evidence: dict[str, float] = {}
    for (slug, weight, _), n in hits.items():
        evidence[slug] = evidence.get(slug, 0.0) + weight * (1 + math.log(n))
    scored = sorted(((1 - math.exp(-e / SCALE), slug) for slug, e in evidence.items()), reverse=True)
    keep = [(s, slug) for s, slug in scored[:MAX_CATEGORIES] if s >= MIN_SCORE] or scored[:1]
    return [Category(name=slug, iptc=TAXONOMY[slug][0], score=round(s, 3)) for s, slug in keep]
