"""Cheap necessary conditions for a boilerplate pattern: the plain text every match must contain.

Most of the cleaner's time per line went to trying regexes that could never match it; a substring test
costs nanoseconds where a fullmatch with look-aheads and `.{0,200}` costs microseconds. Read from the
regex parser, so the conditions follow the pattern exactly: if the pattern matches a line, every
condition holds on the line (case-folded with `fold_case`), and a line failing one is skipped untried.
"""

from __future__ import annotations

import re

DIGIT = "\x00\\d"  # the alternative 'any decimal digit' (what \d matches): `searchable` appends it to a line with one
ANY_DIGIT = re.compile(r"\d")
MIN_USEFUL = 3  # shorter alternatives are in nearly every line: not worth testing ...
RARE_MARKS = frozenset("/@©|<>_#:")  # ... except single marks prose seldom has
MAX_ALTERNATIVES = 16
MAX_CONDITIONS = 3

Condition = tuple[str, ...]  # the line must contain one of these (folded); DIGIT: any decimal digit


def required_conditions(pattern: re.Pattern[str]) -> tuple[Condition, ...]:
    """Up to MAX_CONDITIONS conditions that every match of `pattern` satisfies, the most selective
    first, folded with `fold_case`. Empty when nothing useful is certain (the pattern is then always tried)."""
    try:
        import re._parser as sre_parse  # Python 3.11+
        from re import _constants as c
    except ImportError:  # pragma: no cover
        return ()
    try:
        parsed = sre_parse.parse(pattern.pattern, pattern.flags)
        found = _sequence(list(parsed), c)
    except Exception:  # noqa: BLE001 - an unusual pattern is simply always tried
        return ()
    useful = {tuple(sorted({alternative if alternative == DIGIT else fold_case(alternative) for alternative in condition}))
              for condition in found if _useful(condition)}
    return tuple(sorted(useful, key=_selectivity, reverse=True)[:MAX_CONDITIONS])


def _useful(condition: frozenset[str]) -> bool:
    if not condition or len(condition) > MAX_ALTERNATIVES:
        return False
    return all(alternative == DIGIT or len(alternative) >= MIN_USEFUL or alternative in RARE_MARKS
               or (len(alternative) == 2 and not alternative.isascii())  # '가입', '记者': two CJK characters
               for alternative in condition)


def required_ends(pattern: re.Pattern[str]) -> tuple[tuple[str, ...], tuple[str, ...]]:
    r"""(prefixes, suffixes), folded: a line the pattern fullmatches starts with one of the prefixes and
    ends with one of the suffixes; an empty tuple when the pattern's edge is not plain text (`\W*`, `.{0,80}`)."""
    try:
        import re._parser as sre_parse  # Python 3.11+
        from re import _constants as c
    except ImportError:  # pragma: no cover
        return (), ()
    try:
        items = list(sre_parse.parse(pattern.pattern, pattern.flags))
        prefixes, suffixes = _edge(items, c, False), _edge(items, c, True)
    except Exception:  # noqa: BLE001 - an unusual pattern is simply always tried
        return (), ()

    def usable(found: set[str] | None, shortest: int) -> tuple[str, ...]:
        if not found or len(found) > MAX_ALTERNATIVES or min(map(len, found)) < shortest:
            return ()
        return tuple(sorted({fold_case(text) for text in found}))

    return usable(prefixes, 2), usable(suffixes, 1)  # a line's first character is already indexed


def _edge(items: list, c, from_end: bool) -> set[str] | None:
    """The plain texts one of which a match starts (or, `from_end`, ends) with; None when unknown.
    Zero-width items at the edge (anchors, look-arounds) are passed over: they consume nothing."""
    run = ""
    for op, value in reversed(items) if from_end else items:
        if op is c.LITERAL or (op is c.SUBPATTERN and all(inner is c.LITERAL for inner, _ in value[3])):
            text = chr(value) if op is c.LITERAL else "".join(chr(code) for _, code in value[3])
            run = text + run if from_end else run + text
            continue
        if run:  # the plain text so far, continued by what the next group or branch starts with
            more = _edge([(op, value)], c, from_end) if op in (c.SUBPATTERN, c.BRANCH) else None
            if more and len(more) <= MAX_ALTERNATIVES:
                return {text + run for text in more} if from_end else {run + text for text in more}
            return {run}
        if op in (c.AT, c.ASSERT, c.ASSERT_NOT):
            continue
        if op is c.SUBPATTERN:
            return _edge(list(value[3]), c, from_end)
        if op in (c.MAX_REPEAT, c.MIN_REPEAT) and value[0] >= 1:
            return _edge(list(value[2]), c, from_end)
        if op is c.BRANCH:
            union: set[str] = set()
            for branch in value[1]:
                found = _edge(list(branch), c, from_end)
                if not found:
                    return None
                union |= found
            return union
        return None
    return {run} if run else None


