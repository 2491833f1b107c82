"""The shape of one line of text (how many words, whether it reads like a sentence of a story):
the predicates the cleaner, the outlet finder and the title chooser share, kept apart so that none
of them imports another for them."""

from __future__ import annotations

import re
from functools import lru_cache

PROSE_END = re.compile(r"[.!?。！？](?:[\"”’'」)]{0,2})$")
CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
# scripts written without spaces between words (Thai, Lao, Myanmar, Khmer): a space there ends a phrase, not a word
UNSPACED = re.compile(r"[\u0e00-\u0eff\u1000-\u109f\u1780-\u17ff]")
UNSPACED_LETTERS_PER_WORD = 4
WORD = re.compile(r"\S*\w\S*")
SAYS = re.compile(r"\b(?:said|says|told|announced|reported)\b")  # labels and bylines do not speak


@lru_cache(maxsize=8192)  # the rules ask about the same lines many times (~10 % of cleaning time)
def word_count(line: str) -> int:
    """Words (tokens with a letter or digit), counting two CJK characters, or four letters of Thai, Lao,
    Myanmar or Khmer, as one word so lines in scripts without spaces between words are measured fairly."""
    # a 15 MB one-line file: count without building a list of millions of words (issue 11)
    words = len(WORD.findall(line)) if len(line) < 100_000 else sum(1 for _ in WORD.finditer(line))
    if line.isascii():
        return words
    cjk = len(CJK.findall(line))
    unspaced = len(UNSPACED.findall(line))
    return words + cjk // 2 + unspaced // UNSPACED_LETTERS_PER_WORD


@lru_cache(maxsize=8192)
def is_prose(line: str) -> bool:
    """A paragraph a reader would call story text: a sentence of some length."""
    words = word_count(line)
    return words >= 25 or (words >= 9 and bool(PROSE_END.search(line)))


def reads_like_sentence(line: str) -> bool:
    """'The company said it would appeal.': a sentence of the story, however often the outlet prints it."""
    return is_prose(line) or (word_count(line) >= 4 and (bool(PROSE_END.search(line)) or bool(SAYS.search(line))))
