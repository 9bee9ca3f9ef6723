"""Word lists and patterns for junk detection, kept apart from the logic that weighs them.

Why lexicons and not a list of strings seen on some site: each entry names a
*kind* of page furniture (comment forms, share bars, newsletters, cookie
banners, legal footers, teasers, credits) in the words every outlet uses for
it, so a new outlet's "Sign up for our briefing" is caught without being
listed. Every pattern is an alternation of literals with bounded gaps: no
nested quantifiers, so matching stays linear in the line length.
"""

from __future__ import annotations

import re

from worker.stages.normalize.dates import DATEISH as DATEISH  # re-exported: the date gate is part of the lexicon
from worker.stages.normalize.dates import MONTH

_I = re.IGNORECASE


def lowered(pattern: re.Pattern[str]) -> re.Pattern[str]:
    """A case-insensitive lexicon pattern compiled for text that is already lower-cased.

    The regex engine compares literals case-sensitively several times faster, and one
    ``str.lower()`` per line serves every pattern (the hot path of normalize does so).
    """
    return re.compile(pattern.pattern, pattern.flags & ~re.IGNORECASE)

#: English function words; their density separates prose from menus and labels.
_STOP_TEXT = (
    "a about above after again against all also am an and any are as at be because been before being below "
    "between both but by can could did do does doing down during each few for from further had has have having "
    "he her here hers him his how i if in into is it its itself just me more most my no nor not now of off on "
    "once only or other our out over own said same she should so some such than that the their them then there "
    "these they this those through to too under until up very was we were what when where which while who whom "
    "why will with would you your"
)
STOP_WORDS = frozenset(_STOP_TEXT.split())

#: Words that make a line a call to action or page furniture (share bars, forms, apps, cookies).
CTA_WORDS = re.compile(
    r"\b(?:subscri(?:be|ption)\w*|newsletters?|pin it|sign(?:ing)? ?up|log ?in|sign ?in|register|click|tap|"
    r"download|app store|"
    r"google play|follow us|like us|share (?:this|on|via)|share|tweet|whatsapp|facebook|twitter|instagram|"
    r"linkedin|pinterest|telegram|youtube channel|email (?:this|us)|inbox|notifications?|alerts?|cookies?|"
    r"consent|privacy (?:policy|settings)|terms (?:of|and) (?:use|service|conditions)|advertis\w*|sponsored|"
    r"promoted|podcast|captcha|premium|free trial|unlimited access|exclusive|briefing|membership|member|"
    r"deals?|offers?|discount|insights|breaking news|trending|most (?:read|popular|viewed))\b",
    _I,
)

#: Nouns and adverbs that fill share bars and menus around the call-to-action words ("Share this story now").
NAV_WORDS = frozenset({"article", "story", "stories", "post", "page", "link", "window", "friend", "opens", "new",
                       "now", "today", "here", "free", "app", "email", "e-mail", "print", "comments", "menu",
                       "home", "search", "us", "via"})

#: A share bar glued into a paragraph: four or more network/action names in a row, maybe a permalink after.
#: ("Send Facebook Twitter Google+ Whatsapp Tumblr linkedin stumble Digg reddit Newsvine Permalink http://...")
SHARE_RUN = re.compile(
    r"(?:\b(?:send|share|e-?mail|print|facebook|messenger|twitter|google\+?|whatsapp|tumblr|linkedin|stumble(?:upon)?|"
    r"digg|reddit|newsvine|permalink|pinterest|telegram|xing|vk|flipboard|pocket|copy link)(?![\w+])[ \t,|·•/]*){4,}"
    r"(?:https?://\S{1,200}\s?)?",
    _I,
)

#: A share bar names at least one of these.
SHARE_NAMES = ("facebook", "twitter", "whatsapp", "linkedin", "reddit", "tumblr", "pinterest", "telegram", "digg",
               "newsvine", "flipboard", "messenger")
#: One scan for any of :data:`SHARE_NAMES`.
SHARE_NAME = re.compile("|".join(SHARE_NAMES), _I)

#: Imperative openers of calls to action ("Sign up ...", "Get the app ...").
IMPERATIVE_START = re.compile(
    r"^(?:please |now |)(?:get|sign|subscribe|join|download|follow|trade|try|click|tap|register|stay|discover|"
    r"learn|unlock|start|enjoy|read|watch|listen|shop|save|support|become|upgrade|create|enter|leave|share|"
    r"like (?:us|this|our)|check out|find out|don'?t miss|never miss|see|explore|visit|contact|give|send|tell|sign up|"
    r"accept|allow|manage|continue|skip|go|install|activate|claim|grab|receive|invest)\b",
    _I,
)

SECOND_PERSON = re.compile(r"\b(?:you|your|yours|you're|you'll)\b", _I)

