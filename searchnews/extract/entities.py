"""Companies and persons mentioned in an article, as canonical names.

A gazetteer (package data, extendable with the user's own file) knows the names analysts care about
and their aliases; rules catch names it lacks (legal suffixes, job titles, "X said"). Regulators,
outlets and places are listed in the gazetteer as `ignore` so the rules never promote them.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path

from searchnews.errors import UserError

# Legal forms of the major jurisdictions (US/UK Inc/Corp/Plc, DE/AT/CH AG/GmbH/KGaA, FR/ES/BE SA/Cie, IT SpA/Srl,
# NL/BE NV/BV, Nordic AB/A/S/ASA/Oy/Oyj, JP KK, MY Bhd, ID Tbk, AU/SG Pty/Pte, BR Ltda, EU SE, partnerships LP).
LEGAL_SUFFIX = (
    r"(?:Inc\.?|Incorporated|Cos\b\.?|Ltd\.?|Limited|Corp\.?|Corporation|Co\.,? Ltd\.?|Co\.|Co\b|Company|Holdings?|"
    r"PLC|Plc|plc|LLC|L\.L\.C\.|LP\b|L\.P\.|AG|SE|SA|S\.A\.|N\.V\.|NV|B\.V\.|BV|GmbH|KGaA|SpA|S\.p\.A\.?|SPA|Srl|"
    r"AB|A/S|ASA|Oyj|Oy|KK|K\.K\.|Spa\b|Bhd|Berhad|Tbk|Pty|Pte|Ltda|SARL|Sarl|N\.A\.|Group)"
)
CAPITALISED = r"(?:[A-Z][\w&'’.-]*(?:/[A-Z][\w&'’.-]*)?|&)"  # a slash joins two names: 'Royal Dutch/Shell Group'
# Lower-case words inside a company's name: 'American Telephone and Telegraph Co', 'Cie de Saint-Gobain'.
NAME_CONNECTOR = r"(?:and|of|de|do|da|dos|das|du|des|der|la|del|di|van|von|y|et|für|fuer)"
COMPANY_BY_SUFFIX = re.compile(
    rf"\b(?P<name>{CAPITALISED}(?:[ \t]+(?:{NAME_CONNECTOR}[ \t]+)?{CAPITALISED}){{0,5}}?)[ \t]+"
    rf"(?P<suffix>(?:(?:and|&)[ \t]+(?=Co\b|Co\.|Company|Cie))?{LEGAL_SUFFIX}(?:[ \t]+(?:and[ \t]+)?{LEGAL_SUFFIX})*)(?![\w/-])"
)
# Legal forms written before the name: 'AB Volvo', 'Forsakrings AB Skandia', 'Cie du Midi', 'Ste Lyonnaise des Eaux'.
COMPANY_BY_PREFIX = re.compile(
    rf"\b(?P<form>AB|Cie|Compagnie|Ste|Societe|Société|Aktiebolaget|NV|N\.V\.|Banque|Banco|Banca|Bankhaus)[ \t]+"
    rf"(?P<name>(?:{NAME_CONNECTOR}[ \t]+)?[A-Z][\w&'’.-]*(?:[ \t]+(?:{NAME_CONNECTOR}[ \t]+)?[A-Z][\w&'’.-]*){{0,3}})"
)
# Bank words are part of the name ('Banque Nationale de Paris'); legal forms are not ('AB Volvo' is Volvo).
PREFIX_FORM = re.compile(r"(?:AB|Cie|Compagnie|Ste|Societe|Société|Aktiebolaget|NV|N\.V\.)[ \t]")
BANK_PREFIXES = frozenset({"Banque", "Banco", "Banca", "Bankhaus"})
CONNECTOR_SPLIT = re.compile(rf"[ \t]+{NAME_CONNECTOR}[ \t]+")
# A person's name: two to four capitalised words ('MacSharry', 'Leigh-Pemberton'), a particle before a surname
# ('Barend du Plessis', 'Miguel de la Madrid', 'Willy de Clercq').
NAME_WORD = r"[A-Z][a-z]+(?:[A-Z][a-z]+)?(?:-[A-Z]?[a-z]+)?"
NAME = rf"{NAME_WORD}(?:[ \t]+(?:(?:de la|van der|van den|de|du|van|von|del|da|di|dos|der|le)[ \t]+)?{NAME_WORD}){{1,3}}"
TITLE_WORDS = (
    r"(?:President|Premier|Vice Premier|Vice President|Minister|Vice Minister|Secretary|Chairman|Chairwoman|"
    r"Chair|CEO|Chief Executive|Chief Executive Officer|Founder|Co-founder|co-founder|founder|chairman|"
    r"Commissioner|Senator|Governor|Director|Professor|Dr\.|Mr\.|Ms\.|Mrs\.|[Aa]nalyst|[Pp]artner|[Ss]pokesman|"
    r"[Ss]pokeswoman|[Ss]pokesperson|[Ee]xecutive|[Ee]conomist|chief|Chancellor|Mayor|Ambassador|Judge|Justice|"
    r"Sen\.|Rep\.|Lawmaker|[Ss]trategist|[Ii]nvestor|[Ee]ntrepreneur|[Bb]illionaire|[Tt]ycoon|Treasurer)"
)
# One pass for 'Chairman Jane Roe' (a name) and 'President Xi' (a surname to resolve); the word boundary
# before the title is checked in code, which lets the regex engine skip ahead on the titles' first letters.
AFTER_TITLE = re.compile(rf"{TITLE_WORDS}\s+(?:(?P<name>{NAME})\b|(?P<surname>{NAME_WORD})\b(?!\s+[A-Z]))")
# The same, found fast (AFTER_TITLE alone cost ~0.13 ms per article: ~40 alternatives tried at every word):
# each word followed by a capitalised word is looked up among the titles' last words, then the name is matched.
TITLE_LAST_WORDS = frozenset(re.split(r"\s+", """
    President Premier Minister Secretary Chairman Chairwoman Chair CEO Executive Officer Founder Co-founder co-founder
    founder chairman Commissioner Senator Governor Director Professor Dr. Mr. Ms. Mrs. analyst Analyst partner Partner
    spokesman Spokesman spokeswoman Spokeswoman spokesperson Spokesperson executive economist Economist chief
    Chancellor Mayor Ambassador Judge Justice Sen. Rep. Lawmaker strategist Strategist investor Investor entrepreneur
    Entrepreneur billionaire Billionaire tycoon Tycoon Treasurer Mr Mrs Ms Miss Dr Sir Lord Lady
    minister president premier governor commissioner secretary chancellor leader Leader Ministers Presidents
    Premiers Leaders head King Queen Prince Princess Sheikh Ayatollah Pope""".strip()))
TITLE_WORDS_FOLDED = frozenset(word.casefold().strip(".") for word in TITLE_LAST_WORDS)
WORD_BEFORE_CAPITAL = re.compile(r"(?<![\w.])[A-Za-z]\w*\.?(?=\s+[A-Z])")  # 'vice-chairman': 'chairman'
NAME_AFTER_TITLE = re.compile(rf"\s+(?:(?P<name>{NAME})\b|(?P<surname>{NAME_WORD})\b(?!\s+[A-Z]))")


class TitleMatch:
    """'Chairman Jane Roe': the part of re.Match's interface the extractor uses (start = the title's)."""

    __slots__ = ("_start", "match")

    def __init__(self, start: int, match: re.Match[str]) -> None:
        self._start, self.match = start, match

    def start(self) -> int:
        return self._start

    def group(self, name: str) -> str | None:
        return self.match.group(name)

    __getitem__ = group

    def span(self, name: str) -> tuple[int, int]:
        return self.match.span(name)


def names_after_titles(text: str) -> list[TitleMatch]:
    found = []
    for word in WORD_BEFORE_CAPITAL.finditer(text):
        if word.group(0) in TITLE_LAST_WORDS:
            name = NAME_AFTER_TITLE.match(text, word.end())
            if name:
                found.append(TitleMatch(word.start(), name))
    return found


PERSON_BEFORE_ROLE = re.compile(
    rf"\b(?P<name>{NAME}),\s+(?:the\s+|a\s+|an\s+)?(?:[\w-]+\s+){{0,3}}?"
    r"(?:chief|CEO|chairman|chairwoman|founder|co-founder|president|minister|partner|analyst|director|head|"
    r"spokesperson|spokesman|spokeswoman|vice|professor|economist|secretary|commissioner|executive|senior|"
    r"managing|general|deputy|researcher|fellow|lawyer|official|strategist|manager|engineer|investor|adviser|"
    r"advisor|consultant|trader|scholar|member|owner|entrepreneur|billionaire|tycoon|who)\b"
)
# 'Nigel Lawson has told', 'Treasury secretary James Baker predicted', 'Willy de Clercq': a known given name, then
# a capitalised surname (an initial and a particle may come between).
NAME_PARTICLE = r"(?:de|van|von|da|di|del|du|de la|van der|bin|al)"
GIVEN_NAME_WORD = re.compile(rf"(?<![\w.'’-])[A-Z][a-z]+(?=[ \t]+(?:[A-Z]|{NAME_PARTICLE}[ \t]))")
SURNAME_WORD = r"[A-Z][a-z]+(?:[A-Z][a-z]+)?(?:-[A-Z][a-z]+)?(?!\w)"  # 'MacSharry' whole, never 'Mac'
FULL_NAME_AFTER_GIVEN = re.compile(
    rf"(?:[ \t]+[A-Z]\.)?[ \t]+(?:{NAME_PARTICLE}[ \t]+)?{SURNAME_WORD}(?:[ \t]+{NAME_PARTICLE}[ \t]+{SURNAME_WORD})?"
    r"(?!(?!['’]s\b)[\w&'’.-]*[ \t]+[A-Z&])"  # "Robert Maxwell's British Printing": the possessive ends the name
)


class GivenNameMatch:
    """'Nigel Lawson' found from its given name: the part of re.Match's interface the extractor uses."""

    __slots__ = ("_span",)

    def __init__(self, start: int, end: int) -> None:
        self._span = (start, end)

    def start(self) -> int:
        return self._span[0]

    def span(self, _: str = "name") -> tuple[int, int]:
        return self._span


def names_after_given_names(text: str) -> list[GivenNameMatch]:
    given = given_names()
    found = []
    for word in GIVEN_NAME_WORD.finditer(text):
        if word.group(0).casefold() in given:
            rest = FULL_NAME_AFTER_GIVEN.match(text, word.end())
            if rest:
                found.append(GivenNameMatch(word.start(), rest.end()))
    return found


@lru_cache(maxsize=1)
def given_names() -> frozenset[str]:
    text = resources.files("searchnews").joinpath("data/given_names.txt").read_text(encoding="utf-8")
    return frozenset(word for line in text.splitlines() if not line.startswith("#") for word in line.split())


@lru_cache(maxsize=1)
def place_names() -> frozenset[str]:
    """Countries, capitals and nationality words, folded: 'Cameroon says ... its' speaks for a country, never a
    company. Generated from data packages (scripts/make_places.py), not written by hand."""
    text = resources.files("searchnews").joinpath("data/places.txt").read_text(encoding="utf-8")
    return frozenset(line.strip().casefold() for line in text.splitlines() if line.strip() and not line.startswith("#"))


