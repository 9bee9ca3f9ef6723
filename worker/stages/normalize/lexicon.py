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

_I = re.IGNORECASE

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
    r"(?:©|\(c\)\s*\d{4}|\ball rights reserved\b|\bmay not be (?:published|reproduced|redistributed|rewritten)|"
    r"\bdoes not (?:provide|constitute|offer) (?:investment|financial|legal|tax) advice\b|"
    r"\bnot (?:investment|financial) advice\b|\bthis (?:site|website) uses cookies\b|\bregistered trademark\b|"
    r"\bwithout (?:prior )?(?:written )?permission\b|\bcopyright \d{4}|\b\d{4} copyright\b|"
    r"\b(?:use|uses|using) cookies\b|\bthanks? (?:you )?for (?:reading|signing up|subscribing|visiting|watching)\b)",
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

_MONTH = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|"
    r"oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
#: Gate for dateparser: only a line with one of these shapes is worth parsing.
DATEISH = re.compile(
    rf"\b(?:{_MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}}|\d{{1,2}}(?:st|nd|rd|th)?\s+{_MONTH}\s+\d{{4}}|"
    r"\d{4}-\d{2}-\d{2}|\d{1,2}/\d{1,2}/\d{4})\b",
    _I,
)

#: "SHANGHAI (Reuters) –", "WASHINGTON —", "ISLAMABAD:" at the start of the first paragraph (case-sensitive).
DATELINE = re.compile(
    r"^(?P<place>[A-Z][A-Z.'-]{2,}(?:[ ,]{1,2}[A-Z][A-Z.'-]+){0,3})"
    r"(?:,? (?P<date>[A-Z][a-z]{2,8}\.? \d{1,2}))?"
    r"\s?(?:\((?P<agency>[A-Za-z][A-Za-z .&-]{1,30})\))?\s?[-–—:]{1,2}\s+"
)

#: The wire form "MOSCOW, February 7. /TASS/." (place, date, agency between slashes).
SLASH_DATELINE = re.compile(
    r"^(?P<place>[A-Z][A-Z.'-]{2,}(?:[ ,]{1,2}[A-Z][A-Z.'-]+){0,3})(?: /[A-Za-z]{2,20}/)?"
    r",? (?P<date>[A-Z][a-z]{2,8}\.? \d{1,2})\.? /(?P<agency>[A-Za-z][A-Za-z .-]{1,20}?)\.?/\.?(?:\s+|$)"
)

#: A truncated teaser ends with an ellipsis.
TRUNCATED = re.compile(r"(?:\.\.\.|…)[\"”’']?$")



def truncated(line: str) -> bool:
    """Does ``line`` end in an ellipsis? (Only its last characters are scanned.)"""
    return bool(TRUNCATED.search(line[-6:]))


TERMINAL = frozenset(".!?\"”’'):…。！？」』）؟।။")
