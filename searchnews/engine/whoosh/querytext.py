"""Whatever a user types is either searched or refused with a clear reason, quickly.

Control characters become spaces; over-long queries are refused; and patterns whose cost grows
with the vocabulary (leading wildcards, prefixes or ranges matching thousands of words) are
bounded before Whoosh expands them, so no single query can stall the tool.
"""

from __future__ import annotations

import re

from searchnews.errors import UserError

MAX_QUERY_CHARS = 4000  # a pasted paragraph is a question (CISI's run to 2,083 characters, 2,500 OR-ed); a novel is not
MAX_EXPANSIONS = 1000  # words one wildcard, prefix or word range may stand for
CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
# A "?" that ends a word ("what is renminbi?", "(MEDLARS)?") is a question's punctuation; a "?"
# inside a word ("wom?n") is still Whoosh's one-character wildcard (and a lone "?" an error). One
# that starts a word is a quote mark (Cranfield: "the ?slip? effect"): as a wildcard it is refused.
QUESTION_MARK = re.compile(r"(?<=[\w)\]}\"'])\?+(?=$|[\s)\]}\"'.,;:!])|(?<![^\s(\[{\"'])\?+(?=\w)")


def clean_query_text(text: str) -> str:
    """Control characters (pasted tabs, escapes, NULs) are spaces; a novel is not a query."""
    if len(text) > MAX_QUERY_CHARS:
        raise UserError(f"query is too long ({len(text)} characters; at most {MAX_QUERY_CHARS}): "
                        "use key words, or 'searchnews similar ID' to find articles like a whole text")
    return question_punctuation(CONTROL.sub(" ", text))


def question_punctuation(text: str) -> str:
    """'what is the renminbi's peg?' asks about words, not a wildcard: the word-ending '?' goes."""
    return QUESTION_MARK.sub("", text) if "?" in text else text


def check_expansions(parsed, reader) -> None:
    """Refuse wildcards that would scan the whole vocabulary, and patterns matching too many words."""
    from whoosh import query as wq

    for node in parsed.leaves():
        if isinstance(node, wq.Every) or not isinstance(node, wq.MultiTerm):
            continue
        pattern = getattr(node, "text", None)
        if isinstance(node, wq.Wildcard) and pattern and pattern[0] in "*?":
            raise UserError(f"'{pattern}': a wildcard cannot start a word (it would scan every word in the "
                            "index); put at least one letter first, e.g. 'reg*'")
        for count, _ in enumerate(node._btexts(reader), start=1):  # the words it stands for, stopping early
            if count > MAX_EXPANSIONS:
                shown = pattern if pattern is not None else str(node)
                raise UserError(f"'{shown}' matches more than {MAX_EXPANSIONS} words in {node.field()}; "
                                "make it more specific")


BINARY_OPERATORS = {"AND", "OR", "ANDNOT", "ANDMAYBE"}
OPERATORS = BINARY_OPERATORS | {"NOT"}
CLOSING = {"(": ")", "[": "]", "{": "}"}


def syntax_error(text: str, column: int, message: str) -> UserError:
    """One line, as rg reports a bad regex: what is wrong and where (1-based column)."""
    return UserError(f"bad query syntax at column {column}: {message} (in '{text}')")


def query_tokens(text: str) -> list[tuple[str, int]]:
    """(token, column) for parentheses, range brackets, quoted phrases and words: enough to see
    whether the query is well formed. Raises a syntax error for an unclosed quote or range."""
    tokens: list[tuple[str, int]] = []
    position = 0
    while position < len(text):
        char = text[position]
        if char.isspace():
            position += 1
        elif char in "()":
            tokens.append((char, position + 1))
            position += 1
        elif char == '"':
            end = text.find('"', position + 1)
            if end < 0:
                raise syntax_error(text, position + 1, 'this " is never closed')
            tokens.append((text[position:end + 1], position + 1))
            position = end + 1
        elif char in "[{" and (position == 0 or text[position - 1] in ":( \t" or text[position - 1].isspace()):
            close = text.find("]", position + 1), text.find("}", position + 1)
            ends = [end for end in close if end >= 0]
            if not ends:
                raise syntax_error(text, position + 1, f"this '{char}' (a range) is never closed")
            end = min(ends)
            tokens.append((text[position:end + 1], position + 1))
            position = end + 1
        else:
            start = position
            while position < len(text) and not text[position].isspace() and text[position] not in '()"':
                if text[position] in "[{" and text[position - 1] == ":":  # field:[a TO b]
                    break
                position += 1
            if position == start:  # a lone '[' or '{' that does not open a range: part of a word
                position += 1
            tokens.append((text[start:position], start + 1))  # 'title:' before '(' or '"' is a field token
    return tokens


def check_syntax(text: str) -> None:
    """Whoosh parses anything, silently dropping what it cannot read ('title:(' searches nothing,
    'tariffs AND' searches 'tariffs'): refuse a query that is not well formed, saying where."""
    tokens = query_tokens(text)
    opened: list[int] = []
    previous: str | None = None  # "start", "open", "operator", "not", "term"
    previous_token = ""
    for token, column in tokens:
        if token == "(":
            opened.append(column)
            kind = "open"
        elif token == ")":
            if not opened:
                raise syntax_error(text, column, "this ')' has no '(' to close")
            if previous == "open":
                raise syntax_error(text, column, "'()' holds nothing to search for")
            if previous in {"operator", "not"}:
                raise syntax_error(text, column - 1, f"'{previous_token}' has nothing after it")
            opened.pop()
            kind = "term"
        elif token in BINARY_OPERATORS:
            if previous in {None, "open", "operator", "not", "field"}:
                where = "at the start" if previous in {None, "open"} else f"after '{previous_token}'"
                raise syntax_error(text, column, f"'{token}' {where} has nothing on its left")
            kind = "operator"
        elif token == "NOT":
            kind = "not"
        elif token.endswith(":") and not token.endswith("\\:") and len(token) > 1:
            kind = "field"  # field:( or field:"phrase" follows
        else:
            kind = "term"
        previous, previous_token = kind, token
    if opened:
        raise syntax_error(text, opened[-1], "this '(' is never closed")
    if previous in {"operator", "not"}:
        raise syntax_error(text, len(text.rstrip()), f"'{previous_token}' at the end has nothing after it")
    if previous == "field":
        raise syntax_error(text, len(text.rstrip()), f"'{previous_token}' needs a value")