# 'the president of the Brazilian Coffee Institute, Jorio Dauster, said': a name set off after an office.
OFFICE_APPOSITION = re.compile(
    r"(?<!\w)(?:[Pp]resident|[Mm]inister|[Hh]ead|[Cc]hairman|[Gg]overnor|[Dd]irector|[Ss]ecretary|[Cc]hief|[Ll]eader|"
    r"[Cc]ommissioner|[Cc]hancellor)[ \t]+of[ \t]+(?:[\w'’.&-]+[ \t]+){0,7}?[\w'’.&-]+,[ \t]+"
    rf"(?P<name>{NAME})(?=[,.;])"
)
# 'Prime Ministers Zhao Ziyang of China and Anibal Cavaco Silva of Portugal': the second name after a plural office.
PLURAL_OFFICE_AND = re.compile(
    rf"(?:Presidents|Ministers|Premiers|Leaders|leaders|presidents|ministers)[ \t]+{NAME}"
    rf"(?:[ \t]+of[ \t]+[A-Z][\w.-]*(?:[ \t]+[A-Z][\w.-]*)?)?,?[ \t]+and[ \t]+(?P<name>{NAME})"
)
def at_word_start(text: str, position: int) -> bool:
    """The word boundary a pattern leaves to code: a leading \\b stops the regex engine skipping ahead on the
    pattern's first letters (SURNAME_SAID took 0.036 ms an article with it, 0.019 without)."""
    return not position or not (text[position - 1].isalnum() or text[position - 1] == "_")


def finditer_if_possible(pattern: re.Pattern[str], text: str) -> Iterable[re.Match[str]]:
    """pattern.finditer(text), skipped when the text lacks every literal that all its matches contain
    (REQUIRED_LITERALS): a few substring tests instead of the pattern tried at every position."""
    literals = REQUIRED_LITERALS.get(pattern)
    if literals is not None and not any(literal in text for literal in literals):
        return ()
    return pattern.finditer(text)


HE_OR_SHE = re.compile(r"[ \t]+(?:that[ \t]+)?(?:he|she)\b")
SURNAME_SAID = re.compile(r"(?P<surname>[A-Z][a-z]+(?:-[A-Z][a-z]+)?)\s+(?:said|says|told|added|argued)\b")
PERSON_SAID = re.compile(rf"\b(?P<name>{NAME})\s+(?:said|says|told|added|wrote|noted|argued)\b|\bsaid\s+(?P<name2>{NAME})\b")

# Words that make a capitalised phrase an organisation's name, not a person's ('Economic Affairs Commission').
ORG_WORDS = {
    "ministry", "commission", "department", "council", "bureau", "administration", "agency", "office", "committee",
    "authority", "court", "party", "congress", "parliament", "government", "university", "institute", "institution",
    "center", "centre", "school", "college", "academy", "association", "federation", "chamber", "foundation",
    "union", "organization", "organisation", "society", "board", "senate", "house", "police", "army", "navy",
    "bank", "securities", "capital", "group", "holdings", "company", "corp", "inc", "ltd", "fund", "research",
    "exchange", "index", "law", "act", "conference", "summit", "forum", "plan", "program", "programme", "initiative",
    "street", "road", "province", "city", "district", "zone", "area", "market", "markets", "news", "daily", "times",
    "post", "journal", "review", "weekly", "monthly", "media", "radio", "television", "tv", "network",
    "bot", "chatbot", "app", "model", "phone", "pay", "cloud", "platform",
}
ORG_WORDS |= {"plc", "ag", "sa", "nv", "bv", "spa", "srl", "ab", "asa", "oy", "oyj", "kk", "gmbh", "bhd", "tbk", "pty",
              "pte", "ltda", "llc", "lp", "co", "corporation", "limited", "incorporated", "bancorp", "cie"}
# Nationality and job words written before a name are not part of it ('Australian Lynton Crosby', 'Attorney Scott
# Christie'): dropped from the front of a candidate like office words.
DESCRIPTOR_WORDS = set(["american", "british", "english", "scottish", "welsh", "irish", "french", "german", "italian", "spanish", "portuguese", "dutch", "belgian", "swiss", "austrian", "swedish", "norwegian", "danish", "finnish", "icelandic", "polish", "czech", "slovak", "hungarian", "romanian", "bulgarian", "greek", "turkish", "russian", "ukrainian", "serbian", "croatian", "chinese", "japanese", "korean", "taiwanese", "indian", "pakistani", "bangladeshi", "indonesian", "malaysian", "thai", "vietnamese", "filipino", "singaporean", "australian", "canadian", "mexican", "brazilian", "argentine", "argentinian", "chilean", "colombian", "peruvian", "venezuelan", "cuban", "egyptian", "israeli", "palestinian", "iranian", "iraqi", "saudi", "kuwaiti", "syrian", "lebanese", "jordanian", "nigerian", "kenyan", "african", "european", "asian", "western", "arab", "attorney", "lawyer", "coach", "manager", "striker", "midfielder", "defender", "goalkeeper", "captain", "actor", "actress", "singer", "star", "director", "producer", "writer", "author", "novelist", "comedian", "presenter", "chef", "designer", "boss", "veteran", "champion", "player", "rival", "former", "ex", "new", "young", "teenager", "chancellor", "prime", "shadow", "tory", "labour", "conservative", "liberal", "democrat", "republican", "democratic", "spokesman", "spokeswoman", "secretary", "minister", "leader", "deputy", "senior", "general", "judge"])
# Words that end many company names ('Home Products', 'Phillips Petroleum', 'National Semiconductor'), never a
# person's name (surnames such as Steel, Power, Mills left out).
ORG_WORDS |= {"products", "petroleum", "oil", "gas", "chemical", "chemicals", "motor", "motors", "electric",
              "industries", "resources", "mining", "minerals", "communications", "stores", "foods", "insurance",
              "savings", "trust", "bancorp", "bancshares", "financial", "energy", "systems", "technologies",
              "laboratories", "pharmaceuticals", "instruments", "computer", "computers", "aviation", "realty",
              "properties", "railroad", "railway", "shipping", "paper", "telecommunications", "telephone", "telegraph",
              "utilities", "brands", "enterprises", "partners", "investors", "airlines", "airways", "airline",
              "semiconductor", "semiconductors", "electronics", "banco", "banque", "banca", "bankhaus", "cos"}
ORG_WORDS |= {"brothers", "services", "force", "forces", "international", "ministries", "departments", "agencies"}
# Words that name an office, not a person, when they start a three-word 'name' ('Secretary of State George
# Shultz said' -> 'State George Shultz'; 'Chancellor of the Exchequer Nigel Lawson'): the name is what follows.
OFFICE_WORDS = {
    "state", "exchequer", "treasurer", "treasury", "speaker", "undersecretary", "secretary", "general", "minister",
    "president", "chairman", "chairwoman", "governor", "senator", "representative", "judge", "commissioner",
    "director", "chancellor", "premier", "deputy", "sen", "rep", "admiral", "colonel", "lieutenant", "major",
    "captain", "sir", "lord", "lady", "mr", "mrs", "ms", "miss", "dr", "professor", "ambassador", "mayor", "king", "queen",
    "prince", "princess", "sheikh", "finance", "trade", "foreign", "defence", "defense", "agriculture", "energy",
    "commerce", "labor", "labour", "interior", "justice", "economy", "industry", "health", "transport",
}


CALENDAR_WORDS = frozenset({
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "january", "february", "march",
    "april", "may", "june", "july", "august", "september", "october", "november", "december"})
ORG_HEAD_WORD: re.Pattern[str] | None = None  # set below, once ORG_HEAD is defined


def is_org_word(token: str) -> bool:
    """'Ministry', 'ministries', 'Departments': a word that names an organisation, in either number."""
    if ORG_HEAD_WORD is not None and ORG_HEAD_WORD.fullmatch(token.strip(".,")):
        return True  # 'Marketing', 'Securities'
    token = token.casefold().strip(".,")
    return token in ORG_WORDS or (token.endswith("ies") and token[:-3] + "y" in ORG_WORDS) or (
        token.endswith("s") and token[:-1] in ORG_WORDS)


def person_name(name: str) -> str | None:
    """A rule's candidate as a person's name, or None: office words in front are dropped, and a name
    never crosses a line break nor holds a word that names an organisation ('Finance Ministry')."""
    if "\n" in name or "\r" in name:
        return None
    tokens = name.split()
    while len(tokens) > 2 and tokens[-1].casefold() in CALENDAR_WORDS:
        tokens.pop()  # "Treasury Secretary James Baker Monday"
    while len(tokens) > 1 and (tokens[0].casefold().strip(".") in OFFICE_WORDS
                               or tokens[0].casefold() in DESCRIPTOR_WORDS):
        tokens = tokens[1:]
    if any(is_org_word(token) for token in tokens):
        return None
    return " ".join(tokens)


# Organisations whose name says "not a company": governments, schools, think tanks, courts.
# A name made only of these is a fragment ('Co' of 'Merck and Co', 'Sons', 'International'), never a company.
GENERIC_COMPANY_WORDS = {
    "co", "corp", "corporation", "company", "inc", "incorporated", "ltd", "limited", "plc", "llc", "ag", "sa", "nv",
    "se", "gmbh", "group", "holding", "holdings", "sons", "international", "trust", "investment", "investments",
    "banking", "bank", "development", "financial", "finance", "and", "&", "banco", "banque", "banca", "bankhaus",
}
NON_COMPANY_WORDS = {
    "ministry", "commission", "department", "council", "bureau", "administration", "agency", "office", "committee",
    "authority", "court", "party", "congress", "parliament", "government", "university", "institute", "center",
    "centre", "school", "college", "academy", "association", "federation", "chamber", "foundation", "union",
    "organization", "organisation", "society", "regulator", "police", "army", "index", "exchange", "zone", "province",
    "law", "act", "conference", "summit", "forum", "plan", "initiative",
}
# Words that describe a bank or firm without naming it ('National Bank', 'Consumer Electronics', 'Many U.S. Bank').
GENERIC_ADJECTIVES = {
    "national", "central", "reserve", "federal", "state", "consumer", "commercial", "international", "global", "world",
    "economic", "many", "regional", "local", "foreign", "domestic", "private", "public", "major", "leading", "big",
    "new", "other", "several", "some", "two", "three", "european", "american", "british", "chinese", "japanese",
    "u.s.", "us", "uk", "u.k.", "west", "east", "north", "south", "western", "eastern", "asian", "african",
}
BANK_OF_PLACE = re.compile(r"[ \t]+of[ \t]+(?:the[ \t]+)?[A-Z][a-z]+(?:[ \t]+[A-Z][a-z]+)?(?![\w&-]|['’](?!s\b)|[ \t]+[A-Z&])")
LONGER_NAME_AFTER = re.compile(r"[ \t]+(?:for|of)[ \t]+(?:the[ \t]+)?[A-Z]")  # 'Internet Corporation for Assigned Names'
PRECEDED_BY_NAME_OF = re.compile(r"[A-Z][\w&'’.-]*[ \t]+of[ \t]+(?:the[ \t]+)?$")
FOLLOWED_BY_NAME = re.compile(r"[ \t]+(?:of[ \t]+)?[A-Z]")
# Central banks, development banks and monetary funds are public institutions, not companies.
INSTITUTION_WORDS = {"central", "reserve", "world", "development", "monetary", "settlements", "reconstruction",
                     "export-import", "eximbank"}


