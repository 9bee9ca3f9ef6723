"""The category lexicons: IPTC Media Topics, top level and the second level news users filter on.

Taxonomy: the 17 top-level IPTC Media Topics (https://cv.iptc.org/newscodes/mediatopic/)
and seven second-level topics, each a slug with its parent. Codes are IPTC's
where checked (``elections`` = medtop:20000574 "election", ``crime_law`` =
medtop:20000119 "justice", ``natural_disasters`` = medtop:20000148 "disaster",
``health_care`` = medtop:20000480 "government health care", ``markets_finance``
= medtop:20000385 "market and exchange"); ``energy`` and
``mergers_acquisitions`` sit deeper in IPTC's tree and carry no code here.

Each term has a weight: 3 nearly decisive, 1 supporting. A term ending in
``*`` is a prefix ("diplomat*" counts "diplomatic"); a plural "s" is always
allowed. A term written with a capital ("Kremlin", "OPEC") is a name and
counts however it is written; any other term counts only where the text does
not capitalise it mid-sentence, so "Four Seasons" is not a sports season.
"""

from __future__ import annotations

#: slug -> (IPTC code, parent slug or None, {term: weight}).
TAXONOMY: dict[str, tuple[str | None, str | None, dict[str, float]]] = {
    "politics": ("medtop:11000000", None, {
        "politic*": 2, "president": 1, "secretary of state": 3, "foreign minister": 3, "prime minister": 3,
        "minister": 2, "diplomat*": 3, "embass*": 2, "ambassador": 2.5, "vote": 1, "senat*": 2, "congress*": 2,
        "parliament*": 3, "lawmaker*": 3, "legislat*": 2, "government": 1.5, "administration": 1, "sanction*": 2,
        "summit": 2, "White House": 2, "Kremlin": 2, "democrat*": 1.5, "republican*": 1.5, "governor*": 2,
        "bilateral": 2, "foreign policy": 3, "geopolitic*": 3, "treaty*": 2, "NATO": 2, "policy": 1, "cabinet": 2,
        "impeach*": 3, "Brexit": 3, "opposition": 1.5, "ministry": 2, "executive order": 3, "party": 1}),
    "elections": ("medtop:20000574", "politics", {
        "election*": 3, "electoral": 3, "voter*": 2.5, "ballot*": 3, "poll": 1.5, "polling station*": 3,
        "campaign": 1, "candidate": 1.5, "referendum*": 3, "turnout": 2.5, "presidential race": 3, "runoff": 3,
        "opinion poll*": 3, "exit poll*": 3, "re-election": 3}),
    "economy": ("medtop:04000000", None, {
        "econom*": 2, "business*": 1.5, "market*": 1.5, "investor*": 2, "invest*": 1.5, "trade": 1.5, "tariff*": 3,
        "export*": 2, "import*": 1.5, "compan*": 1.5, "firm": 1.5, "inflation": 3, "gdp": 3, "revenue*": 2.5,
        "profit*": 2.5, "earnings": 2.5, "ceo": 2, "chief executive": 2, "price*": 1, "dollar*": 1, "billion": 1,
        "industr*": 1.5, "shareholder*": 3, "retail*": 2, "budget": 1.5, "tax*": 1.5, "sales": 2, "customer*": 1.5,
        "deal": 1, "brand*": 1.5, "manufactur*": 2, "startup*": 2.5, "entrepreneur*": 2.5, "growth": 1,
        "consumer*": 1.5, "supplier*": 2, "hotel*": 1}),
    "energy": (None, "economy", {
        "oil": 2.5, "crude": 3, "OPEC": 3, "barrel*": 2.5, "natural gas": 3, "gas pipeline": 3, "pipeline*": 2,
        "petroleum": 3, "refiner*": 3, "drilling": 2.5, "shale": 3, "coal": 2.5, "electricity": 2.5,
        "power plant*": 3, "power station*": 3, "nuclear power": 3, "renewable*": 2, "solar": 2, "wind farm*": 3,
        "energy": 2, "fuel*": 1.5, "gasoline": 3, "lng": 3, "hydropower": 3, "utilit*": 1.5, "output cut*": 3}),
    "markets_finance": ("medtop:20000385", "economy", {
        "stock*": 2.5, "share price*": 3, "shares": 1.5, "bond*": 2, "currenc*": 2.5, "central bank*": 3,
        "interest rate*": 3, "exchange rate*": 3, "nasdaq": 3, "Dow Jones": 3, "S&P": 3, "FTSE": 3,
        "stock market*": 3, "stock exchange*": 3, "bank*": 1.5, "banking": 2.5, "lender*": 2.5, "yuan": 2,
        "Federal Reserve": 3, "monetary": 3, "liquidity": 3, "trader*": 2, "index": 1, "yield*": 1.5}),
    "mergers_acquisitions": (None, "economy", {
        "acquisition*": 3, "acquire*": 2.5, "merger*": 3, "merge": 2.5, "takeover*": 3, "buyout*": 3,
        "stake": 2, "bid for": 2, "purchase of": 1.5, "deal": 1.5, "buy": 1, "bought": 1.5, "tie-up": 3}),
    "conflict": ("medtop:16000000", None, {
        "war": 2.5, "militar*": 2.5, "troop*": 3, "army": 2.5, "invasion*": 3, "invade*": 3, "attack*": 1.5,
        "missile*": 3, "weapon*": 2.5, "arms": 1.5, "soldier*": 3, "airstrike*": 3, "air strike*": 3, "ceasefire": 3,
        "terror*": 3, "insurgen*": 3, "rebel*": 2.5, "bomb*": 2.5, "conflict": 2, "peace talk*": 3, "Pentagon": 2,
        "fighter*": 2, "militant*": 3, "warship*": 3, "navy": 2, "shelling": 3, "jihad*": 3, "offensive": 2}),
    "crime": ("medtop:02000000", None, {
        "crime*": 3, "criminal*": 2.5, "arrest*": 2.5, "police": 2, "murder*": 3, "killing": 1.5, "fraud": 3,
        "theft": 3, "robber*": 3, "smuggl*": 2.5, "drug traffick*": 3, "corruption": 2.5, "bribe*": 3, "kidnap*": 3,
        "suspect*": 2.5, "shooting": 2, "gang*": 2.5, "victim*": 1, "stolen": 2.5, "pirat*": 2.5, "abuse": 1.5,
        "assault*": 2.5, "charged with": 3, "homicide": 3, "cartel*": 2.5}),
    "crime_law": ("medtop:20000119", "crime", {
        "court*": 2.5, "judge*": 2.5, "trial*": 2, "lawsuit*": 3, "sued": 3, "sue": 2.5, "prosecut*": 3,
        "verdict*": 3, "sentenced": 3, "sentence": 1.5, "convict*": 3, "prison": 2, "jail*": 2, "appeal*": 1.5,
        "supreme court": 3, "attorney*": 2, "lawyer*": 2, "investigat*": 1.5, "indict*": 3, "ruling": 2,
        "plaintiff*": 3, "defendant*": 3, "testif*": 2.5, "FBI": 2, "law enforcement": 3, "justice department": 3}),
    "disaster": ("medtop:03000000", None, {
        "crash*": 2, "accident*": 2.5, "disaster*": 3, "explosion*": 2, "rescue*": 2, "evacuat*": 2.5,
        "emergency": 1.5, "collapse*": 1.5, "fire": 1.5, "blaze": 2.5, "firefighter*": 2.5, "death toll": 3,
        "survivor*": 2, "injured": 1.5, "derail*": 3, "search and rescue": 3, "coastguard": 2.5, "coast guard": 2.5,
        "lifeboat*": 3}),
    "natural_disasters": ("medtop:20000148", "disaster", {
        "earthquake*": 3, "quake*": 3, "flood*": 3, "hurricane*": 3, "tornado*": 3, "drought*": 3, "wildfire*": 3,
        "tsunami*": 3, "landslide*": 3, "cyclone*": 3, "typhoon*": 3, "volcan*": 3, "avalanche*": 2.5,
        "storm*": 2, "mudslide*": 3, "magnitude": 2}),
    "education": ("medtop:05000000", None, {
        "school*": 2, "student*": 1.5, "teacher*": 2.5, "universit*": 1.5, "education*": 2.5, "college*": 1.5,
        "curriculum": 3, "tuition": 3, "campus": 2, "pupil*": 3, "classroom*": 3}),
    "environment": ("medtop:06000000", None, {
        "climate": 2.5, "emission*": 3, "carbon": 2.5, "pollut*": 3, "environment*": 2, "renewable*": 1.5,
        "fossil fuel*": 3, "wildlife": 2.5, "species": 2, "conservation*": 2.5, "greenhouse": 3, "deforest*": 3,
        "global warming": 3, "endangered": 2.5, "biodiversity": 3, "habitat*": 2.5, "ecosystem*": 3,
        "sea ice": 3}),
    "health": ("medtop:07000000", None, {
        "health": 1.5, "patient*": 2.5, "doctor*": 2, "disease*": 3, "vaccin*": 3, "virus*": 2.5, "cancer": 3,
        "medic*": 1.5, "drug*": 1, "infection*": 3, "pandemic": 3, "epidemic": 3, "addiction": 2.5,
        "overdose*": 3, "opioid*": 3, "mental health": 3, "hiv": 3, "symptom*": 3, "treatment*": 1.5,
        "surgery": 2.5, "clinic*": 2}),
    "health_care": ("medtop:20000480", "health", {
        "hospital*": 2, "health care": 2.5, "healthcare": 2.5, "health insurance": 3, "insurer*": 2.5,
        "Obamacare": 3, "Affordable Care Act": 3, "Medicaid": 3, "Medicare": 3, "NHS": 3, "health service*": 3,
        "waiting list*": 3, "premium*": 1.5, "coverage": 1.5, "uninsured": 3, "drug pric*": 3, "abortion*": 2}),
    "human_interest": ("medtop:08000000", None, {
        "celebrit*": 3, "royal": 2, "wedding*": 2.5, "birthday*": 2.5, "anniversary": 1.5, "heartwarming": 3,
        "bizarre": 2.5, "viral": 2, "obituar*": 3, "died peacefully": 3, "boyfriend*": 2, "girlfriend*": 2}),
    "labour": ("medtop:09000000", None, {
        "worker*": 2, "union*": 1.5, "wage*": 2.5, "salar*": 2, "employ*": 1.5, "labor": 2, "labour": 2,
        "layoff*": 3, "hiring": 2, "pension*": 2.5, "strike action": 3, "jobs": 1.5, "unemployment": 3,
        "workforce": 2.5, "staff": 1}),
    "lifestyle": ("medtop:10000000", None, {
        "travel*": 1.5, "tourism": 2.5, "tourist*": 2, "restaurant*": 2, "recipe*": 3, "fashion": 3, "holiday*": 1.5,
        "vacation*": 2.5, "hobby": 3, "dating": 3, "cooking": 2.5, "meal*": 2, "beauty": 2, "diet": 2}),
    "religion": ("medtop:12000000", None, {
        "church*": 3, "religio*": 3, "muslim*": 1.5, "christian*": 2, "islam": 2, "jewish": 2, "pope": 3,
        "mosque*": 3, "faith": 2, "bishop*": 3, "Eid": 2, "Ramadan": 3, "worship*": 3, "priest*": 3, "clergy": 3}),
    "science_technology": ("medtop:13000000", None, {
        "technolog*": 2, "scien*": 2.5, "research*": 1.5, "software": 3, "internet": 2, "social media": 2,
        "artificial intelligence": 3, "robot*": 3, "smartphone*": 3, "iPhone": 3, "data": 1, "cyber*": 3,
        "hack*": 2.5, "space": 1.5, "NASA": 3, "semiconductor*": 3, "algorithm*": 3, "computer*": 2.5,
        "online": 1, "telescope*": 3, "astronom*": 3, "physic*": 2.5, "satellite*": 2.5, "planet*": 2.5}),
    "society": ("medtop:14000000", None, {
        "human rights": 3, "immigra*": 2.5, "refugee*": 3, "migrant*": 3, "discriminat*": 3, "racis*": 3,
        "poverty": 3, "community": 1, "protest*": 2, "civil rights": 3, "gender": 2.5, "lgbt*": 3, "transgender": 3,
        "homeless*": 3, "family": 1, "welfare": 2.5, "deport*": 2.5, "asylum": 3, "minorit*": 2.5, "inequality": 3,
        "disabilit*": 2.5, "equality": 2}),
    "sport": ("medtop:15000000", None, {
        "game": 1, "season": 1, "team": 1, "coach*": 2.5, "player*": 2, "league": 3, "championship*": 3,
        "tournament*": 3, "olympic*": 3, "football": 3, "soccer": 3, "basketball": 3, "baseball": 3, "tennis": 3,
        "golf": 3, "NFL": 3, "NBA": 3, "score": 1, "goal": 1, "match": 1, "athlete*": 3, "quarterback": 3,
        "striker": 3, "midfielder": 3, "goalkeeper": 3, "cricket": 3, "rugby": 3, "medal*": 2.5, "stadium*": 2.5,
        "gymnast*": 3, "FIFA": 3, "UEFA": 3, "cup final": 3, "premier league": 3}),
    "weather": ("medtop:17000000", None, {
        "weather": 3, "forecast*": 2, "temperature*": 2, "storm*": 2, "rain*": 2, "snow*": 2.5, "heatwave": 3,
        "meteorolog*": 3, "blizzard*": 3, "degrees": 1.5}),
    "arts_culture": ("medtop:01000000", None, {
        "film*": 2.5, "movie*": 3, "music*": 2.5, "song*": 2.5, "album*": 3, "actor*": 3, "actress*": 3, "Oscar*": 3,
        "art": 1, "museum*": 3, "novel*": 2.5, "book*": 1.5, "theater": 2.5, "theatre": 2.5, "television": 2,
        "tv show*": 3, "concert*": 3, "singer*": 3, "Hollywood": 3, "festival*": 2, "media": 1, "newspaper*": 2,
        "journalis*": 2, "broadcast*": 2, "artist*": 2.5, "Grammy*": 3, "documentar*": 3}),
}
