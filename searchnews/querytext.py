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
