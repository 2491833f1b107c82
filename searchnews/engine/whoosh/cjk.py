"""Chinese, Japanese and Korean text searchable by word: overlapping character bigrams.

Whoosh's tokenizer reads a run of CJK characters between two punctuation marks as one word, so
'腾讯' was found only where it stood alone between commas. As Lucene's CJK analyzer does, a CJK
run is indexed as its overlapping two-character pieces (a lone character as itself), and a
query word becomes the same pieces side by side (searchnews.engine.whoosh.ranking.split_compounds): no
dictionary, so names and new words are found as well as common ones (measured against jieba's
segmenter in benchmarks/chinese.py). Latin letters and digits in the same run stay words.
Imported when an index's schema is unpickled: keep it small and free of searchnews imports.
"""

from __future__ import annotations

import re

from whoosh.analysis import Filter

# Han (with extensions and compatibility ideographs), kana, Hangul syllables
CJK_CHARS = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff\U00020000-\U0002ffff"
CJK_RUN = re.compile(f"[{CJK_CHARS}]+|[^{CJK_CHARS}]+")
HAS_CJK = re.compile(f"[{CJK_CHARS}]")


def is_cjk(text: str) -> bool:
    return not text.isascii() and bool(HAS_CJK.search(text))


class CJKBigramFilter(Filter):
    """Splits each token's CJK runs into overlapping bigrams (a one-character run stays a unigram);
    other runs pass as they are. Later positions shift by the extra pieces (and a gap of one after
    each CJK token, so no phrase spans punctuation): the bigrams of a run sit side by side, and a
    text with no CJK keeps exactly the positions it had."""

    def __eq__(self, other):
        return other is not None and self.__class__ is other.__class__

    def __call__(self, tokens):
        shift = 0
        for token in tokens:
            text = token.text
            if text.isascii() or not HAS_CJK.search(text):  # isascii: English costs one C call a token
                if shift and token.positions:
                    token.pos += shift
                yield token
                continue
            position = token.pos + shift if token.positions else 0
            chars = token.chars and token.startchar is not None
            start = token.startchar if chars else 0
            # the token's text may be lower-cased or folded but keeps its length for CJK runs
            exact = chars and token.endchar - token.startchar == len(text)
            for piece in CJK_RUN.finditer(text):
                run = piece.group(0)
                if not HAS_CJK.match(run) or len(run) == 1:
                    pieces = [(run, piece.start(), piece.end())]
                else:
                    pieces = [(run[i:i + 2], piece.start() + i, piece.start() + i + 2) for i in range(len(run) - 1)]
                for gram, begin, end in pieces:
                    token.text = gram
                    if token.positions:
                        token.pos = position
                    if exact:
                        token.startchar, token.endchar = start + begin, start + end
                    position += 1
                    yield token
            # one position of gap after the run: '据络，络平' holds no phrase '据络平' across the comma
            shift += count_pieces(text)


def count_pieces(text: str) -> int:
    count = 0
    for piece in CJK_RUN.finditer(text):
        run = piece.group(0)
        count += len(run) - 1 if len(run) > 1 and HAS_CJK.match(run) else 1
    return count