def non_company_head(tokens: list[str]) -> bool:
    """'Finance Ministry', 'Department of Energy', 'Writers Union': a word that names a non-company body, as the
    name's head (its last word, or the word before 'of'/'for'). Elsewhere it is part of a company's name
    ('Union Carbide Corp', 'May Department Stores Co')."""
    folded = [token.casefold().strip(".,") for token in tokens]
    return any(word in NON_COMPANY_WORDS and (index == len(folded) - 1 or folded[index + 1] in {"of", "for", "on"})
               and not (word == "association" and index and folded[index - 1] == "loan")  # a US thrift's legal name
               for index, word in enumerate(folded))


def is_institution(tokens: list[str]) -> bool:
    folded = {token.casefold().strip(".,") for token in tokens}
    return bool(folded & {"bank", "fund", "board", "system"}) and bool(folded & INSTITUTION_WORDS)


# Head nouns that end many company names the gazetteer cannot know ('Guotai Junan Securities', 'Hillview Capital').
ORG_HEAD = (
    r"(?:Securities|Capital|Bank|Research|Insights|Partners|Advisors|Advisers|Associates|Consulting|Management|"
    r"Investments|Technology|Technologies|Motors?|Mobility|Electronics|Semiconductors?|Marketing|Media|Labs|Systems|"
    r"Networks|Ventures|Financial|Insurance|Airlines|Pharmaceuticals?|Pharma|Energy|Logistics|Telecom|"
    r"Communications|Software|Robotics|Automotive|Entertainment|Brands|Foods|Properties|Industries|Chuxing|"
    r"Analytics|Microelectronics|Biotech|Therapeutics|Payments|Supermarkets?|Stores|Retail|Airways|Bancorp|"
    r"Bancorporation|Bancshares|Banks|Savings and Loan Association|Air Lines)"
)
ORG_HEAD_WORD = re.compile(ORG_HEAD)
CAP_TOKEN = r"[A-Z0-9][\w&'’.+-]*(?:/[A-Z][\w&'’.+-]*)?"
COMPANY_BY_HEAD = re.compile(
    rf"(?<![\w&'’.+-])(?P<name>(?:(?:{CAP_TOKEN}|[&+])[ \t]+){{1,4}}{ORG_HEAD}(?:[ \t]+(?:International|Global|Group|Holdings?))?)(?![\w-])"
)
ROLE_AT_COMPANY = re.compile(
    r"(?<!\w)(?:analyst|economist|strategist|partner|director|researcher|head|manager|executive|founder|chairman|"
    r"chairwoman|president|spokesperson|spokesman|spokeswoman|CEO|CFO|COO|CTO|engineer|adviser|advisor|consultant|"
    r"trader|chief|officer|investor|vice president|general manager)s?\s+(?:at|of|with|for)\s+"
    rf"(?P<name>{CAP_TOKEN}(?:[ \t]+(?:{CAP_TOKEN}|&))*)"
)
DESCRIPTOR_COMPANY = re.compile(
    r"(?<!\w)(?:firm|company|startup|start-up|maker|chipmaker|automaker|carmaker|platform|brand|subsidiary|rival|"
    r"operator|giant|provider|developer|retailer|marketplace|lender|insurer|conglomerate|supplier|manufacturer|arm|"
    r"affiliate|division|chain|"
    rf"foundry|app|service)\s+(?P<name>{CAP_TOKEN}(?:[ \t]+{CAP_TOKEN}){{0,3}})"
)
GROUP_COMPANY = re.compile(rf"\b(?P<q>[A-Za-z]+)[ \t]+group[ \t]+(?P<name>{CAP_TOKEN}(?:[ \t]+{CAP_TOKEN}){{0,3}})")
GROUP_QUALIFIERS = frozenset({"industrial", "engineering", "holding", "investment", "banking", "publishing", "food",
                              "drinks", "leisure", "construction", "packaging", "textile", "tobacco", "brewing",
                              "chemicals", "retail", "mining", "steel", "media", "technology", "consumer"})
NATIONALITIES = frozenset(word for word in DESCRIPTOR_WORDS if word.endswith(("an", "ish", "ese", "ch", "i", "ic"))) - {
    "coach", "comedian", "spokesman", "spokeswoman", "veteran", "democratic", "republican"}


def company_qualifier(word: str) -> bool:
    """The word before 'group' says what kind of company: a nationality, an industry or a company word."""
    word = word.casefold()
    return word in NATIONALITIES or word in GROUP_QUALIFIERS or is_org_word(word)


COMPANY_LIST = re.compile(
    r"\b(?:companies|firms|rivals|competitors|players|makers|chipmakers|automakers|carmakers|brands|peers|lenders|"
    r"suppliers|customers|investors|backers|shareholders)\s+(?:such as|including|like|led by)\s+"
    rf"(?P<items>{CAP_TOKEN}(?:[ \t]+{CAP_TOKEN})*(?:(?:,[ \t]+|,?[ \t]+and[ \t]+|,?[ \t]+or[ \t]+)(?:[a-z]+-(?:backed|owned|based)[ \t]+)?"
    rf"{CAP_TOKEN}(?:[ \t]+{CAP_TOKEN})*)*)"
)
# A name without a legal suffix is a company by what is said of it: 'Swissair said it', 'shares of Chevron',
# "Texaco's chief executive", 'Vendex, the Dutch retailer', 'Exxon shares rose'.
CONTEXT_NAME = rf"{CAP_TOKEN}(?:[ \t]+(?:(?:of|de|des|du|della)[ \t]+)?{CAP_TOKEN}){{0,3}}"
# Cues that follow the name, found first (a literal scan), then the name is read backwards from the cue.
CUE_AFTER_NAME = re.compile(
    # 'X said it'; results: 'Swissair reported a 5.8 pct drop', 'MCorp lost 82.1 mln dlrs' (one verb alternation)
    r"\b(?:said|says|reported|posted|announced|agreed|expects|plans|lost|earned)[ \t]+(?:its?\b"
    r"|(?:(?<=reported )|(?<=posted ))(?:an?|net|profits?|losses?|earnings|record|higher|lower)\b"
    r"|(?:(?<=lost )|(?<=earned ))\d[\d.,]*[ \t]+(?:mln|billion|million)\b)"
    r"|\b(?:shares|stock|chief executive|chairman|board|subsidiary|unit|stake|shareholders|earnings|profits?|"
    r"net income)\b"
    r"|,[ \t]+(?:the|an?)[ \t]+(?:[\w-]+[ \t]+){0,5}?(?:company|firm|maker|carmaker|automaker|airline|retailer|"
    r"insurer|conglomerate|producer|manufacturer|concern|utility|chain|lender|operator|brokerage|carrier|"
    r"subsidiary|unit|affiliate|division|bank|trust|partnership|holding company|investment group|supplier|refiner)\b"
)
NEXT_WORD = re.compile(r"[ \t]+([a-z]+)")
POSSESSIVE_END = re.compile(r"(?:['’]s?)?[ \t]+$")
# A company verb or noun whose object is a company: 'shares of Chevron', 'agreed to acquire Coastal Bancorp',
# 'merger with Hughes Tool', 'its offer for Piedmont Aviation', 'a unit of Cabot', 'owned by Elders IXL'.
# Found fast: every lower-case word before a capitalised one is looked up (one regex alternation of 30 cues tried
# at every position cost ~0.2 ms an article), then the name is matched where the cue ends.
CUE_VERBS = frozenset({"acquire", "acquired", "acquiring", "buy", "bought", "buying", "purchase", "purchased"})
CUE_PAIRS = {
    "of": frozenset({"shares", "stock", "stake", "holdings", "holding", "interest", "acquisition", "purchase", "takeover",
                     "sale", "unit", "subsidiary", "affiliate", "division", "parent"}),
    "in": frozenset({"shares", "stock", "stake", "holdings", "holding", "interest"}),
    "with": frozenset({"merger", "merge", "merged", "venture"}),
    "for": frozenset({"offer", "bid", "tender"}),
    "by": frozenset({"owned", "controlled", "managed"}),
}
WORD_BEFORE_NAME = re.compile(r"(?<![\w.'’-])([a-z]+)[ \t]+(?:the[ \t]+)?(?=[A-Z0-9])")
# WORD_BEFORE_NAME's matches whose word is a cue, found without stopping at the others (~3 of every 4): the word
# is a whole word (no word character before it, blanks after it), so only one alternative fits, and no cue ever
# lies inside another match (only 'the' may), so dropping the other matches changes none of these.
CUE_WORD_BEFORE_NAME = re.compile(
    rf"(?<![\w.'’-])({'|'.join(sorted(CUE_VERBS | CUE_PAIRS.keys()))})[ \t]+(?:the[ \t]+)?(?=[A-Z0-9])")
LAST_WORD = re.compile(r"([a-z]+)[ \t]+$")
CONTEXT_NAME_RE = re.compile(CONTEXT_NAME)


def cue_before_names(text: str) -> list[re.Match[str]]:
    """The names after 'acquire', 'shares of', 'merger with', 'offer for', 'owned by'... (matches of CONTEXT_NAME)."""
    found = []
    for word in CUE_WORD_BEFORE_NAME.finditer(text):
        cue = word[1]
        if cue not in CUE_VERBS:
            heads = CUE_PAIRS.get(cue)
            before = LAST_WORD.search(text, max(0, word.start() - 20), word.start()) if heads else None
            if not before or before[1] not in heads:
                continue
        name = CONTEXT_NAME_RE.match(text, word.end())
        if name:
            found.append(name)
    return found
COMMON_COMPOUND = re.compile(r"\b[A-Z][a-z]+-[a-z]")
PRONOUNS = frozenset({"it", "he", "she", "they", "we", "i", "you", "this", "that", "there"})


CAP_TOKEN_RE = re.compile(CAP_TOKEN)
CONTEXT_CONNECTORS = frozenset({"of", "de", "des", "du", "della"})


def name_before(text: str, start: int, end: int) -> tuple[str, int] | None:
    """The capitalised name (up to four words, 'of'/'de' between) that ends at `end`, read backwards
    within its line."""
    segment = text[start:end]
    segment = segment[segment.rfind("\n") + 1:]
    taken: list[str] = []
    capitals = 0
    for word in reversed(segment.split(" ")):
        if taken and SENTENCE_BREAK.search(f"{word} X"):
            break  # 'Challenger. It said it': the name starts after the sentence end
        if capitals < 4 and CAP_TOKEN_RE.fullmatch(word):
            taken.append(word)
            capitals += 1
        elif taken and word in CONTEXT_CONNECTORS:
            taken.append(word)
        else:
            break
    while taken and taken[-1] in CONTEXT_CONNECTORS:
        taken.pop()
    if not taken:
        return None
    name = " ".join(reversed(taken))
    return name, end - len(name)


PLACE_PREPOSITION = re.compile(r"(?<![\w.'’-])(?:in|at|from)[ \t]+$")


