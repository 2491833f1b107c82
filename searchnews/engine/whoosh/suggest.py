"""Did you mean: correct misspelled query words from the index's own words and entity names.

Whoosh's `correct_query` works on analyzed terms, so with a stemming analyzer it would offer
stems ("prosper" for "prosparity"). Instead, each word the user typed that the index does not
know is replaced by the closest word as articles spell it, or the closest word of a company or
person name: fewest edits first (a swap of two letters is one edit), then the most common.
Surface words come from the stemmed body terms near the typed word and the stored character
offsets of a few of their postings (no separate word list: Whoosh's `spelling=True` list cost a
third of indexing time); indexes that have the old `spell_body` list still use it.
The rest of the query (operators, quotes, fields, dates) is kept exactly as typed.
"""

from __future__ import annotations

import bisect
import re

MAX_EDITS = 2
OPERATORS = {"AND", "OR", "NOT", "ANDNOT", "ANDMAYBE", "TO"}
# A word, with the field it is bound to if it directly follows `field:` (a quoted value is one word run).
WORD = re.compile(r"(?:(?P<field>[A-Za-z_]\w*):)?(?P<word>[^\W\d_][\w'’-]*)")
ENTITY_FIELDS = {"company", "person", "source"}
TEXT_FIELDS = {"title", "body", None}


def edit_distance(first: str, second: str, limit: int = MAX_EDITS) -> int:
    """Optimal-string-alignment distance (insert, delete, substitute, swap neighbours), capped at limit+1."""
    if abs(len(first) - len(second)) > limit:
        return limit + 1
    previous2: list[int] = []
    previous = list(range(len(second) + 1))
    for i, a in enumerate(first, start=1):
        current = [i] + [0] * len(second)
        for j, b in enumerate(second, start=1):
            cost = a != b
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and a == second[j - 2] and first[i - 2] == b:
                current[j] = min(current[j], previous2[j - 2] + 1)
        if min(current) > limit:
            return limit + 1
        previous2, previous = previous, current
    return min(previous[-1], limit + 1)


class Vocabulary:
    """What the index knows: analyzed terms (to tell a known word) and unstemmed words (to suggest)."""

    def __init__(self, searcher):
        self.searcher = searcher
        self.reader = searcher.reader()
        self.schema = searcher.schema

    def analyzed(self, fieldname: str, word: str) -> list[str]:
        return list(self.schema[fieldname].process_text(word, mode="query"))

    def knows_text_word(self, word: str) -> bool:
        terms = self.analyzed("body", word)
        if not terms:
            return True  # a stop word: nothing to correct
        return all(self.reader.doc_frequency("body", term) or self.reader.doc_frequency("title", term)
                   for term in terms)

    def text_frequency(self, word: str) -> int:
        return sum(self.reader.doc_frequency("body", term) for term in self.analyzed("body", word))

    def text_candidates(self, word: str) -> set[str]:
        """Index words within MAX_EDITS of `word` (entity names are in there: they come from the
        text). Words sharing its first letter are searched first: typos rarely hit it, and that
        part of the word list is a fraction as long to walk."""
        found: set[str] = set()
        spell_list = "spell_body" in self.reader.indexed_field_names()
        for prefix in (1, 0):
            if spell_list:
                for segment, _offset in self.reader.leaf_readers():
                    found.update(segment.terms_within("body", word, MAX_EDITS, prefix=prefix))
            else:
                found.update(self.surface_words(word, prefix))
            if found:
                break
        return found

    def surface_words(self, word: str, prefix: int) -> set[str]:
        """Words as articles spell them whose stem is within MAX_EDITS of the typed word's stem or
        of its first few letters (a misspelt suffix is not stripped: "goverment" -> "gover")."""
        from whoosh.codec.base import Automata

        stems = self.analyzed("body", word)
        keys = set(stems[:1]) | {word[:length] for length in range(max(4, len(word) - 5), len(word) + 1)}
        close_stems: set[str] = set()
        leaves = [segment for segment, _offset in self.reader.leaf_readers()]
        # The stems sharing the typed word's first letter(s), read in order once: a Levenshtein DFA walked
        # over the term file itself seeks (a binary search of file reads) at every step.
        terms = ListCursor(sorted({term.decode("utf-8") if isinstance(term, bytes) else term
                                   for term in self.reader.expand_prefix("body", word[:prefix])}))
        for key in keys:
            close_stems.update(Automata.find_matches(Automata.levenshtein_dfa(key, MAX_EDITS, prefix), terms.reset()))
        close_stems = {stem for stem in close_stems if edit_distance(word[:len(stem)], stem) <= MAX_EDITS}
        words: set[str] = set()
        for stem in close_stems:
            words.update(form for form in self.spellings(leaves, stem) if edit_distance(word, form) <= MAX_EDITS)
        return words

    def spellings(self, leaves, stem: str, documents: int = 12) -> set[str]:
        """How `stem` is written in the first few articles that have it (from stored character offsets)."""
        forms: set[str] = set()
        for segment in leaves:
            if "body" not in segment.indexed_field_names() or ("body", stem) not in segment:
                continue
            postings = segment.postings("body", stem)
            for _ in range(documents):
                if not postings.is_active():
                    break
                if not postings.supports("characters"):
                    return forms
                body = str(segment.stored_fields(postings.id()).get("body") or "")
                forms.update(body[start:end].casefold() for _pos, start, end in postings.value_as("characters"))
                postings.next()
            if forms:
                break
        return forms

    def entity_candidates(self, fieldname: str, word: str) -> dict[str, int]:
        """Names in a keyword field within MAX_EDITS of `word`, with article counts (same first letter first)."""
        if fieldname not in self.reader.indexed_field_names():
            return {}
        for prefix in (word[:1], ""):
            close = {}
            for term in self.reader.expand_prefix(fieldname, prefix):
                name = term.decode("utf-8") if isinstance(term, bytes) else term
                if edit_distance(word, name) <= MAX_EDITS:
                    close[name] = self.reader.doc_frequency(fieldname, name)
            if close:
                return close
        return {}


