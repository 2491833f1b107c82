"""A second pass of the line model for chrome inside and after the story's span (issue 12): comment threads,
a poster's name and time, disclosures and sign-offs after the page's main block of prose.

It runs after the headline is chosen and never feeds back into that choice: the title ranker sees the
same lines, verdicts and probabilities as without it (a model with these features, used for everything,
cost page-copy titles, BENCHMARKS.md t12c). It is also cheap: only lines that carry one of its cues (the
page speaks of itself, a name and a colon first, among such lines, after the main block) are scored, with
the features the first pass already computed for them; a sentence inside the story's span faces the
model's far stricter sentence bar. Weights: `data/span_chrome_model.json` (train_line_model.py --span).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from searchnews.extract.line_model import (
    FEATURES,
    FirstPass,
    LineModel,
    document_context,
    line_vector,
    listed_lines,
)
from searchnews.extract.line_shape import is_prose, reads_like_sentence, word_count
from searchnews.extract.table_rows import story_table_rows

EXTRA_FEATURES = ("self_reference", "speaker_head", "speaker_run", "after_main", "page_chrome")
SPAN_FEATURES = FEATURES + EXTRA_FEATURES
SPAN_PREFIX = "chrome around the story"
# the pass runs only on a page whose rules removed at least this share of its lines: below it, what follows the
# main block is the story's own (Reuters grain tables at 0.20-0.21, BBC fixture lists at 0.17 of their lines:
# 9 Reuters and 3 BBC story lines lost at 0.10; no gold boilerplate line on any hand set sits on a page below 0.10)
MIN_PAGE_CHROME = 0.22
# a line about the document or the outlet rather than the news: 'This article was produced ...', 'The views
# expressed are my own', 'This report is intended for ...', '本文版权归...', '未经授权不得转载'
SELF_REFERENCE = re.compile(
    r"\b(?:this|the|our|these) (?:article|story|report|page|e-?mail|newsletter|update|transcript|message|post|video|"
    r"podcast|site|website|column|piece|thread|discussion|announcement|press release|content|document)s?\b|"
    r"\bviews (?:expressed|are my own)|\bdisclos|\bcopyright\b|\ball rights reserved|本文|本报|本网|原文|转载|版权|版權|"
    r"\bsubscri|\bnewsletter|\bcomments?\b",
    re.I,
)
# 'user123: great point', '小鹿不乱撞：请问...', 'COLE:', 'u/gpu_rich · 1 hr. ago': a speaker or a poster named
# first, then what they said; a run of such lines is a comment thread or a transcript
SPEAKER_HEAD = re.compile(
    r"^(?:[^\s:：。.!?]{1,24}|[^\s:：。.!?]+(?: [^\s:：。.!?]+){1,3})\s?[:：](?:\s|$|(?=[^\x00-\x7f]))"
    r"|^(?:u/|@|▲ ?)\S+|^level \d+\b|\b\d+\s*(?:min|hr|hour|day|week|month|year)s?\.? ago\b",
    re.I,
)


@dataclass(frozen=True)
class SpanModel:
    """The trees over SPAN_FEATURES and their three bars: lines inside the span, sentences inside it, lines
    above or below it (each chosen out of fold in training)."""

    model: LineModel
    sentence_threshold: float
    outside_threshold: float


@dataclass(frozen=True)
class SpanContext:
    main_end: int  # the last paragraph of the page's main block of prose (what follows it is the tail)
    speakers: frozenset[int]  # lines that start with a speaker's or a poster's name
    chrome_share: float  # the share of the document's lines the rules removed (a wire story: none)


def chrome_share(entries: list[list]) -> float:
    return sum(reason is not None for _, reason, _ in entries) / max(len(entries), 1)


def span_context(entries: list[list], share: float) -> SpanContext:
    speakers = frozenset(index for index, (line, _, _) in enumerate(entries) if SPEAKER_HEAD.search(line))
    return SpanContext(main_block_end(entries), speakers, share)


def main_block_end(entries: list[list], gap: int = 3) -> int:
    """The last paragraph of the longest run of prose (by characters) the rules kept; a run breaks at more
    than `gap` kept lines that are not prose. What comes after it (disclosures, an author's bio, comments, a
    newsletter's sign-off) is the page's tail, however sentence-shaped. -1 without prose."""
    best_size, best_end, size, end, between = -1, -1, 0, -1, 0
    for index, (line, reason, _) in enumerate(entries):
        if reason is not None:
            continue
        if is_prose(line):
            if end >= 0 and between > gap:
                if size > best_size:
                    best_size, best_end = size, end
                size = 0
            size += len(line)
            end, between = index, 0
        else:
            between += 1
    return end if size > best_size else best_end


def extra_vector(entries: list[list], index: int, context: SpanContext) -> list[float]:
    """EXTRA_FEATURES of line `index`, in order."""
    return [
        float(bool(SELF_REFERENCE.search(entries[index][0]))),
        float(index in context.speakers),
        sum(other in context.speakers for other in range(index - 3, index + 4) if other != index) / 6,
        float(0 <= context.main_end < index),
        context.chrome_share,
    ]


def has_cue(extra: list[float]) -> bool:
    """A line the second pass weighs: it speaks of the page, is or sits among name-and-colon lines, or comes
    after the main block. Any other line is judged by the first pass alone (the bulk of every article)."""
    return any(extra[:4])


@lru_cache(maxsize=1)
def load_span_model() -> SpanModel | None:
    """The shipped weights, or None when absent (the first pass then works alone)."""
    try:
        text = resources.files("searchnews").joinpath("data/span_chrome_model.json").read_text(encoding="utf-8")
    except FileNotFoundError:
        return None
    return span_model_from_json(json.loads(text))


def span_model_from_json(data: dict) -> SpanModel | None:
    if tuple(data["features"]) != SPAN_FEATURES:
        return None  # trees for another feature list: never apply them to the wrong inputs
    model = LineModel(float(data["base"]), tuple(data["trees"]), float(data["threshold"]), names=SPAN_FEATURES)
    return SpanModel(model, float(data["sentence_threshold"]), float(data["outside_threshold"]))


def span_sentences(entries: list[list], span: tuple[int, int], skipped: set[int] | None = None) -> list[int]:
    """The sentences inside the story's span the first pass never scores (every sentence when no paragraph
    reads like prose), but a long paragraph, a list's item or a story table's row (`skipped`: those the first
    pass already found, else found here)."""
    no_story = span[0] > span[1]
    candidates = [
        index
        for index, (line, reason, _) in enumerate(entries)
        if reason is None
        and (no_story or span[0] <= index <= span[1])
        and word_count(line) < 60
        and reads_like_sentence(line)
    ]
    if not candidates:
        return []
    skip = skipped if skipped is not None else listed_lines(entries) | story_table_rows(entries, span)
    return [index for index in candidates if index not in skip]


def span_verdicts(
    model: SpanModel, entries: list[list], span: tuple[int, int], first_pass: FirstPass, removed: frozenset[int]
) -> dict[int, str]:
    """(index -> reason) for lines the second pass calls chrome: those the first pass scored (candidate_lines)
    and kept (not in `removed`), with the features it computed, and the span's sentences. Entries are the
    rules' view, as in training. Only lines with a cue are scored; the trees' contributions (for the reason)
    are walked only for lines removed."""
    share = chrome_share(entries)
    if share < MIN_PAGE_CHROME:
        return {}  # wire or broadcast copy: what follows its main block is its own tables and lists
    context = span_context(entries, share)
    judged: dict[int, tuple[list[float], float, bool]] = {}  # index -> (features, bar, a sentence in the span)
    inside = span[0] <= span[1]
    for index, (vector, _) in first_pass.scored.items():
        if index in removed:
            continue
        extra = extra_vector(entries, index, context)
        if has_cue(extra):
            bar = model.model.threshold if inside and span[0] <= index <= span[1] else model.outside_threshold
            judged[index] = (vector + extra, bar, False)
    base_context = first_pass.context
    for index in span_sentences(entries, span, first_pass.skipped):
        extra = extra_vector(entries, index, context)
        if has_cue(extra):
            base_context = base_context or document_context(entries, span[0], span[1])
            judged[index] = (
                line_vector(entries, index, span[0], span[1], base_context) + extra,
                model.sentence_threshold,
                True,
            )
    verdicts: dict[int, str] = {}
    for index, (vector, bar, sentence) in sorted(judged.items()):
        probability = model.model.score(vector)
        if probability >= bar:
            where = "a sentence in the story's span" if sentence else "a line"
            why = model.model.explain(vector)
            verdicts[index] = f"{SPAN_PREFIX} p={probability:.3f} ({where}, bar {bar:.3f}): {why}"
    return verdicts


def second_pass(
    entries: list[list], span: tuple[int, int], first_pass: FirstPass, removed: frozenset[int]
) -> dict[int, str]:
    """The second pass's verdicts for the rules' view of the page (empty without shipped weights)."""
    model = load_span_model()
    if model is None:
        return {}
    return span_verdicts(model, entries, span, first_pass, removed)