def names_by_context(text: str) -> list[tuple[str, int]]:
    """(name, start) of capitalised names that a company cue follows or precedes."""
    found = []
    for cue in CUE_AFTER_NAME.finditer(text):
        window_start, name_end = max(0, cue.start() - 80), cue.start()
        if text[name_end] != ",":
            gap = POSSESSIVE_END.search(text, window_start, name_end)
            if not gap:
                continue
            name_end = gap.start()
        name = name_before(text, window_start, name_end)
        if name and not (text.startswith("sa", cue.start()) and PLACE_PREPOSITION.search(text, window_start, name[1])):
            found.append(name)  # not 'Merrill Lynch in London said its': a place where someone spoke
    for match in cue_before_names(text):
        following = NEXT_WORD.match(text, match.end())
        if following and following[1].casefold() in NON_COMPANY_WORDS | {"government", "authorities", "officials"}:
            continue  # 'buy the Quebec government's stake': the name qualifies a body that is no company
        found.append((SENTENCE_BREAK.split(match.group(0))[0], match.start()))
    return found


# A share price move as market reports write it: 'Exxon climbed one to 88-3/8', 'Mobil one to 50-1/4', 'Texaco's
# stock fell 1/2 to 37-3/4'. A fraction in the move or the price is the sign of a quoted share (no index, rate or
# volume is quoted in eighths), so the name before it is a listed company.
SHARE_FRACTION = r"\d+-\d+/\d+|\d+/\d+"
SHARE_MOVE = re.compile(
    rf"(?<![\w.'’&/-])(?P<name>(?=[A-Z]){CAP_TOKEN}(?:[ \t]+{CAP_TOKEN}){{0,3}})(?:['’]s?)?(?:[ \t]+(?:stock|shares))?[ \t]+(?:(?:rose|fell|gained|climbed|"
    r"dropped|jumped|slipped|lost|added|eased|advanced|declined|firmed|slid|tumbled|soared|surged|was[ \t]+(?:up|down|"
    rf"off))[ \t]+)?(?P<move>{SHARE_FRACTION}|one|\d+)[ \t]+(?:points?[ \t]+)?to[ \t]+(?P<price>{SHARE_FRACTION}|\d+(?![\d.,/-]))"
)


LOWER_AFTER_HYPHEN = re.compile(r"-[a-z]")


def share_moves(text: str) -> list[tuple[str, int]]:
    """(name, start) of names whose quoted share price moved ('Amoco 1-7/8 to 84-1/8')."""
    return [(match["name"], match.start("name")) for match in SHARE_MOVE.finditer(text)
            if ("/" in match["move"] or "/" in match["price"]) and not LOWER_AFTER_HYPHEN.search(match["name"])]  # not '10-years', 'T-notes': a bond, not a company


# 'Swissair said that its traffic volume rose', 'Boeing said in a statement that its repairs were faulty',
# 'Swissair planned to have replaced its whole fleet': a one-word name that says, plans or expects something of
# "its" own, before any he/she/his/her, speaks for an organisation.
SAID_VERB = re.compile(r"[ \t](?:said|says|plans|planned|intends|intended|expects|expected|wants|hopes|decided)\b")
NAME_BEFORE_SAID = re.compile(r"(?<![\w.'’&-])[A-Z][a-z]+(?:[A-Z][a-z]+)?$")
ITS_AFTER_SAID = re.compile(r"(?:(?![ \t](?:he|she|his|her|him|they|their)\b)[^.\n;]){0,80}?[ \t]its[ \t]")
# 'Fiat Spa said its': 'Spa' ends a name; 'Merrill Lynch in London said its': a place
CAPITALISED_BEFORE = re.compile(r"(?:[A-Z][\w&'’.-]*(?<!\.)|\b(?:in|of|at|from|for|to|the))[ \t]+$")


def said_then_its(text: str) -> list[tuple[str, int]]:
    """(name, start) of one-word names that 'said ... its': no given name or initial before the word anywhere in
    the text ('A.W. Clausen'), no capitalised word, place preposition or 'the' just before it ('Fiat Spa',
    'in London', 'the Bishop'), nor a body that is no company ('research institute Ifo')."""
    found = []
    for verb in SAID_VERB.finditer(text):
        match = NAME_BEFORE_SAID.search(text, max(0, verb.start() - 30), verb.start())
        if not match or not ITS_AFTER_SAID.match(text, verb.end()):
            continue
        name, start = match.group(0), match.start()
        before = LAST_WORD.search(text, max(0, start - 30), start)
        if (name.casefold() in given_names() or has_first_name(text, name)
                or CAPITALISED_BEFORE.search(text, max(0, start - 40), start)
                or (before and before[1] in NON_COMPANY_WORDS)):
            continue
        found.append((name, start))
    return found


def has_first_name(text: str, surname: str) -> bool:
    """'A.W. Clausen' or 'Tom Clausen' anywhere in the text: 'Clausen said its' is the person.

    The matches of FIRST_NAME_BEFORE_SURNAME (with the surname put in), found without compiling a pattern per
    surname (a compile per call cost ~0.2 ms and evicted other patterns from the re cache)."""
    given = given_names()
    if not PLAIN_SURNAME.fullmatch(surname):  # never from said_then_its: the pattern itself, compiled once
        return any(before[1] or before[2].casefold() in given
                   for before in first_name_before_pattern(surname).finditer(text))
    return any(initial or word.casefold() in given for initial, word in first_names_before(text, surname))


FIRST_NAME_BEFORE_SURNAME = r"(?:([A-Z]\.)|([A-Z][a-z]+))\s+{}\b"
PLAIN_SURNAME = re.compile(r"[A-Z][A-Za-z]*[a-z]")  # a capital first and a lower-case letter last
ASCII_UPPER = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZ")
ASCII_LOWER = frozenset("abcdefghijklmnopqrstuvwxyz")


@lru_cache(maxsize=64)
def first_name_before_pattern(surname: str) -> re.Pattern[str]:
    return re.compile(FIRST_NAME_BEFORE_SURNAME.format(re.escape(surname)))


def first_names_before(text: str, surname: str) -> list[tuple[str, str]]:
    """(group 1, group 2; '' for None) of each match of FIRST_NAME_BEFORE_SURNAME, in finditer's order, read back from the
    surname's occurrences. For a surname of letters that opens with a capital and ends in a lower-case letter, a
    match ends at an occurrence with whitespace before it and no word character after it, and starts at the one
    word before that whitespace ('A.' or 'Tom'); such matches never interleave, so finditer's rule (the next match
    starts where the last ended, or later) is all that decides which are reported."""
    found: list[tuple[str, str]] = []
    resume = 0
    length = len(text)
    position = text.find(surname)
    while position >= 0:
        after = position + len(surname)
        if after < length and (text[after].isalnum() or text[after] == "_"):
            position = text.find(surname, position + 1)
            continue
        space = position
        while space > 0 and text[space - 1].isspace():
            space -= 1
        start = -1
        if space < position and space >= 2 and text[space - 1] == "." and text[space - 2] in ASCII_UPPER:
            start, groups = space - 2, (text[space - 2:space], "")
        elif space < position and space >= 2 and text[space - 1] in ASCII_LOWER:
            word = space - 1
            while word > 0 and text[word - 1] in ASCII_LOWER:
                word -= 1
            if word > 0 and text[word - 1] in ASCII_UPPER:
                start, groups = word - 1, ("", text[word - 1:space])
        if start >= resume:
            found.append(groups)
            resume = after
        position = text.find(surname, position + 1)
    return found


# A member may end in a lower-case 'plc' ('British Petroleum Co plc'); a list may be long (a program sale's 20 stocks).
COORDINATED_NAME = rf"{CAP_TOKEN}(?:[ \t]+{CAP_TOKEN}){{0,4}}(?:[ \t]+plc\b)?"
COORDINATION = re.compile(
    rf"(?<![\w&'’.+/-])(?:{COORDINATED_NAME}[ \t]?,[ \t]+){{0,20}}{COORDINATED_NAME},?[ \t]+(?:and|or)[ \t]+{COORDINATED_NAME}"
    rf"(?![\w&'’+/-]|[ \t]+{NAME_CONNECTOR}[ \t]+[A-Z])"  # 'and Banco de Mexico': the last name goes on
)
AND_BEFORE_CAPITAL = re.compile(r"[ \t](?:and|or)[ \t]+(?=[A-Z0-9])")
COORDINATION_SPLIT = re.compile(r"[ \t]?,?[ \t]+(?:and|or)[ \t]+|[ \t]?,[ \t]+")
LEGAL_TAIL = re.compile(rf"(?:[ \t]+{LEGAL_SUFFIX})+$")


def coordinations(text: str) -> list[tuple[list[tuple[str, int]], int]]:
    """Lists of capitalised names within a sentence ('Fujitsu Ltd, Oki, Sharp Corp and Toshiba Corp'):
    (items with their offsets, the list's start). A list never crosses a sentence end. Only lines with an
    'and'/'or' before a capital are searched (the list pattern tried everywhere cost ~0.1 ms an article)."""
    found = []
    lines: list[tuple[int, int]] = []
    for joint in AND_BEFORE_CAPITAL.finditer(text):
        if lines and joint.start() < lines[-1][1]:
            continue
        start = text.rfind("\n", 0, joint.start()) + 1
        end = text.find("\n", joint.end())
        lines.append((start, end if end >= 0 else len(text)))
    for match in (m for start, end in lines for m in COORDINATION.finditer(text, start, end)):
        chunk = match.group(0)
        if "\n" in chunk:
            continue
        items, position = [], 0
        for part in COORDINATION_SPLIT.split(chunk):
            position = chunk.find(part, position)
            items.append((part, position))
            position += len(part)
        if not any(SENTENCE_BREAK.search(item) for item, _ in items):
            found.append((items, match.start()))
    return found


LIST_HINT = re.compile(r" (?:such as|including|like|led by) [A-Z0-9]")
# 'U.S. Firm Amoco Corp', 'U.S. Publisher Harcourt Brace Jovanovich Inc': wire copy capitalises the description after
# 'U.S.'; no company's name opens with such a noun.
LEADING_NOISE = re.compile(r"^(?:(?:The|A|An|In|At|By|For|And|But|Of|Rival|Rivals|Chinese|US|U\.S\.)\s+|\S+-(?:based|backed|owned|listed|controlled)\s+"
                           r"|(?:Firm|Publisher|Conglomerate|Based|Concern)\s+(?=[A-Z]))+")
US_NAME = re.compile(r"U\.S\.[ \t]+[A-Z][\w&-]*(?:[ \t]+(?:Group|Holdings?))?")
CJK_CHAR = re.compile(r"[\u3400-\u9fff]")


@dataclass
class Gazetteer:
    """Canonical names by lower-cased surface form, and the names that are neither company nor person.

    `ambiguous` surface forms are also ordinary words ('Arm', 'Apple', 'Zoom'): they count only when
    written capitalised in the middle of a sentence of the body, never from a headline or a sentence start.
    """

    companies: dict[str, str] = field(default_factory=dict)
    persons: dict[str, str] = field(default_factory=dict)
    ignored: set[str] = field(default_factory=set)
    ambiguous: set[str] = field(default_factory=set)
    aliases: dict[str, list[str]] = field(default_factory=dict)
    _matcher: GazetteerMatcher | None = None
    _surnames: dict[str, str] | None = None

    def add_line(self, line: str, origin: str) -> None:
        parts = line.rstrip("\n").split("\t")
        if len(parts) < 2 or parts[0] not in {"company", "person", "ignore", "ambiguous"}:
            raise UserError(f"{origin}: expected 'company|person|ignore|ambiguous<TAB>Name<TAB>alias|alias'")
        kind, canonical = parts[0], parts[1].strip()
        aliases = [a.strip() for a in (parts[2] if len(parts) > 2 else "").split("|") if a.strip()]
        self._matcher = None
        self._surnames = None
        if kind == "ambiguous":
            self.ambiguous.update(name.casefold() for name in [*canonical.split("|"), *aliases] if name.strip())
            return
        if kind == "ignore":
            self.ignored.update(name.casefold() for name in [canonical, *aliases])
            return
        table = self.companies if kind == "company" else self.persons
        for surface in [canonical, *aliases]:
            table[surface.casefold()] = canonical
        self.aliases.setdefault(canonical, []).extend(aliases)

    def matcher(self) -> GazetteerMatcher:
        """The surface-form matcher, built once per gazetteer (a dict lookup per candidate word,
        not one regular expression with a thousand alternatives: ~50x faster on news text)."""
        if self._matcher is None:
            self._matcher = GazetteerMatcher({*self.companies, *self.persons, *self.ignored}, frozenset(self.ambiguous))
        return self._matcher