class ListCursor:
    """The part of Whoosh's term cursor that a Levenshtein DFA walk uses, over a sorted list in memory."""

    def __init__(self, terms: list[str]) -> None:
        self.terms = terms
        self.at = 0

    def reset(self) -> ListCursor:
        self.at = 0
        return self

    def text(self) -> str | None:
        return self.terms[self.at] if self.at < len(self.terms) else None

    def find(self, term: str) -> None:
        self.at = bisect.bisect_left(self.terms, term, self.at)


def best(word: str, candidates: dict[str, int]) -> str | None:
    """Fewest edits, then most articles, then alphabetical; never the word itself."""
    scored = []
    for candidate, frequency in candidates.items():
        if candidate == word:
            continue
        edits = edit_distance(word, candidate)
        if edits <= MAX_EDITS:
            scored.append((edits, -frequency, candidate))
    return min(scored)[2] if scored else None


def correct_word(vocabulary: Vocabulary, fieldname: str | None, word: str) -> str | None:
    lowered = word.casefold()
    if fieldname in TEXT_FIELDS:
        if len(lowered) < 3 or vocabulary.knows_text_word(lowered):
            return None
        candidates = {candidate: vocabulary.text_frequency(candidate) for candidate in vocabulary.text_candidates(lowered)}
        return best(lowered, candidates)
    if fieldname in ENTITY_FIELDS:
        if vocabulary.reader.doc_frequency(fieldname, lowered):
            return None
        return best(lowered, vocabulary.entity_candidates(fieldname, lowered))
    return None


def match_case(original: str, suggestion: str) -> str:
    if original.isupper() and len(original) > 1:
        return suggestion.upper()
    if original[:1].isupper():
        return suggestion[:1].upper() + suggestion[1:]
    return suggestion


def suggest_query(searcher, text: str) -> str | None:
    """The query with misspelled words replaced, or None when every word is known (or unfixable)."""
    vocabulary = Vocabulary(searcher)
    corrections: list = []
    for match in WORD.finditer(text):
        field = match.group("field")
        field = field.casefold() if field else None
        word = match.group("word")
        if word in OPERATORS or text[match.end():match.end() + 1] in {":", "*", "?"} or field == "date":
            continue
        if field is not None and field not in TEXT_FIELDS | ENTITY_FIELDS:
            continue
        replacement = correct_word(vocabulary, field, word)
        if replacement is not None:
            corrections.append((match, replacement))
    return rewritten(text, corrections)


def rewritten(text: str, corrections: list) -> str | None:
    """`text` with each (match, replacement) put in place of its match's word, in the word's case (a
    name of several words quoted); None when there is nothing to correct. Both engines' did-you-mean."""
    if not corrections:
        return None
    pieces: list[str] = []
    position = 0
    for match, replacement in corrections:
        if " " in replacement:
            replacement = f'"{replacement}"'
        pieces.append(text[position:match.start("word")])
        pieces.append(match_case(match.group("word"), replacement))
        position = match.end("word")
    pieces.append(text[position:])
    return "".join(pieces)
