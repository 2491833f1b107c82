"""The shortcuts entity extraction takes for speed give what the plain regular expressions give.

has_first_name reads matches back from a surname's occurrences instead of compiling a pattern per surname, cue
words before names are found by a pattern of the cues alone, and some rules are skipped when the text lacks every
literal their matches contain (REQUIRED_LITERALS): each is checked here against the definition it stands for.
"""

from __future__ import annotations

import random
import re

import pytest

from searchnews.extract import entities
from searchnews.extract.entities import REQUIRED_LITERALS, first_names_before


def reference_first_names(text: str, surname: str) -> list[tuple[str, str]]:
    pattern = entities.FIRST_NAME_BEFORE_SURNAME.format(re.escape(surname))
    return [(match[1] or "", match[2] or "") for match in re.finditer(pattern, text)]


@pytest.mark.parametrize("surname", ["Ab", "Abc", "McAb", "AbAb", "Abab", "Bab"])
def test_first_names_before_equals_the_regex_on_random_text(surname):
    pieces = ["A", "B", "a", "b", "c", ".", " ", "\n", "\t", "\xa0", "_", "1", "é", "-", "Ab", "Abc", "McAb",
              "Ab Ab", "A. "]
    generator = random.Random(surname)
    for _ in range(3000):
        text = "".join(generator.choice(pieces) for _ in range(generator.randint(0, 25)))
        assert first_names_before(text, surname) == reference_first_names(text, surname), text


def test_first_names_before_on_prose():
    text = ("A.W. Clausen said its plan held. Tom Clausen, Mr. Clausen and Clausens met; McDonald McDonald "
            "spoke, as did Ann  \n McDonald and J. McDonald_x.")
    for surname in ("Clausen", "McDonald", "Donald"):
        assert first_names_before(text, surname) == reference_first_names(text, surname)


def leading_alternatives(pattern: str) -> list[str]:
    """The alternatives of a pattern's first group that is no look-around, as plain text ('[Pp]resident' gives
    'President' and 'president')."""
    start = next(i for i in range(len(pattern)) if (pattern[i] == "(" and not pattern.startswith(("(?<", "(?=", "(?!"), i))
                 or pattern.startswith("(?P<", i))
    depth, index, parts, part = 0, start, [], ""
    while True:
        char = pattern[index]
        if char == "\\":
            part += pattern[index:index + 2]
            index += 2
            continue
        if char == "(":
            depth += 1
            if depth == 1:
                index = pattern.index(":", index) + 1 if pattern[index + 1] == "?" and pattern[index + 2] == ":" else (
                    pattern.index(">", index) + 1 if pattern[index + 1] == "?" else index + 1)
                continue
        elif char == ")":
            depth -= 1
            if depth == 0:
                parts.append(part)
                break
        elif char == "|" and depth == 1:
            parts.append(part)
            part = ""
            index += 1
            continue
        part += char
        index += 1
    words = []
    for part in parts:
        assert not re.search(r"[()?*+{]", part), part  # plain words only
        variants = [part]
        while any("[" in variant for variant in variants):
            variants = [variant[:variant.index("[")] + letter + variant[variant.index("]") + 1:]
                        for variant in variants
                        for letter in variant[variant.index("[") + 1:variant.index("]")]]
        words += [variant.replace("\\", "") for variant in variants]
    return words


@pytest.mark.parametrize("pattern", list(REQUIRED_LITERALS), ids=lambda pattern: pattern.pattern[:30])
def test_every_leading_alternative_holds_a_required_literal(pattern):
    words = leading_alternatives(pattern.pattern)
    assert len(words) >= 4
    for word in words:
        assert any(literal in word for literal in REQUIRED_LITERALS[pattern]), word


def test_the_leading_alternatives_are_read_right():
    assert leading_alternatives(entities.OFFICE_APPOSITION.pattern)[:3] == ["President", "president", "Minister"]
    assert "N.V." in leading_alternatives(entities.COMPANY_BY_PREFIX.pattern)
    assert leading_alternatives(entities.DESCRIPTOR_COMPANY.pattern)[-1] == "service"


def test_cue_words_before_names_are_the_cue_matches_of_every_word_before_a_name():
    cues = entities.CUE_VERBS | entities.CUE_PAIRS.keys()
    pieces = ["of", "in", "by", "buy", "buying", "the", "Apple", " ", "\t", "-", ".", "x", "’", "2", "\n", "acquired",
              "for", "with", "xof"]
    generator = random.Random(7)
    for _ in range(20000):
        text = "".join(generator.choice(pieces) for _ in range(generator.randint(0, 12)))
        every = [(match.span(), match[1]) for match in entities.WORD_BEFORE_NAME.finditer(text) if match[1] in cues]
        assert [(match.span(), match[1]) for match in entities.CUE_WORD_BEFORE_NAME.finditer(text)] == every, text