#: Comment forms and their validation messages.
COMMENT_FORM = re.compile(
    r"\b(?:leave an? (?:reply|comment|response)|post an? comment|add an? comment|(?:enter|type) your "
    r"(?:comment|name|email|e-mail|message|reply)|captcha|email address will not be published|required fields "
    r"are marked|comments? (?:are|is) closed|be the first to comment|(?:log|sign) ?in to (?:comment|reply)|"
    r"cancel reply|join the (?:conversation|discussion)|view (?:all )?comments|show comments|\d+ comments?)\b",
    _I,
)

#: Legal and copyright footers: unmistakable markers, trusted on lines up to 40 words.
LEGAL = re.compile(
    r"©|\(c\)\s*\d{4}|\b(?:all rights reserved\b|may not be (?:published|reproduced|redistributed|rewritten)|"
    r"does not (?:provide|constitute|offer) (?:investment|financial|legal|tax) advice\b|"
    r"not (?:investment|financial) advice\b|this (?:site|website) uses cookies\b|registered trademark\b|"
    r"without (?:prior )?(?:written )?permission\b|copyright \d{4}|\d{4} copyright\b|"
    r"(?:use|uses|using) cookies\b|thanks? (?:you )?for (?:reading|signing up|subscribing|visiting|watching)\b)",
    _I,
)
#: Weaker legal words, trusted only on short lines (a sentence may be about a copyright case).
LEGAL_WEAK = re.compile(
    r"\b(?:copyright|privacy policy|terms (?:of|and) (?:use|service|conditions)|cookie (?:policy|settings|"
    r"preferences)|disclaimer|accessibility statement|sitemap|contact us|about us|careers)\b",
    _I,
)

#: Teasers: a label then a headline of some other story.
TEASER = re.compile(
    r"^(?:see also|read next|read more|read also|also read|related(?: articles?| stories| posts| coverage| news"
    r"| content| reading)?|more from [\w .&'-]{1,40}|more on this|more news|recommended(?: for you)?|"
    r"you may (?:also )?like|you might (?:also )?like|don'?t miss|must read|editor'?s picks?|top stories|"
    r"trending(?: now)?|popular|most (?:read|popular|viewed)|watch|video|listen|further reading|next up|"
    r"up next|previous|next|recommended reading|sponsored|advertisement|promoted|latest(?: news| stories)?)"
    r"\s*(?::|\||-|–|—|>>|»)",
    _I,
)

#: Credit lines that open with their role: photo, reporting, writing, editing, production.
CREDIT_START = re.compile(
    r"^[(\[]?(?:(?:photo|picture|image|video|graphic|illustration|file photo|cover image|top image|lead image|"
    r"pictured|credit)s?\b[^.]{0,40}?(?:\bby\b|\bsource\b|\bcredit\b|\bcourtesy\b|:|-|–|/)|"
    r"(?:additional )?(?:reporting|writing|editing|edited|engineered|compiled|produced|contributed|translated|"
    r"graphics|fact-checked|illustrated|photographed|research)\s+by\s)",
    _I,
)
#: Credit lines recognisable by a picture agency anywhere (only trusted on short lines).
CREDIT_AGENCY = re.compile(
    r"\b(?:getty images|shutterstock|istock\w*|afp photo|ap photo|epa-efe|reuters/|/reuters|/ap\b|/afp\b|"
    r"via getty|courtesy of|photo credit|image credit|image source|photograph:)",
    _I,
)

#: A disclosure that the text was produced by a machine; needs all three parts.
MACHINE = re.compile(
    r"\b(?:gpt-?\d\w*|chatgpt|large language models?|llms?|generative ai|artificial intelligence|ai|"
    r"automated|automatically|algorithms?|neuro)\b",
    _I,
)
MACHINE_GEN = re.compile(r"\b(?:generat\w*|written|wrote|produced|created|composed|assisted)\b", _I)
MACHINE_SUBJECT = re.compile(
    r"\b(?:this (?:article|story|content|report|post|summary)|content|system|tool|with the (?:help|assistance) "
    r"of|by an?)\b",
    _I,
)

#: "By Jane Doe", "By Jane Doe and John Roe, Reuters".
BYLINE = re.compile(r"^(?:written |posted |story |words |text )?by\s+(?P<rest>\S.{0,150})$", _I)

#: Organisation words: a byline name with one of these is a publisher, not a person.
ORG_WORDS = re.compile(
    r"\b(?:reuters|associated press|press|news|media|agency|times|post|journal|herald|tribune|inc|ltd|llc|"
    r"group|staff|desk|team|wire|network|bureau|editorial|editors|service|daily|weekly|magazine|radio|tv|"
    r"broadcasting|corporation|company|\w+\.com)\b",
    _I,
)

