"""Fixed name lists the tagger canonicalizes against: countries, a few famous people, junk.

Country names come from the Unicode CLDR territory list shipped in ``babel``
(BSD, already a dependency via dateparser): it is maintained, covers every
country, and its English short names are the ones newsrooms use ("Russia",
"South Korea"). We add the aliases journalists write ("U.S.", "America",
"Britain") by hand, since CLDR does not list them.

``KNOWN_PEOPLE`` is deliberately tiny: surnames that, standing alone in news,
mean one person ("Biden" is Joe Biden). It only applies when the article itself
names no other person with that surname.
"""

from __future__ import annotations

from babel import Locale

#: CLDR names replaced by the form news readers search for.
_NAME_OVERRIDES = {
    "HK": "Hong Kong", "MO": "Macau", "MM": "Myanmar", "CD": "DR Congo", "CG": "Republic of the Congo",
    "PS": "Palestine", "TR": "Turkey", "CI": "Ivory Coast", "CZ": "Czech Republic", "VA": "Vatican City",
}
_NOT_COUNTRIES = {"EU", "EZ", "UN", "QO", "ZZ", "XA", "XB", "XK"}

#: Canonical name -> extra surface forms (case-sensitive, matched as whole words).
_ALIASES: dict[str, tuple[str, ...]] = {
    "United States": ("U.S.", "US", "U.S.A.", "USA", "United States of America", "America", "the States"),
    "United Kingdom": ("U.K.", "UK", "Britain", "Great Britain"),
    "China": ("PRC", "People's Republic of China", "mainland China"),
    "Russia": ("Russian Federation",),
    "Turkey": ("Türkiye", "Turkiye"),
    "Ivory Coast": ("Côte d’Ivoire", "Côte d'Ivoire"),
    "Czech Republic": ("Czechia",),
    "North Korea": ("DPRK",),
    "South Korea": ("Republic of Korea",),
    "United Arab Emirates": ("UAE", "U.A.E."),
    "Myanmar": ("Burma",),
    "Netherlands": ("Holland",),
    "Palestine": ("Palestinian Territories",),
    "European Union": ("EU", "E.U."),
}
#: Country names that are also common first names or US states: counted only when NER saw them as places.
AMBIGUOUS = frozenset({"Jordan", "Chad", "Georgia", "Turkey", "Guinea", "Niger", "Jersey", "Dominica", "Mali",
                       "Gulf", "America", "the States"})
#: Regions that contain a country alias ("Latin America"): listed so the longest match wins.
REGIONS = ("North America", "South America", "Latin America", "Central America", "Middle East", "Europe",
           "Africa", "Asia", "Indo-Pacific", "South China Sea", "Gulf")


def _countries() -> dict[str, str]:
    names = Locale("en").territories
    out: dict[str, str] = {}
    for code, name in names.items():
        if len(code) == 2 and code.isalpha() and code not in _NOT_COUNTRIES:
            out[_NAME_OVERRIDES.get(code, name)] = _NAME_OVERRIDES.get(code, name)
    out["European Union"] = "European Union"
    for canonical, aliases in _ALIASES.items():
        for alias in aliases:
            out[alias] = canonical
    for region in REGIONS:
        out[region] = region
    return out


#: Surface form -> canonical place name.
PLACES: dict[str, str] = _countries()
PLACES_LOWER: dict[str, str] = {k.lower(): v for k, v in PLACES.items() if not k.isupper()}

KNOWN_PEOPLE: dict[str, str] = {
    "Biden": "Joe Biden", "Trump": "Donald Trump", "Obama": "Barack Obama", "Putin": "Vladimir Putin",
    "Xi": "Xi Jinping", "Blinken": "Antony Blinken", "Zelensky": "Volodymyr Zelenskyy",
    "Zelenskyy": "Volodymyr Zelenskyy", "Merkel": "Angela Merkel", "Macron": "Emmanuel Macron",
    "Modi": "Narendra Modi", "Netanyahu": "Benjamin Netanyahu", "Erdogan": "Recep Tayyip Erdogan",
    "Scholz": "Olaf Scholz", "Yellen": "Janet Yellen", "Tillerson": "Rex Tillerson",
}

#: Lower-cased entity names that are never news content: photo agencies, site chrome, bare titles.
JUNK: frozenset[str] = frozenset({
    "getty", "getty images", "shutterstock", "alamy", "istock", "istockphoto", "afp/getty images",
    "epa", "epa-efe", "ap photo", "picture alliance", "dpa/picture alliance", "reuters/", "pa images",
    "captcha", "benzinga neuro", "benzinga", "benzinga pro", "exit mobile version", "latest updates",
    "breaking news", "share", "leave a reply", "photo", "file photo", "image", "picture", "getty image",
    "state", "secretary", "president", "minister", "foreign minister", "chancellor", "administration",
    "treasury secretary", "defense secretary", "senate majority", "whatsapp", "newsletter", "subscribe",
    "gpt-4", "ai", "trade", "premium", "click", "read", "x", "defense", "defence", "treasury", "commerce", "justice",
})
#: Organisations that are photo/wire credits when they appear only in parentheses or credit lines.
AGENCIES: frozenset[str] = frozenset({"reuters", "ap", "afp", "associated press", "getty images", "xinhua", "efe",
                                      "dpa", "epa", "kna", "ips", "tass", "ria novosti", "sid", "upi"})