FORM_TOKEN = re.compile(r"\w+|[^\w\s]")
CJK_RUN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")


def form_key(tokens: list[str]) -> str:
    return " ".join(token.casefold().replace("’", "'") for token in tokens)


class GazetteerMatch:
    """A found surface form, with the part of re.Match's interface the extractor uses."""

    __slots__ = ("_end", "_start", "text")

    def __init__(self, start: int, end: int, text: str) -> None:
        self._start, self._end, self.text = start, end, text

    def group(self, _: int = 0) -> str:
        return self.text

    def start(self) -> int:
        return self._start

    def end(self) -> int:
        return self._end

    def span(self) -> tuple[int, int]:
        return self._start, self._end


class GazetteerMatcher:
    """Finds gazetteer surface forms in text, longest first, left to right, without overlaps.

    Latin-script forms match whole words ('Ant' is not found in 'Antique'); a hyphen may follow when a
    lower-case word comes next ('Geely-backed'). Chinese forms need no word boundary, since Chinese
    writes no spaces between words.
    """

    def __init__(self, forms: set[str], ambiguous: frozenset[str] = frozenset()) -> None:
        self.keys: set[str] = set()
        self.lengths: dict[str, list[int]] = {}  # first token -> token counts of forms starting with it
        cjk_forms = []
        for form in forms:
            if CJK_RUN.search(form):
                if form not in ambiguous:
                    cjk_forms.append(form)
                continue
            tokens = FORM_TOKEN.findall(form)
            if not tokens:
                continue
            self.keys.add(form_key(tokens))
            self.lengths.setdefault(form_key(tokens[:1]), []).append(len(tokens))
        for first, counts in self.lengths.items():
            self.lengths[first] = sorted(set(counts), reverse=True)
        cjk_forms.sort(key=len, reverse=True)
        self.cjk = re.compile("|".join(re.escape(form) for form in cjk_forms)) if cjk_forms else None

    def finditer(self, text: str) -> list[GazetteerMatch]:
        """Each candidate word's following tokens are read once, up to the longest form it may start and never
        past a gap (a line break or several spaces), and folded once; the forms are then tried longest first."""
        found: list[GazetteerMatch] = []
        lengths_of, keys = self.lengths, self.keys
        text_length = len(text)
        resume = 0  # matches never overlap: the next one starts after the last
        for first in CANDIDATE_START.finditer(text):
            start = first.start()
            if start < resume:
                continue
            word = first.group(0)
            lengths = lengths_of.get(word.casefold() if "’" not in word else form_key([word]))
            if not lengths:
                continue
            folded = [word.casefold().replace("’", "'")]
            ends = [first.end()]
            longest = lengths[0]
            if longest > 1:
                for token in FORM_TOKEN.finditer(text, ends[0]):
                    token_start, token_end = token.span()
                    if token_start - ends[-1] > 1:
                        break  # a form never spans a line break or a gap of several spaces
                    folded.append(token.group(0).casefold().replace("’", "'"))
                    ends.append(token_end)
                    if len(folded) == longest:
                        break
            available = len(folded)
            for length in lengths:
                if length > available:
                    continue
                if (" ".join(folded[:length]) if length > 1 else folded[0]) not in keys:
                    continue
                end = ends[length - 1]
                if end < text_length and text[end] == "-" and end + 1 < text_length and not text[end + 1].islower():
                    continue
                found.append(GazetteerMatch(start, end, text[start:end]))
                resume = end
                break
        if self.cjk is not None and CJK_RUN.search(text):
            found.extend(GazetteerMatch(m.start(), m.end(), m.group(0)) for m in self.cjk.finditer(text))
            found.sort(key=GazetteerMatch.start)
        return found


# A word that may start a surface form: not lower-case ASCII (forms are written capitalised), not after a hyphen.
CANDIDATE_START = re.compile(r"(?<![\w-])(?![a-z_])\w+")


def load_gazetteer_text(gazetteer: Gazetteer, text: str, origin: str) -> None:
    for number, line in enumerate(text.splitlines(), start=1):
        if line.strip() and not line.startswith("#"):
            gazetteer.add_line(line, f"{origin}:{number}")


@lru_cache(maxsize=8)
def load_gazetteer(extra_file: str | None = None) -> Gazetteer:
    gazetteer = Gazetteer()
    shipped = resources.files("searchnews").joinpath("data/entities.tsv").read_text(encoding="utf-8")
    load_gazetteer_text(gazetteer, shipped, "entities.tsv")
    if extra_file:
        try:
            user_text = Path(extra_file).read_text(encoding="utf-8")
        except OSError as error:
            raise UserError(f"{extra_file}: cannot read entities file ({error.strerror})") from None
        load_gazetteer_text(gazetteer, user_text, extra_file)
    return gazetteer


@dataclass
class Entities:
    companies: list[str]
    persons: list[str]


def is_sentence_start(text: str, position: int) -> bool:
    before = text[max(0, position - 3):position]
    return position == 0 or before.endswith(("\n", ". ", "? ", "! ", "\" ", "“", "\n\n")) or not before.strip()


# A results table row: a label, then figures compared with 'vs' ('Shr loss 10 cts vs profit seven cts',
# 'Net profit 78 mln N.Z. Dlrs vs 45 mln', 'Avg shrs 4,316,000 vs 4,207,000'). Its first word is the row's label.
RESULTS_ROW = re.compile(r"[^\n]*?\d[\d.,;]*[^\n]*?[ \t]vs\.?[ \t]+(?:profit[ \t]+|loss[ \t]+|total[ \t]+)?[\d.(]")


SPACES = re.compile(r"[ \t]+")


def row_label_length(text: str, position: int) -> int:
    """Characters of a results-table row label's first word at `position` (0 when none): 'Shr', 'Net', 'Revs'."""
    if position and text[position - 1] != "\n":
        return 0
    if not RESULTS_ROW.match(text, position):
        return 0
    space = SPACES.search(text, position)
    return (space.end() if space else len(text)) - position


RESULTS_NOUN_AFTER = re.compile(r"[ \t]+(?:profits?|loss(?:es)?|earnings|income)\b")
ROW_START = re.compile(r"^(?=[A-Z])", re.MULTILINE)


def results_row_labels(text: str) -> frozenset[str]:
    """The first words of a text's results-table rows: 'Net', 'Pretax', 'Operating' here are labels everywhere."""
    labels = set()
    for line in ROW_START.finditer(text):
        length = row_label_length(text, line.start())
        if length:
            labels.add(text[line.start():line.start() + length].strip())
    return frozenset(labels)


LOWER_WORD = re.compile(r"(?<![\w.'’-])[a-z]+(?![\w'’-])")


def lower_case_words(text: str) -> frozenset[str]:
    """The text's lower-case words, once per text (a regex per candidate cost ~0.03 ms an article)."""
    return frozenset(LOWER_WORD.findall(text))


def in_headline_case_line(text: str, position: int) -> bool:
    """Title Case lines ('Ant Group Gets Nod to Raise Capital for Consumer Finance Arm') capitalise every word."""
    start = text.rfind("\n", 0, position) + 1
    end = text.find("\n", position)
    words = [w for w in text[start:end if end >= 0 else len(text)].split() if w[:1].isalpha()]
    long_words = [w for w in words if len(w) > 3]
    return bool(long_words) and sum(w[0].isupper() for w in long_words) >= 0.8 * len(long_words) and len(words) < 30


CAPITAL_LINE_LEGAL = re.compile(r"\b(?:INC|CORP|CO|LTD|PLC|AG|SA|NV|SPA|AB|GMBH|CORPORATION|COMPANY|LIMITED)\b")
CAPITAL_WORD = re.compile(r"[A-Z][A-Z'’&-]+")
CAPITAL_CONNECTORS = frozenset({"AND", "OF", "DE", "DU", "DES", "DER", "LA", "DEL", "VON", "VAN"})


def capital_lines_in_title_case(text: str) -> str:
    """All-capital lines that name a legal form ('WEST CO INC SETS REGULAR PAYOUT') in title case, so that the
    legal-suffix rule reads them as it reads body text ('West Co Inc'); same length, so offsets hold. Words of
    three letters or fewer that are no legal form stay as they are (acronyms: 'GM', 'IBM')."""
    if not CAPITAL_LINE_LEGAL.search(text):
        return text
    lines = text.split("\n")
    for index, line in enumerate(lines):
        if CAPITAL_LINE_LEGAL.search(line) and not any(char.islower() for char in line):
            lines[index] = CAPITAL_WORD.sub(title_case_word, line)
    return "\n".join(lines)


def title_case_word(match: re.Match[str]) -> str:
    word = match.group(0)
    if word in CAPITAL_CONNECTORS:
        return word.lower()
    if len(word) <= 3 and not CAPITAL_LINE_LEGAL.fullmatch(word):
        return word
    return word[0] + word[1:].lower()


POSSESSIVE_S = re.compile(r"['’]s\b")
TRAILING_PREPOSITION = re.compile(r"\s+(?:in|on|at|said|says)$")


def tidy_company(name: str, keep_possessive: bool = False, keep_us: bool = False) -> str:
    """'Rival Ele.me,' -> 'Ele.me'; "Baidu's Intelligent Driving Group" -> 'Baidu'; trailing punctuation off.
    'U.S.' stays before a one-word name with a legal form if asked ('U.S. West Inc'); "Oliver's Stores" likewise."""
    name = SENTENCE_BREAK.split(name.strip())[-1]  # 'BDO Stoy Hayward. The Bank of England': after the sentence end
    if not (keep_us and US_NAME.fullmatch(name)):
        name = LEADING_NOISE.sub("", name)
    if not keep_possessive:
        name = POSSESSIVE_S.split(name, maxsplit=1)[0]
    name = TRAILING_PREPOSITION.sub("", name)
    return name.strip(" ,.;:'’\"”)(")


