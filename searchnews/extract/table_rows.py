"""Is a block of table-shaped lines the story's data table, or an app's or a record's counters and fields?

A short line of words and figures ('Shr 41 cts vs 38 cts', 'New South Wales 1.2 1.5 1.3') is shaped like
chrome (short, figures, no verb), and so are '218 · 37 comments', 'WC 588 words', 'PACER fee: $3.00' and
'Registration Number: 130349'. Judging one line alone cannot tell them apart; the block they stand in can,
within its document: a story's table compares figures ('vs'), lines its figures up in columns under labels,
or sits among the story's paragraphs and names what the story is about. A block that does none of these is
judged like any other line (by the line model), not shielded from it.
"""

from __future__ import annotations

import re
from collections import Counter

from searchnews.extract.line_shape import is_prose, reads_like_sentence

DIGIT = re.compile(r"\d")
COMPARED = re.compile(r"\d.*\b(?:vs\.?|versus)\s.*\d")  # 'Shr 1.20 vs 1.00': a figure against a figure
FIGURE = re.compile(r"[-+(]?[$£€¥]?\d[\d,.]*[%)]?|nil|n/?a|-+", re.I)  # one cell of a table's column
CONTENT = re.compile(r"[^\W\d_]{3,}")
MIN_TIE = 0.5  # share of a block's words the story's paragraphs must also use for the block to be its data


def is_data_row(entries: list[list], index: int) -> bool:
    """A short line of words and figures, not a paragraph ('12' alone is a counter, not a row)."""
    if not 0 <= index < len(entries):
        return False
    line = entries[index][0]
    return bool(DIGIT.search(line)) and any(map(str.isalpha, line)) and not is_prose(line)


def is_table_shaped(entries: list[list], index: int, span: tuple[int, int]) -> bool:
    """A row inside the story or next to another row, a bare figure next to a row, or a label right above
    one: the lines a table is made of, by shape alone."""
    line = entries[index][0]
    if is_data_row(entries, index):
        return (
            span[0] <= index <= span[1]
            or is_data_row(entries, index - 1)
            or is_data_row(entries, index + 1)
            or bool(COMPARED.search(line))
        )
    if DIGIT.search(line):  # a bare figure belongs to the rows around it, if any
        return is_data_row(entries, index - 1) or is_data_row(entries, index + 1)
    return is_data_row(entries, index + 1) and entries[index + 1][2] and not is_prose(line)  # a paragraph is no label


def trailing_figures(line: str) -> int:
    """Cells of figures after a label of words ('Continental Grain, Westwego  1  3' -> 2); 0 without a label."""
    tokens = line.split()
    count = 0
    while count < len(tokens) and FIGURE.fullmatch(tokens[-1 - count]):
        count += 1
    label = tokens[: len(tokens) - count]
    return count if label and any(char.isalpha() for char in label[0]) else 0


def has_columns(rows: list[str]) -> bool:
    """Two rows with the same two or more figure cells, or three with the same one, under labels: columns."""
    cells = Counter(count for count in map(trailing_figures, rows) if count)
    return any((count >= 2 and rows_with >= 2) or rows_with >= 3 for count, rows_with in cells.items())


def is_field(row: str) -> bool:
    """'Length: 547 words', 'PACER fee: $3.00', 'Registration Number: 130349': a record's field (a short key,
    a colon, its value) or a counter strip with separators ('218 · 37 comments'), not a row of figures."""
    key = FIELD_KEY.match(row)
    return bool(key and not DIGIT.search(key.group(0))) or bool(COUNTER_STRIP.search(row))


FIELD_KEY = re.compile(r"^[^\W\d][^:：]{0,24}(?::\s|：)")
COUNTER_STRIP = re.compile(r"\s[·•|]\s")  # '5 replies · 38 reposts'


def is_cell_row(row: str) -> bool:
    """A row with a figure standing as a cell of its own ('Revs 8,932,000', '5 Carlos Moya (Spain)'), and no
    clock time: a chat's or a video's stamp ('Priya Raman 10/9/2025 8:14 AM', '01:12 The Big Fund III') is no
    cell, nor is a figure inside a word ('21世纪经济报道', '👍 3.1K')."""
    return not CLOCK.search(row) and not is_field(row) and any(FIGURE.fullmatch(token) for token in row.split())