#: Wire and news agencies whose names end stories ("Reuter", "(AP)", "— AFP", "ab/cd (dpa, AFP)").
AGENCIES = (
    "Reuters", "Reuter", "Associated Press", "AP", "Agence France-Presse", "AFP", "dpa", "EFE", "ANSA", "Xinhua",
    "TASS", "Interfax", "RIA Novosti", "Kyodo", "Jiji", "Yonhap", "UPI", "Press Association", "PA", "AAP",
    "Canadian Press", "CP", "PTI", "IANS", "ANI", "Bloomberg", "Anadolu", "KNA", "APA", "SDA", "ATS", "Belga",
    "ANP", "NTB", "Ritzau", "PAP", "CTK", "MTI", "BTA", "Lusa", "Bernama", "Antara", "KCNA", "IRNA", "WAFA",
    "MENA", "SPA", "QNA", "WAM", "KUNA", "Sputnik", "epd", "KNA", "AA",
)
_AGENCY = "(?:{})".format("|".join(sorted({re.escape(a) for a in AGENCIES}, key=len, reverse=True)))
_AGENCY_LIST = rf"{_AGENCY}(?:\s*[,/;&]\s*{_AGENCY}){{0,6}}"

#: A story's closing attribution, at the end of its last paragraph or on a line of its own: "Source: Al
#: Jazeera and news agencies", "(AP)", "— AFP", "Reuter", editors' initials "mb/rt (AFP, dpa, Reuters)",
#: "afp/ke -". Case-sensitive: agencies are written as names.
TRAILER = re.compile(
    r"(?:^|(?<=[.!?\"”’)…])\s+)(?:"
    r"Sources?\s*:\s*[-–—]?\s*(?P<source>[A-Z][^.!?:]{1,60}?)"
    rf"|(?:[a-z]{{1,4}}(?:/[a-z]{{1,4}}){{1,3}}\s*)?\((?P<paren>{_AGENCY_LIST})\)"
    rf"|[-–—]{{1,2}}\s*(?P<dash>{_AGENCY_LIST})"
    rf"|(?P<alone>{_AGENCY})"
    r"|(?P<initials>[a-z]{2,4}(?:/[a-z]{2,4}){1,3})\s*[-–—]?"
    r")\s*\.?$"
)

#: Words of a place name (bounded: a place word is never 30 letters, and a bound keeps matching linear).
_CAPS = r"[A-Z][A-Z'’.-]{1,30}"
_TITLE = r"[A-Z][a-z'’.-]{1,30}"
_PARTICLE = r"(?:de|da|do|du|del|di|la|le|el|al|los|las|upon|on|sur|am|an|im)"
_ABBR = r"(?:(?:[A-Z]\.){2,3}|[A-Z][a-z]{1,4}\.)"
_REGION = rf"(?:{_ABBR}|{_TITLE}(?: {_TITLE}){{0,2}}|{_CAPS}(?: {_CAPS}){{0,2}})"
_DL_DATE = rf"(?i:{MONTH})\.? \d{{1,2}}(?:, \d{{4}})?|\d{{1,2}} (?i:{MONTH})\.?(?: \d{{4}})?"
_AGENCY_NAME = r"[A-Z][\w.&'’ -]{0,30}?"

#: A dateline opening the first paragraph (case-sensitive). The place is a city in capitals or title case,
#: maybe with a state, province or country ("COLUMBUS, Ohio", "ADDISON, Ill.", "KABUL, Afghanistan"), then a
#: date, an agency in brackets or slashes, and a dash or colon: "SHANGHAI (Reuters) –", "WASHINGTON —",
#: "ISLAMABAD:", "New York, Feb 26 -", "CALGARY, Alberta, -", "MOSCOW, February 7. /TASS/.", "(AP) —".
#: :mod:`attribution` decides whether a match is a dateline (a title-case place needs a date or an agency).
DATELINE = re.compile(
    rf"^(?:(?P<place>{_CAPS}(?: {_CAPS}){{0,3}}|{_TITLE}(?: (?:{_TITLE}|{_PARTICLE})){{0,3}})"
    rf"(?P<region>(?:, {_REGION}){{0,2}})(?:,? (?P<date>{_DL_DATE}))?\.?)?"
    rf"(?:\s*\((?P<agency>{_AGENCY_NAME})\)|\s*/(?P<slash>{_AGENCY_NAME})/\.?)?"
    r"(?P<sep>,?\s*(?:-{1,2}|[–—]|:)(?=\s)|(?<=/\.)|(?<=/)(?=\s)|(?<=\))(?=[A-Z]))\s*"
)
#: The wire form "MOSCOW, February 7. /TASS/." is one of :data:`DATELINE`'s shapes (old name, kept for importers).
SLASH_DATELINE = DATELINE

#: A truncated teaser ends with an ellipsis.
TRUNCATED = re.compile(r"(?:\.\.\.|…)[\"”’']?$")


def truncated(line: str) -> bool:
    """Does ``line`` end in an ellipsis? (Only its last characters are scanned.)"""
    return bool(TRUNCATED.search(line[-6:]))


TERMINAL = frozenset(".!?\"”’'):…。！？」』）؟।။")
