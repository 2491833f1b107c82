"""Companies and persons mentioned in an article, as canonical names.

A gazetteer (package data, extendable with the user's own file) knows the names analysts care about
and their aliases; rules catch names it lacks (legal suffixes, job titles, "X said"). Regulators,
outlets and places are listed in the gazetteer as `ignore` so the rules never promote them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path

from searchnews.errors import UserError

LEGAL_SUFFIX = (
    r"(?:Inc\.?|Incorporated|Ltd\.?|Limited|Corp\.?|Corporation|Co\.,? Ltd\.?|Co\.|Company|Holdings?|"
    r"PLC|plc|LLC|L\.L\.C\.|AG|SE|SA|S\.A\.|N\.V\.|NV|GmbH|Group)"
)
CAPITALISED = r"(?:[A-Z][\w&'’.-]*|&)"
COMPANY_BY_SUFFIX = re.compile(
    rf"\b(?P<name>{CAPITALISED}(?:\s+{CAPITALISED}){{0,3}}?)\s+(?P<suffix>{LEGAL_SUFFIX}(?:\s+{LEGAL_SUFFIX})*)(?![\w])"
)
NAME = r"[A-Z][a-z]+(?:-[A-Z]?[a-z]+)?(?:\s+[A-Z][a-z]+(?:-[A-Z]?[a-z]+)?){1,2}"
TITLE_WORDS = (
    r"(?:President|Premier|Vice Premier|Vice President|Minister|Vice Minister|Secretary|Chairman|Chairwoman|"
    r"Chair|CEO|Chief Executive|Chief Executive Officer|Founder|Co-founder|co-founder|founder|chairman|"
    r"Commissioner|Senator|Governor|Director|Professor|Dr\.|Mr\.|Ms\.|Mrs\.|analyst|partner|spokesman|"
    r"spokeswoman|spokesperson|executive|economist|chief)"
)
PERSON_AFTER_TITLE = re.compile(rf"\b{TITLE_WORDS}\s+(?P<name>{NAME})\b")
PERSON_BEFORE_ROLE = re.compile(
    rf"\b(?P<name>{NAME}),\s+(?:the\s+|a\s+|an\s+)?(?:[\w-]+\s+){{0,3}}?"
    r"(?:chief|CEO|chairman|chairwoman|founder|co-founder|president|minister|partner|analyst|director|head|"
    r"spokesperson|spokesman|spokeswoman|vice|professor|economist|secretary|commissioner|executive|senior|"
    r"managing|general|deputy|researcher|fellow|lawyer|official)"
)
PERSON_SAID = re.compile(rf"\b(?P<name>{NAME})\s+(?:said|says|told|added|wrote|noted|argued)\b|\bsaid\s+(?P<name2>{NAME})\b")
SURNAME_WITH_TITLE = re.compile(rf"\b{TITLE_WORDS}\s+(?P<surname>[A-Z][a-z]+)\b(?!\s+[A-Z])")


@dataclass
class Gazetteer:
    """Canonical names by lower-cased surface form, and the names that are neither company nor person."""

    companies: dict[str, str] = field(default_factory=dict)
    persons: dict[str, str] = field(default_factory=dict)
    ignored: set[str] = field(default_factory=set)
    aliases: dict[str, list[str]] = field(default_factory=dict)
    _matcher: re.Pattern[str] | None = None
    _surnames: dict[str, str] | None = None

    def add_line(self, line: str, origin: str) -> None:
        parts = line.rstrip("\n").split("\t")
        if len(parts) < 2 or parts[0] not in {"company", "person", "ignore"}:
            raise UserError(f"{origin}: expected 'company|person|ignore<TAB>Name<TAB>alias|alias'")
        kind, canonical = parts[0], parts[1].strip()
        aliases = [a.strip() for a in (parts[2] if len(parts) > 2 else "").split("|") if a.strip()]
        if kind == "ignore":
            self.ignored.update(name.casefold() for name in [canonical, *aliases])
            return
        table = self.companies if kind == "company" else self.persons
        for surface in [canonical, *aliases]:
            table[surface.casefold()] = canonical
        self.aliases.setdefault(canonical, []).extend(aliases)
        self._matcher = None
        self._surnames = None

    def matcher(self) -> re.Pattern[str]:
        """One alternation of every surface form, longest first, so 'Alibaba Health' beats 'Alibaba'."""
        if self._matcher is None:
            forms = sorted({*self.companies, *self.persons}, key=len, reverse=True)
            alternation = "|".join(re.escape(form) for form in forms)
            self._matcher = re.compile(rf"(?<![\w-])(?:{alternation})(?![\w-])", re.IGNORECASE)
        return self._matcher


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


def is_case_plausible(surface: str, found: str) -> bool:
    """Gazetteer matching ignores case, but 'ant' in prose is not Ant Group: demand a capital letter."""
    return found[:1].isupper() or found[:1].isdigit() or not surface[:1].isalpha() or found == surface


def extract_entities(text: str, gazetteer: Gazetteer) -> Entities:
    """Canonical companies and persons in order of first mention."""
    companies: dict[str, int] = {}
    persons: dict[str, int] = {}
    covered: list[tuple[int, int]] = []
    for match in gazetteer.matcher().finditer(text):
        found = match.group(0)
        key = found.casefold()
        if not found[:1].isupper() and found[:1].isalpha():
            continue
        if key in gazetteer.companies:
            companies.setdefault(gazetteer.companies[key], match.start())
        elif key in gazetteer.persons:
            persons.setdefault(gazetteer.persons[key], match.start())
        covered.append(match.span())

    def overlaps(span: tuple[int, int]) -> bool:
        return any(start < span[1] and span[0] < end for start, end in covered)

    def unknown(name: str) -> bool:
        tokens = name.casefold().split()
        return (
            name.casefold() not in gazetteer.ignored
            and not any(token in gazetteer.ignored for token in tokens[:1])
            and name.casefold() not in gazetteer.companies
            and name.casefold() not in gazetteer.persons
        )

    for match in COMPANY_BY_SUFFIX.finditer(text):
        name = re.sub(r"^(?:The|A|An|In|At|By|For|And|But|Of)\s+", "", match["name"]).strip(" ,.'’")
        if match["suffix"].startswith("Group") and match["suffix"] == "Group":
            name = f"{name} Group"
        if not name or overlaps(match.span("name")) or not unknown(name) or name.split()[0].casefold() in gazetteer.ignored:
            continue
        companies.setdefault(name, match.start())
        covered.append(match.span())

    for pattern, group_names in ((PERSON_AFTER_TITLE, ("name",)), (PERSON_BEFORE_ROLE, ("name",)), (PERSON_SAID, ("name", "name2"))):
        for match in pattern.finditer(text):
            for group in group_names:
                name = match.group(group)
                if not name:
                    continue
                span = match.span(group)
                if overlaps(span) or not unknown(name):
                    continue
                if any(token.casefold() in gazetteer.ignored for token in name.split()):
                    continue
                persons.setdefault(name, span[0])

    surnames = surname_index(gazetteer)
    for match in SURNAME_WITH_TITLE.finditer(text):
        canonical = surnames.get(match["surname"])
        if canonical and canonical not in persons and not overlaps(match.span("surname")):
            persons.setdefault(canonical, match.start())
    return Entities(
        companies=sorted(companies, key=companies.__getitem__),
        persons=sorted(persons, key=persons.__getitem__),
    )


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