CLOCK = re.compile(r"\b\d{1,2}:\d\d\b")


def is_long_table(entries: list[list], block: list[int]) -> bool:
    """Three or more rows of figure cells, and few other rows of figures: a table, however its columns are
    laid out (a ranking '5 Carlos Moya (Spain)', an earnings table 'Revs 8,932,000' with a 'NOTE: ...' under it)."""
    rows = [entries[index][0] for index in block if is_data_row(entries, index)]
    cells = sum(map(is_cell_row, rows))
    return cells >= 3 and (len(rows) - cells) * 4 <= len(rows)


def runs_on_from_story(entries: list[list], block: list[int], span: tuple[int, int]) -> bool:
    """The block continues the story's last paragraph with no blank line between ('...sales in the first
    12 months totaled' / '201,328.'; a dividend's 'Payable May 11' under its lead), and reads as no field."""
    after = span[1] + 1
    return (
        after <= block[-1]
        and bool(DIGIT.search(entries[max(after, block[0])][0]))
        and block[0] <= after + 1
        and all(entries[index][2] for index in range(after, block[0] + 1))
        and not any(is_field(entries[index][0]) for index in block if index >= after)
    )


def story_words(entries: list[list], span: tuple[int, int]) -> set[str]:
    """The words of the story's paragraphs (three letters or more, case-folded)."""
    words: set[str] = set()
    for line, reason, _ in entries[max(span[0], 0) : span[1] + 1]:
        if reason is None and is_prose(line):
            words.update(CONTENT.findall(line.casefold()))
    return words


def tied_to_story(rows: list[str], words: set[str]) -> bool:
    """Most words of the block's rows of figures are words of the story: it tabulates what the story is
    about (its sentences are the in-span guard's; its fields and stamps tabulate nothing)."""
    mine = [
        word
        for row in rows
        if is_cell_row(row) and not reads_like_sentence(row)
        for word in CONTENT.findall(row.casefold())
    ]
    return bool(mine) and sum(word in words for word in mine) >= MIN_TIE * len(mine)


def table_blocks(entries: list[list], span: tuple[int, int]) -> list[list[int]]:
    """Runs of consecutive kept table-shaped lines."""
    blocks: list[list[int]] = []
    for index, (_, reason, _) in enumerate(entries):
        if reason is not None or not is_table_shaped(entries, index, span):
            continue
        if blocks and blocks[-1][-1] == index - 1:
            blocks[-1].append(index)
        else:
            blocks.append([index])
    return blocks


def block_verdict(entries: list[list], block: list[int], span: tuple[int, int], words: set[str]) -> str | None:
    """Why the block is the story's data ('compares figures', 'columns', 'among the story's paragraphs'), or
    None when it is not: then its lines are counters and fields, judged like any other line."""
    rows = [entries[index][0] for index in block]
    if span[0] > span[1]:
        return "no paragraph to set it apart from"  # an earnings table with no prose is the story itself
    if any(COMPARED.search(row) for row in rows):
        return "compares figures"
    if has_columns(rows):
        return "figures in columns"
    if is_long_table(entries, block):
        return "three or more rows of figures"
    if runs_on_from_story(entries, block, span):
        return "runs on from the story's last paragraph"
    inside = span[0] < block[0] and block[-1] < span[1]
    beside = block[0] == span[1] + 1 or block[-1] == span[0] - 1
    if (inside or beside) and tied_to_story(rows, words):
        return "among the story's paragraphs, about its subject"
    return None


def story_table_rows(entries: list[list], span: tuple[int, int]) -> set[int]:
    """The lines of every block judged the story's own data table: never removed by shape."""
    protected: set[int] = set()
    blocks = table_blocks(entries, span)
    if not blocks:
        return protected
    words = story_words(entries, span)
    for block in blocks:
        if block_verdict(entries, block, span, words) is not None:
            protected.update(block)
    return protected