def _selectivity(condition: Condition) -> tuple[int, int]:
    shortest = min(len(alternative) if alternative != DIGIT else 1 for alternative in condition)
    return shortest, -len(condition)


def _sequence(items: list, c) -> list[frozenset[str]]:
    """Conditions of a sequence of regex items: each run of literal characters, and what each item
    that must match at least once requires."""
    conditions: list[frozenset[str]] = []
    run = ""
    for op, value in items:
        if op is c.LITERAL:
            run += chr(value)
            continue
        if op is c.SUBPATTERN:  # a group (with or without flag changes) is part of the same sequence
            inner = list(value[3])
            if all(inner_op is c.LITERAL for inner_op, _ in inner):
                run += "".join(chr(code) for _, code in inner)
                continue
        if run:
            conditions.append(frozenset({run}))
            run = ""
        conditions.extend(_item(op, value, c))
    if run:
        conditions.append(frozenset({run}))
    return conditions


def _best(conditions: list[frozenset[str]]) -> frozenset[str] | None:
    usable = [condition for condition in conditions if _useful(condition)]
    if not usable:
        return None
    return max(usable, key=lambda condition: _selectivity(tuple(condition)))


def _item(op, value, c) -> list[frozenset[str]]:
    if op is c.SUBPATTERN:
        return _sequence(list(value[3]), c)
    if op in (c.MAX_REPEAT, c.MIN_REPEAT, getattr(c, "POSSESSIVE_REPEAT", None)):
        low, _, item = value
        return _sequence(list(item), c) if low >= 1 else []
    if op is getattr(c, "ATOMIC_GROUP", None):
        return _sequence(list(value), c)
    if op is c.ASSERT:  # a look-ahead or -behind inside a fullmatch reads the line's own text
        return _sequence(list(value[1]), c)
    if op is c.BRANCH:  # one of the branches matches: the union of one condition from each
        union: set[str] = set()
        for branch in value[1]:
            best = _best(_sequence(list(branch), c))
            if best is None:
                return []
            union |= best
        return [frozenset(union)]
    if op is c.IN:
        return [_character_class(value, c)]
    return []


def _character_class(value: list, c) -> frozenset[str]:
    """A class of a few plain characters ('[/／]'), or only digits ('\\d'); empty when it is wider."""
    chars: set[str] = set()
    for inner, argument in value:
        if inner is c.LITERAL:
            chars.add(chr(argument))
        elif inner is c.CATEGORY and argument in (c.CATEGORY_DIGIT, c.CATEGORY_UNI_DIGIT) and len(value) == 1:
            return frozenset({DIGIT})
        else:
            return frozenset()
    return frozenset(chars)


def searchable(line: str, folded: str) -> str:
    """The line as conditions are tested on it: `folded` (the line through `fold_case`), with the DIGIT
    mark appended when it has a digit. (A line that itself held the mark would only be tried against a
    pattern it cannot match: a wasted try, never a missed match.)"""
    return folded + DIGIT if ANY_DIGIT.search(line) else folded


def _case_equivalents() -> dict[int, str] | None:
    """Characters re's IGNORECASE treats as one letter beyond lower-casing ('ı' and 'i', 'ſ' and
    's', 'ς' and 'σ'...), each mapped to one of them; None if this Python does not say."""
    try:
        from re._casefix import _EXTRA_CASES
    except ImportError:  # pragma: no cover
        return None
    table: dict[int, str] = {0x130: "i"}  # 'İ'.lower() is two characters; re lowers it to 'i'
    for code, others in _EXTRA_CASES.items():
        group = (code, *others)
        for member in group:
            if member != min(group):
                table[member] = chr(min(group))
    return table


CASE_EQUIVALENTS = _case_equivalents()


def fold_case(text: str) -> str:
    """Lower-case as re's IGNORECASE compares: if an IGNORECASE pattern matches `text`, every plain
    run of characters in the pattern, folded the same way, is a substring of the folded text."""
    if text.isascii():  # the look-alikes are all outside ASCII
        return text.lower()
    return text.translate(CASE_EQUIVALENTS).lower().translate(CASE_EQUIVALENTS)