# One word that ends in 'corp' names a company by its form ('Citicorp', 'PacifiCorp', 'MCorp', 'Gencorp'): no
# person or place is so written. 'Bancorp' or 'Incorp' alone is the legal word itself.
CORP_WORD = re.compile(r"(?<![\w&'’.-])[A-Z][A-Za-z]*(?:corp|Corp)(?![\w&-])")
GENERIC_CORP_WORDS = frozenset({"bancorp", "bankcorp", "incorp"})
CAPITALISED_WORD_BEFORE = re.compile(r"(?<![.!?])[ \t][A-Z][\w&'’-]*[ \t]+$")
NEXT_CAPITALISED = re.compile(r"[ \t]+(?:of[ \t]+)?([A-Z][\w&'’.-]*)")
# The rules' small patterns, compiled once here rather than looked up in re's cache on every call.
LEADING_ARTICLE = re.compile(r"^(?:The|A|An)\s+")
POSSESSIVE_END_S = re.compile(r"['’]s$")
LEADING_FUNCTION_WORD = re.compile(r"^(?:The|A|An|In|At|By|For|And|But|Of)\s+")
POSSESSIVE_SPLIT = re.compile(r"['’]s[ \t]+")
TRAILING_AND = re.compile(r"[ \t]+(?:and|&)$")
AND_SPLIT = re.compile(r"[ \t]+(?:and|&)[ \t]+")
LEADING_CONNECTOR = re.compile(rf"^{NAME_CONNECTOR}[ \t]+")
BANK_NAME_SPLIT = re.compile(r"[ \t]+|d['’]")
NAME_CONNECTOR_RE = re.compile(NAME_CONNECTOR)
HYPHEN_ATTRIBUTE_END = re.compile(r"-(?:listed|based|owned|backed|controlled|traded)$")
LIST_ITEM_SPLIT = re.compile(r",?\s+and\s+|,?\s+or\s+|,\s+")


# Literals one of which every match of the pattern contains, read off its leading alternatives (a case-varying
# first letter left out: '[Pp]resident' -> 'resident'; a shared part for several: 'spokes', 'maker', 'Soci').
REQUIRED_LITERALS: dict[re.Pattern[str], tuple[str, ...]] = {
    COMPANY_BY_PREFIX: ("AB", "Cie", "Compagnie", "Ste", "Soci", "Aktiebolaget", "NV", "N.V.", "Banque", "Banco",
                        "Banca", "Bankhaus"),
    OFFICE_APPOSITION: ("resident", "inister", "Head", "head", "hairman", "overnor", "irector", "ecretary", "hief",
                        "eader", "ommissioner", "hancellor"),
    PLURAL_OFFICE_AND: ("residents", "inisters", "Premiers", "eaders"),
    ROLE_AT_COMPANY: ("analyst", "economist", "strategist", "partner", "director", "researcher", "head", "manager",
                      "executive", "founder", "chair", "president", "spokes", "CEO", "CFO", "COO", "CTO", "engineer",
                      "advis", "consultant", "trader", "chief", "officer", "investor", "vice", "general"),
    DESCRIPTOR_COMPANY: ("firm", "company", "startup", "start-up", "maker", "platform", "brand", "subsidiary", "rival",
                         "operator", "giant", "provider", "developer", "retailer", "marketplace", "lender", "insurer",
                         "conglomerate", "supplier", "manufacturer", "arm", "affiliate", "division", "chain",
                         "foundry", "app", "service"),
}


def extract_entities(text: str, gazetteer: Gazetteer) -> Entities:
    """Canonical companies and persons in order of first mention."""
    companies: dict[str, int] = {}
    persons: dict[str, int] = {}
    covered: list[tuple[int, int]] = []  # spans already taken by a known company or person
    shields: list[tuple[int, int]] = []  # spans of ignored names: a rule may not report exactly these
    for match in gazetteer.matcher().finditer(text):
        found = match.group(0)
        key = found.casefold()
        if not found[:1].isupper() and found[:1].isascii() and found[:1].isalpha():
            continue
        if key in gazetteer.ignored and key not in gazetteer.companies and key not in gazetteer.persons:
            shields.append(match.span())
            continue
        covered.append(match.span())
        if key in gazetteer.ambiguous and (
            is_sentence_start(text, match.start()) or in_headline_case_line(text, match.start())
            or (found.isupper() and len(found) > 3)
        ):
            continue
        if key in gazetteer.companies:
            companies.setdefault(gazetteer.companies[key], match.start())
        elif key in gazetteer.persons:
            persons.setdefault(gazetteer.persons[key], match.start())

    def overlaps(span: tuple[int, int], shielded: bool = True) -> bool:
        return any(start < span[1] and span[0] < end for start, end in covered) or (shielded and any(
            start <= span[0] and span[1] <= end for start, end in shields
        ))

    def contains_known_with_more(span: tuple[int, int]) -> bool:
        """'Chongqing Ant Consumer Finance Co.' holds 'Ant' but is a company of its own."""
        inner = [(start, end) for start, end in covered if span[0] <= start and end <= span[1]]
        partial = [(start, end) for start, end in covered if start < span[1] and span[0] < end and (start, end) not in inner]
        return bool(inner) and not partial and len(text[span[0]:span[1]].split()) >= 3 + sum(
            len(text[start:end].split()) for start, end in inner) - 1

    def known(name: str) -> bool:
        folded = name.casefold()
        return folded in gazetteer.ignored or folded in gazetteer.companies or folded in gazetteer.persons

    def add_company(raw_name: str, position: int, span: tuple[int, int] | None = None, legal_form: bool = False,
                    keep_possessive: bool = False) -> None:
        name = tidy_company(raw_name, keep_possessive, keep_us=legal_form)
        tokens = name.split()
        if span and name:
            inside = text.find(name, span[0], span[1] + 1)
            if inside >= 0:
                span = (inside, inside + len(name))
        if not name or len(name) < 2 or (span and overlaps(span, shielded=not legal_form)):
            if name.casefold() in gazetteer.companies:
                companies.setdefault(gazetteer.companies[name.casefold()], position)
            return
        folded = name.casefold()
        if folded in gazetteer.companies:
            companies.setdefault(gazetteer.companies[folded], position)
            return
        if folded in gazetteer.persons or (known(name) and not legal_form):
            return  # 'Reuters' is an outlet, 'Reuters Holdings Plc' a company: a written legal form decides
        if not any(char.isalpha() for char in name) or all(
                token.strip(".,").casefold() in GENERIC_COMPANY_WORDS | GENERIC_ADJECTIVES for token in tokens):
            if span:
                covered.append(span)  # nor may a person rule take 'Sons Co'
            return  # '125' or 'Co': a number or a fragment, not a company
        if non_company_head(tokens) or is_institution(tokens) or (not legal_form and folded in place_names()):
            return
        if "/" in name and any(part.strip().casefold() in gazetteer.ignored or is_institution(part.split())
                               for part in name.split("/")):
            return  # 'IMF/World Bank': a slash joining institutions names no company
        if not legal_form and (all(token.casefold() in gazetteer.ignored for token in tokens)
                               or (len(tokens) == 1 and tokens[0].casefold() in gazetteer.ignored)):
            return
        if name in persons:
            return
        companies.setdefault(name, position)
        if span:
            covered.append(span)

    owner_candidates: list[tuple[str, int]] = []  # owners ("Citicorp's Citibank NA") and left conjuncts
    owner_persons: list[tuple[str, int]] = []  # owners named like persons ("Rupert Murdoch's News Corp Ltd")
    suffix_text = capital_lines_in_title_case(text)
    for match in COMPANY_BY_SUFFIX.finditer(suffix_text):
        if " and " in match.group(0) and PARTNER_BEFORE.search(text, max(0, match.start() - 40), match.start()):
            covered.append(match.span())  # 'Goldman, Sachs and Co', 'Birr, Wilson and Co': partners' names, not 'Sachs'
            continue
        # A legal form proper (not only 'Group' / 'Holdings'), unless the whole name with it is a listed non-company
        # ('Commodity Credit Corp', a US agency).
        legal_form = bool(LEGAL_FORM_WORD.search(match["suffix"])) and LEADING_ARTICLE.sub(
            "", match.group(0)).casefold() not in gazetteer.ignored and not POSSESSIVE_END_S.search(
            match["name"]) and not LONGER_NAME_AFTER.match(suffix_text, match.end()) and not match[
            "suffix"].startswith("Company")  # 'a U.S. Company or companies'
        name = SENTENCE_BREAK.split(match["name"])[-1]  # 'London and Tokyo. Japan Air Lines Co'
        name = LEADING_FUNCTION_WORD.sub("", name).strip(" ,.'’")
        name_start = match.start("name") + match["name"].find(name)
        label = row_label_length(text, name_start)
        if label and len(name.split()) > 1:  # 'Shr Royal Dutch Petroleum Co 2.30 dlrs vs 2.90 dlrs'
            name, name_start = name[label:], name_start + label
        *owners, owned = POSSESSIVE_SPLIT.split(name)
        owned_words = owned.split()
        one_name = len(owned_words) == 1 and len(owners) == 1 and len(owners[0].split()) == 1 and (
            is_org_word(owned_words[0]) or owned_words[0].casefold() in GENERIC_COMPANY_WORDS)
        if (owners and owned and not one_name  # "Oliver's Stores Inc", "Heck's Inc": a possessive inside one name
                and (legal_form or CONNECTOR_SPLIT.split(owners[-1])[-1].casefold() in gazetteer.ignored)):
            # "Bombardier Inc's Canadair Ltd", "Robert Maxwell's British Printing Corp": the legal form closes the
            # owned company; the owner is a company (or a person, or a place: "Sweden's Electrolux AB") by the rules
            # that read it on its own. "Baidu's Intelligent Driving Group" stays Baidu's (no legal form).
            owner = owners[-1]
            owner_start = name_start + name.rfind(owner, 0, len(name) - len(owned))
            if looks_like_person_name(owner, gazetteer):
                owner_persons.append((owner, owner_start))  # "Rupert Murdoch's News Corp Ltd"
            elif CONNECTOR_SPLIT.split(owner)[-1].casefold() not in gazetteer.ignored:
                owner_candidates.append((owner, owner_start))
            name_start += len(name) - len(owned)
            name = owned
        name = AND_CO_TAIL.sub("", name)  # 'Merck and Co Inc' is Merck
        whole = name
        name = drop_leading_outsiders(name, gazetteer, companies)
        if name != whole and places_open_one_name(whole, text, name_start):
            name = whole  # 'Australia and New Zealand Banking Group Ltd'; not 'trade between Japan and Korea ...'

        if not name:
            continue
        if name != whole and name.casefold() in gazetteer.ignored:
            continue  # 'Export-Import Bank of Japan Ltd': a place ending a longer name
        if name != whole:  # 'Citicorp and Chase Manhattan Corp': the left side is a company of its own
            left = TRAILING_AND.sub("", whole[:len(whole) - len(name)].rstrip())
            if left and looks_like_company(left, gazetteer):
                owner_candidates.append((left, name_start))
        if match["suffix"].startswith("Group"):  # 'Shenzhen Metro Group Co.': Group is part of the name
            name = f"{name} Group"
        elif len(name.split()) == 1 and is_org_word(name) and legal_form:  # 'News Corp Ltd' is News Corp, not 'News'
            name = f"{name} {match['suffix'].split()[0]}"
        first = name.split()[0].casefold() if name.split() else ""
        if first in gazetteer.ignored and len(name.split()) == 1 and not legal_form:
            continue
        span = (name_start, match.end("name"))  # add_company narrows it to the name
        if overlaps(span) and contains_known_with_more(span):
            span = None
        if legal_form and name.casefold() in gazetteer.ignored and text[max(0, match.start() - 4):match.start()] == " of ":
            continue  # 'Occidental Life Insurance Co of Australia Ltd': a place closing a longer name
        add_company(name, match.start(), span, legal_form=legal_form, keep_possessive=one_name)
    for match in finditer_if_possible(COMPANY_BY_PREFIX, text):
        if in_headline_case_line(text, match.start()):
            continue
        written = AND_SPLIT.split(match["name"])[0]  # 'AB Volvo and Pharmacia AB': two companies
        name = LEADING_CONNECTOR.sub("", written)  # 'Cie des Machines Bull' is Machines Bull
        if match["form"] in BANK_PREFIXES:  # 'Banque Nationale de Paris'; never 'Banco de Mexico' (a central bank)
            rest = [t for t in BANK_NAME_SPLIT.split(name) if t and not NAME_CONNECTOR_RE.fullmatch(t)]
            if all(t.casefold() in gazetteer.ignored or t.casefold() in DESCRIPTOR_WORDS for t in rest):
                continue
            add_company(f"{match['form']} {written}", match.start(), (match.start(), match.start("name") + len(written)))
            continue
        add_company(name, match.start(), (match.start("name"), match.start("name") + len(written)), legal_form=True)
    for match in COMPANY_BY_HEAD.finditer(text):
        name = match["name"]
        if in_headline_case_line(text, match.start()):
            continue
        if PRECEDED_BY_NAME_OF.search(text, max(0, match.start() - 40), match.start()):
            continue  # 'National Association of Purchasing Management': the end of a longer name
        tokens = LEADING_NOISE.sub("", name).split()
        # 'Chinese Securities' or 'Central Bank' is a description, not a name: one specific word is needed
        if len([t for t in tokens[:-1] if t.casefold() not in gazetteer.ignored and t.casefold() not in GENERIC_ADJECTIVES
                and any(char.isalpha() for char in t)]) < 1:  # nor is '1986 Bank': a number is no name
            continue
        bank_of = BANK_OF_PLACE.match(text, match.end()) if tokens[-1] == "Bank" else None
        if bank_of and not is_institution(tokens):
            # 'Royal Bank of Canada', 'Industrial Bank of Japan': a specific word before 'Bank of' (never a central
            # bank's 'Bank of Japan' alone, nor 'National Bank of Belgium': 'National' is no specific word)
            add_company(name + bank_of.group(0), match.start(), (match.start("name"), bank_of.end()))
            continue
        if FOLLOWED_BY_NAME.match(text, match.end()):
            continue  # 'Consumer Electronics Show', 'National Bank of Kuwait': a fragment of a longer name
        add_company(name, match.start(), match.span("name"))
    for match in CORP_WORD.finditer(text) if "orp" in text else ():
        name = match.group(0)
        if (name.casefold() in GENERIC_CORP_WORDS or in_headline_case_line(text, match.start())
                or CAPITALISED_WORD_BEFORE.search(text, max(0, match.start() - 40), match.start())):
            continue  # 'Bancorp' alone is a word; 'First Citicorp ...' is the end of a longer name
        following = NEXT_CAPITALISED.match(text, match.end())
        if following and following[1].casefold() not in OFFICE_WORDS:
            continue  # 'Citicorp Investment Bank': a longer name; 'Citicorp Chairman John Reed' is Citicorp
        add_company(name, match.start(), match.span())
    for pattern in (ROLE_AT_COMPANY, DESCRIPTOR_COMPANY, GROUP_COMPANY):
        if pattern is GROUP_COMPANY and " group " not in text:
            continue  # its first word is any word: a scan of every position (~0.05 ms an article) for nothing
        for match in finditer_if_possible(pattern, text):
            if pattern is GROUP_COMPANY and not company_qualifier(match["q"]):
                continue  # 'French group Rhone-Poulenc', 'electronics group Philips'; not 'campaign group Liberty'
            name = tidy_company(match["name"])
            if in_headline_case_line(text, match.start()):
                continue
            first = name.split()[0].casefold().strip(".") if name.split() else ""
            if first in OFFICE_WORDS or first in TITLE_WORDS_FOLDED or first in CALENDAR_WORDS or first in stop_words():
                continue  # 'group Chairman John Roe', 'the firm Friday said'
            if name and not overlaps(match.span("name")) and not looks_like_person_name(name, gazetteer):
                add_company(name, match.start(), match.span("name"))
    stop = stop_words()
    lowers: list[frozenset[str]] = []

    def lower_words() -> frozenset[str]:
        if not lowers:
            lowers.append(lower_case_words(text))
        return lowers[0]

    row_labels = results_row_labels(text) if " vs" in text else frozenset()
    by_context: set[str] = set()  # found only from context: a person found later wins ("Volcker's board")

    def add_by_context(raw: str, start: int) -> None:
        """A name a company cue points at, unless it reads as a person, a place, an office or a function word."""
        tokens = raw.split()
        for cut, token in enumerate(tokens):  # 'Air U.K. But': a name ends before a function word
            if cut and token.casefold() in stop:
                tokens = tokens[:cut]
                break
        name = tidy_company(" ".join(tokens))
        start = max(start, text.find(name, start)) if name else start
        label = row_label_length(text, start)
        if label:  # 'Net profit 78 mln vs 45 mln', 'Avg shrs ...': a results-table row, not a name
            name = name[label:].strip()
            start += label
        if len(name.split()) == 1 and (name in row_labels or (is_sentence_start(text, start) and (
                name.casefold() in lower_words() or RESULTS_NOUN_AFTER.match(text, start + len(name))))):
            # 'Operating profit rose' beside 'operating profit', 'Pretax profits also dipped', 'Operating profit
            # includes -' under a table whose rows open with 'Operating': a figure's qualifier, not a name
            return
        bare = LEGAL_TAIL.sub("", name)
        legal_form = bare != name and bool(LEGAL_FORM_WORD.search(name[len(bare):]))
        span = (start, start + len(name))
        tokens = name.split()
        if (not tokens or tokens[0].casefold() in stop or tokens[0].casefold() in PRONOUNS
                or HYPHEN_ATTRIBUTE_END.search(name)
                or tokens[0].casefold() in given_names()
                or (tokens[0].casefold() in DESCRIPTOR_WORDS  # 'Japanese Nissan' no, 'American Home Products' yes
                    and (len(tokens) == 1 or looks_like_person_name(" ".join(tokens[1:]), gazetteer)
                         or all(token.casefold().removesuffix("s") in DESCRIPTOR_WORDS for token in tokens)  # 'Liberal Democrat'
                         or " ".join(tokens[1:]).casefold() in gazetteer.companies))
                or tokens[0].casefold() in OFFICE_WORDS or name.casefold() in gazetteer.persons or name in persons
                or overlaps(span) or in_headline_case_line(text, start) or (name.isupper() and len(name) > 5)
                or COMMON_COMPOUND.search(name)):  # 'buy U.S. Super-computers': a capitalised common noun
            return
        if legal_form:  # 'a subsidiary of Reuters Holdings Plc': the legal form closes the name
            add_company(AND_CO_TAIL.sub("", bare), start, legal_form=True)
            return
        if name not in companies:
            by_context.add(name)
        add_company(name, start)  # no span taken: a person rule may still claim the word ("Maxwell said it")

    said_its = said_then_its(text) if " its " in text else []
    moves = share_moves(text) if "/" in text and " to " in text else []
    for raw, start in [*names_by_context(text), *owner_candidates, *said_its, *moves]:
        add_by_context(raw, start)
    for items, start in coordinations(text) if " and " in text or " or " in text else ():
        # 'Sun Co, Phillips Petroleum and Diamond Shamrock said': a member of a list with a company is a company
        # A one-word member needs two companies in the list and no one-word neighbour outside them: 'Kerdix Inc,
        # Boulder, Colorado, and Nakamichi Corp' (a city, a state) and 'Merrill Lynch, Pierce, Fenner and Smith'
        # (partners' names) give nothing; 'Mitsubishi Corp, Oki, Sharp Corp and Toshiba Corp' gives Oki.
        names = [tidy_company(AND_CO_TAIL.sub("", LEGAL_TAIL.sub("", item))) for item, _ in items]
        is_company = [name in companies or name.casefold() in gazetteer.companies for name in names]
        single = [len(name.split()) == 1 and not member for name, member in zip(names, is_company, strict=True)]
        for index, (item, offset) in enumerate(items):
            if is_company[index] or not any(is_company):
                continue
            with_form = any(member and LEGAL_TAIL.search(item) for member, (item, _) in zip(is_company, items, strict=True))
            mostly_companies = sum(is_company) >= 4 and 4 * sum(is_company) >= len(items)  # a long list of stocks
            if single[index] and ((sum(is_company) < 2 and (len(items) > 2 or not with_form)) or (not mostly_companies and (
                    (index and single[index - 1]) or (index + 1 < len(items) and single[index + 1])))):
                continue
            add_by_context(item, start + offset)
    for match in COMPANY_LIST.finditer(text) if LIST_HINT.search(text) else ():
        offset = match.start("items")
        for item in LIST_ITEM_SPLIT.split(match["items"]):
            position = offset + match["items"].find(item)
            span = (position, position + len(item))
            if item and not overlaps(span):
                add_company(item, position, span)

    after_title = names_after_titles(text)
    surname_forms: list[tuple[str, int, bool]] = []  # ('Blair', position, written after a title or honorific)
    person_spans: list[tuple[int, int]] = []
    by_given_name = names_after_given_names(text)
    for pattern, group_names in ((None, ("name",)), (PERSON_BEFORE_ROLE, ("name",)), (PERSON_SAID, ("name", "name2")),
                                 (GIVEN_NAME_WORD, ("name",)), (OFFICE_APPOSITION, ("name",)),
                                 (PLURAL_OFFICE_AND, ("name",))):
        matches = (after_title if pattern is None else by_given_name if pattern is GIVEN_NAME_WORD
                   else [m for m in finditer_if_possible(PLURAL_OFFICE_AND, text) if at_word_start(text, m.start())]
                   if pattern is PLURAL_OFFICE_AND else finditer_if_possible(pattern, text))
        for match in matches:
            for group in group_names:
                raw_name = text[slice(*match.span())] if pattern is GIVEN_NAME_WORD else match.group(group)
                name = person_name(raw_name) if raw_name else None
                if not name:
                    continue
                span = match.span(group)
                span = (span[1] - len(name), span[1])  # office words dropped from the front
                if overlaps(span) or known(name):
                    continue
                tokens = [token.casefold() for token in name.split()]
                if any(token in gazetteer.ignored for token in tokens):
                    continue
                if name in companies:
                    continue
                if len(tokens) == 1:  # 'Mr Blair said': a surname, resolved below
                    surname_forms.append((name, span[0], pattern is None or raw_name != name))
                    continue
                persons.setdefault(name, span[0])
                person_spans.append(span)
    for owner, start in owner_persons:
        name = person_name(owner)
        if name and not known(name) and (name not in companies or name in by_context) and not overlaps(
                (start, start + len(owner))):
            persons.setdefault(name, start)
            person_spans.append((start, start + len(owner)))
    surname_forms += [(m["surname"], m.span("surname")[0], True) for m in after_title if m["surname"]]
    surname_said = [m for m in SURNAME_SAID.finditer(text) if at_word_start(text, m.start())]
    surname_forms += [(m["surname"], m.start("surname"), False) for m in surname_said]
    # 'Stephens said he grew up ...': the surname of a full name found as a company speaks of himself or herself
    speaks_of_self = frozenset(m["surname"] for m in surname_said if HE_OR_SHE.match(text, m.end()))
    surname_forms = [form for form in surname_forms  # 'President Richard von Weizsaecker': not 'Richard'
                     if not any(start <= form[1] < end for start, end in person_spans)]
    # a company known only from context never hides a titled surname ('President Reagan' after 'talks with Reagan')
    add_surname_forms(text, surname_forms, persons, {n: p for n, p in companies.items() if n not in by_context},
                      gazetteer, overlaps, by_context & companies.keys(), speaks_of_self)
    person_words = {word for person in persons for word in person.split()}
    full_names = tuple(f" {person}" for person in persons if " " in person)
    for name in by_context & companies.keys():
        if name in persons or name in person_words or (name.endswith(full_names) and ends_with_person(name, persons)):
            del companies[name]
    return Entities(
        companies=sorted(companies, key=companies.__getitem__),
        persons=sorted(persons, key=persons.__getitem__),
    )


FIRST_NAME = r"[A-Z][a-z]+(?:-[A-Z][a-z]+)?(?:[ \t]+[A-Z]\.)?"


def add_surname_forms(text: str, forms: list[tuple[str, int, bool]], persons: dict[str, int],
                      companies: dict[str, int], gazetteer: Gazetteer, overlaps,
                      context_companies: set[str] | frozenset[str] = frozenset(),
                      speaks_of_self: frozenset[str] = frozenset()) -> None:
    """'Mr Blair', 'President Reagan', 'Reagan said' name the person whose full name the article gives
    ('Tony Blair' -> one person); without one, a known person of the gazetteer with that surname; else, after a
    title or honorific, the surname itself (one form for every article). A bare 'X said' with neither names
    nobody for sure ('Texaco said'), and a word that is a company, place or institution is never a surname."""
    if not forms:
        return
    full_by_surname: dict[str, str] = {}
    for person in sorted(persons, key=persons.__getitem__):
        tokens = person.split()
        if len(tokens) >= 2:
            full_by_surname.setdefault(tokens[-1], person)
    for person in sorted(persons, key=persons.__getitem__):
        for token in person.split()[:-1]:  # 'Ng said' after 'Kenny Ng Lai-yin', 'President Xi' after 'Xi Jinping'
            full_by_surname.setdefault(token, person)
    company_words = {word for company in companies for word in company.split()[:1]}
    surnames = surname_index(gazetteer)
    stop = stop_words()
    pairs: dict[str, tuple[str, int]] | None = None
    for surname, position, titled in sorted(forms, key=lambda form: form[1]):
        folded = surname.casefold()
        if (surname in company_words or folded in gazetteer.companies or folded in gazetteer.ignored
                or folded in stop or folded in OFFICE_WORDS or folded in DESCRIPTOR_WORDS or is_org_word(surname)
                or overlaps((position, position + len(surname)))):
            continue
        if surname not in full_by_surname:
            if pairs is None:
                pairs = first_names_by_surname(text, gazetteer, stop, overlaps)
            if surname in pairs:
                full, start = pairs[surname]
                if (not titled and surname not in speaks_of_self and full in context_companies
                        and full.split()[0].casefold() not in given_names()):
                    continue  # 'Club Mediterranee said it planned': no given name, and a company cue: a company
                full_by_surname[surname] = full  # 'Tony Blair' once, then 'Mr Blair'
                persons.setdefault(full, start)
        if surname in full_by_surname:
            continue
        canonical = surnames.get(surname)
        if canonical:
            persons.setdefault(canonical, position)
        elif titled and surname not in persons:
            persons.setdefault(surname, position)


def ends_with_person(name: str, persons: dict[str, int]) -> bool:
    """'Bonn. Nigel Lawson', 'Bancorp Chairman Alfred Lerner': a context name read back past a sentence end or an
    office to a person's full name is the person (not 'Regie Nationale des Usines Renault' for 'Usines Renault')."""
    for person in persons:
        if " " in person and name.endswith(f" {person}"):
            before = name[:-len(person)].split()
            if before and (before[-1].endswith(".") or before[-1].casefold() in OFFICE_WORDS | TITLE_WORDS_FOLDED):
                return True
    return False


FIRST_AND_SURNAME = re.compile(rf"\b(?=(?P<first>{FIRST_NAME})[ \t]+(?P<surname>[A-Z][a-z]+(?:-[A-Z][a-z]+)?)\b)")


def first_names_by_surname(text: str, gazetteer: Gazetteer, stop: frozenset[str], overlaps) -> dict[str, tuple[str, int]]:
    """Every 'First Surname' pair of the article, first one per surname, in one pass."""
    pairs: dict[str, tuple[str, int]] = {}
    for match in FIRST_AND_SURNAME.finditer(text):
        surname = match["surname"]
        if surname in pairs:
            continue
        first = match["first"].split()[0].casefold()
        if (first not in stop and first not in OFFICE_WORDS and first not in DESCRIPTOR_WORDS
                and first not in TITLE_WORDS_FOLDED and not is_org_word(first) and first not in gazetteer.ignored
                and not overlaps((match.start(), match.end("surname")))):
            pairs[surname] = (f"{match['first']} {surname}", match.start())  # overlapping: 'President Tony Blair'
    return pairs


@lru_cache(maxsize=1)
def stop_words() -> frozenset[str]:
    """English function words ('The', 'When' before a surname are no first name), from the package data."""
    text = resources.files("searchnews").joinpath("data/stopwords.txt").read_text(encoding="utf-8")
    return frozenset(line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#"))


# Words that head an 'X of Company' phrase at a sentence start ('Shareholders of Montedison SpA').
OF_HEADS = frozenset({"shares", "shareholders", "holders", "owners", "owner", "units", "unit", "subsidiary", "parts",
                      "part", "sale", "sales", "purchase", "acquisition", "customers", "users", "staff", "workers",
                      "employees", "creditors", "bondholders", "investors", "partners", "clients", "head", "chief"})
PARTNER_BEFORE = re.compile(r"[A-Z][a-z][\w.&'’-]*,[ \t]+$")
AND_CO_TAIL = re.compile(r"(?:[ \t]+(?:and|&)[ \t]+(?:Co\.?|Company|Sons|Cie))+$")
LEGAL_WORD = re.compile(rf"(?:^|[ \t]){LEGAL_SUFFIX}$")


# A legal form proper, not only 'Group' / 'Holdings' (which also name a division: "Baidu's Intelligent Driving Group").
LEGAL_FORM_WORD = re.compile(r"(?!Group\b|Holdings?\b)\b[A-Za-z]")
# A sentence ends inside a run of capitalised words: 'London and Tokyo. Japan Air Lines', 'Challenger. It said' (a
# word of five letters or more, or a number, before the full stop; 'Alex. Brown', 'U.S. Steel', 'Corp.' are no end).
SENTENCE_BREAK = re.compile(r"(?:(?<=[A-Za-z][a-z]{4}\.)|(?<=\d\.))[ \t]+(?=[A-Z])")
# Words that end company names often enough to tell 'Citicorp and Chase Manhattan Corp' (two companies) from
# 'American Telephone and Telegraph Co' (one): a left side ending so is a company of its own.
COMPANY_END = re.compile(rf"(?:{ORG_HEAD}|[A-Z]\w*(?:corp|Corp|bancorp|Bancorp|Bancshares|Banking|Bank))$")


def looks_like_company(name: str, gazetteer: Gazetteer) -> bool:
    """A left conjunct worth reporting: a known company, or capitalised words ending like a company's name."""
    folded = name.casefold()
    if folded in gazetteer.companies:
        return True
    tokens = name.split()
    return (0 < len(tokens) <= 4 and all(t[:1].isupper() for t in tokens) and bool(COMPANY_END.search(name))
            and folded not in gazetteer.ignored and folded not in gazetteer.persons)


AND_JOINT = re.compile(r"[ \t]+(?:and|&)[ \t]")
NAME_RE = re.compile(NAME)


def drop_leading_outsiders(name: str, gazetteer: Gazetteer, found: dict[str, int] | None = None) -> str:
    """The company a suffix closes starts after the last connector whose left side is something else:
    'IBM and Apple Inc' (a known company or one found earlier), 'Chrysler Corp and Jeep Inc' (a name with its own
    suffix), 'Citicorp and Chase Manhattan Corp' (a left side ending like a company's name), 'Standard Chartered
    Bank and Oversea-Chinese Banking Corp' (two names of two words or more each), 'Chairman of Fisons Plc' (an
    office) -> the right side. 'American Telephone and Telegraph Co', 'Candlewood Bank and Trust Co' stay whole."""
    while True:
        parts = CONNECTOR_SPLIT.split(name, maxsplit=1)
        if len(parts) < 2:
            return name
        left, right = parts
        folded = left.casefold()
        last = folded.split()[-1].strip(".,")
        and_joint = bool(AND_JOINT.match(name[len(left):]))
        right_first = right.split()[0].casefold().strip(".,") if right.split() else ""
        if (folded in gazetteer.companies or folded in gazetteer.persons or folded in gazetteer.ignored
                or LEGAL_WORD.search(left) or PREFIX_FORM.match(left) or last in OFFICE_WORDS
                or last in TITLE_WORDS_FOLDED or last in OF_HEADS or last in stop_words()
                or (and_joint and right_first not in GENERIC_COMPANY_WORDS and (
                    (found is not None and left in found) or COMPANY_END.search(left)
                    or (len(left.split()) >= 2 and len(right.split()) >= 2)))):
            name = right
            continue
        return name


PLACE_AND = re.compile(r"(?P<left>[A-Z][\w.-]*(?:[ \t][A-Z][\w.-]*){0,2})[ \t]+and[ \t]+(?P<right>.+)")
PREPOSITION_BEFORE = re.compile(r"(?<![\w'’-])(?:in|into|to|from|at|with|between|across|and|or)[ \t]+$", re.I)


def places_open_one_name(name: str, text: str, start: int) -> bool:
    """'Australia and New Zealand Banking Group': a place, 'and', and a place that opens the rest is one name,
    unless a preposition before it makes the first place a place of the sentence ('between Japan and ...')."""
    match = PLACE_AND.fullmatch(name)
    if not match or match["left"].casefold() not in place_names() or PREPOSITION_BEFORE.search(
            text, max(0, start - 12), start):
        return False
    words = match["right"].casefold().split()
    return any(" ".join(words[:count]) in place_names() for count in range(1, min(3, len(words) - 1) + 1))


def looks_like_person_name(name: str, gazetteer: Gazetteer) -> bool:
    """'Wang Xing' or 'Tim Cook' after 'founder of' is a person, not a company."""
    return name.casefold() in gazetteer.persons or (bool(NAME_RE.fullmatch(name)) and not ORG_HEAD_WORD.search(name)
                                                    and not any(is_org_word(token) for token in name.split()))


def surname_index(gazetteer: Gazetteer) -> dict[str, str]:
    """Surnames that point at exactly one known person ('President Xi' -> Xi Jinping), built once."""
    if gazetteer._surnames is None:
        owners: dict[str, set[str]] = {}
        for canonical in set(gazetteer.persons.values()):
            tokens = canonical.split()
            if len(tokens) >= 2:
                for token in (tokens[0], tokens[-1]):
                    owners.setdefault(token, set()).add(canonical)
        gazetteer._surnames = {name: next(iter(people)) for name, people in owners.items() if len(people) == 1}
    return gazetteer._surnames
