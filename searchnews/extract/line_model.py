"""A learned judge of page chrome: boosted decision trees over the shape of a line and its neighbours,
and a logistic-regression ranker of headline candidates.

The pattern and structural rules are precise but only know the styles they were written for; this
model scores the lines they keep by shape alone (position, length, punctuation, separator density,
stop words, who the line speaks to, what the rules said about its neighbours), so chrome of an
unseen outlet looks like chrome it has seen. Weights are learned by `benchmarks/train_line_model.py`
from labelled lines (the hand-labelled sets and 181 real Zyte pages) and shipped as
`data/line_model.json`; inference is plain Python (a walk down each tree per line; a dot product per
headline candidate).
"""

from __future__ import annotations

import json
import math
import re
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources

from searchnews.extract.line_shape import CJK, PROSE_END, SAYS, WORD, is_prose, reads_like_sentence, word_count
from searchnews.extract.table_rows import is_table_shaped, story_table_rows


def word_set(text: str) -> frozenset[str]:
    return frozenset(text.split())


STOP_WORDS = word_set("a an the of to in on at by for from with and or but as is are was were be been being has have had will would "
    "could should may might can that this these those it its which who whom whose what when where while than then "
    "also after before over under into about not no their there they he she his her we our us you your i my")
READER_WORDS = word_set("you your yours you're we we're our us")  # chrome speaks to the reader
# the verbs a call to action starts with ('Subscribe ...', 'Sign up ...', 'Share ...'): chrome asks, a story tells
ACTION_VERBS = word_set("subscribe sign log click tap read share follow download join get view watch listen learn register contact "
    "advertise forward reply update manage unsubscribe see explore discover continue try sponsored print email "
    "save comment like buy shop install open skip back go send support donate")
SEPARATORS = re.compile(r"\s[|•·/>»›]\s|\s[-–—]\s|[|•·»›]")
URL = re.compile(r"https?://|www\.|\.(?:com|org|net|cn|io|gov|uk)\b", re.I)
DIGIT = re.compile(r"\d")
FEATURES = (
    "bias", "top", "bottom", "near_top", "near_bottom", "log_words", "log_chars", "prose_end", "colon_end",
    "prose", "says", "stop_ratio", "cap_ratio", "all_caps", "digit_ratio", "separators", "url", "at_or_hash",
    "copyright", "lower_start", "reader_ratio", "action_start", "comma_ratio", "quote", "cjk",
    "before_story", "after_story", "in_story", "prev_removed", "next_removed", "removed_nearby",
    "prev_prose", "next_prose", "short_run", "repeats", "body_overlap", "lead_overlap", "story_distance",
)
# what a feature says about a line when it pushes the score up, for `clean`'s explanation
HIGH = {
    "top": "near the top", "bottom": "near the bottom", "near_top": "in the first lines",
    "near_bottom": "in the last lines", "colon_end": "ends with a colon", "all_caps": "all capitals",
    "separators": "separator-divided", "url": "a web address", "at_or_hash": "@ or #", "copyright": "©",
    "reader_ratio": "speaks to the reader", "action_start": "starts with a call to action",
    "cap_ratio": "title-cased words", "digit_ratio": "mostly figures", "before_story": "above the story",
    "after_story": "below the story", "prev_removed": "follows removed chrome", "next_removed": "precedes removed chrome",
    "removed_nearby": "among removed chrome", "short_run": "in a run of short lines", "repeats": "repeated in the file",
    "cjk": "Chinese text", "lower_start": "starts in lower case", "quote": "quotes",
    "story_distance": "far from the story",
    # span_chrome.py's features (the second pass's model)
    "self_reference": "speaks of the page itself", "speaker_head": "a name and a colon first",
    "speaker_run": "among name-and-colon lines (comments, a transcript)", "after_main": "after the story's main block",
    "page_chrome": "on a page full of chrome",
}
LOW = {
    "log_words": "short", "log_chars": "short", "prose_end": "no sentence ending", "prose": "not a sentence",
    "says": "no reporting verb", "stop_ratio": "few function words (no verb)", "comma_ratio": "no commas",
    "in_story": "outside the story", "prev_prose": "not next to a paragraph", "next_prose": "not next to a paragraph",
    "body_overlap": "shares no words with the story", "lead_overlap": "shares no words with the lead",
}
CONTENT_WORD = re.compile(r"[^\W\d_]{3,}")
ASCII_WORD = re.compile(r"[a-z]{3,}")  # the same words in case-folded ASCII text, ~1.6x faster to find


def words_of(folded: str) -> list[str]:
    """The runs of three letters or more in case-folded text."""
    return (ASCII_WORD if folded.isascii() else CONTENT_WORD).findall(folded)


def content_words(line: str) -> list[str]:
    """The line's words of three letters or more, minus function words (case-folded)."""
    return [word for word in words_of(line.casefold()) if word not in STOP_WORDS]


@dataclass(frozen=True)
class Context:
    """What a line is compared with in its document: how often each line occurs, the words of the story's
    paragraphs and of its first three (the lead): a headline and the story's own list items share words
    with the story, a menu, a share bar or a related-links list mostly do not."""

    counts: Counter[str]
    body: Counter[str]
    lead: Counter[str]


def document_context(entries: list[list], first: int, last: int) -> Context:
    """The context of a document whose story's prose runs from line `first` to line `last` (the lead: its
    first three prose paragraphs)."""
    prose = [entries[index][0] for index in range(max(first, 0), min(last + 1, len(entries)))
             if entries[index][1] is None and is_prose(entries[index][0])]
    # one regex pass over the whole story (function words are counted too: a line's own words never are)
    body = Counter(words_of("\n".join(prose).casefold()))
    lead: Counter[str] = Counter()
    for line in prose[:3]:
        lead.update(set(words_of(line.casefold())))
    return Context(Counter(line.casefold() for line, _, _ in entries), body, lead)


def overlaps(line: str, context: Context, own: bool) -> tuple[float, float]:
    """Shares of the line's content words found in the story's paragraphs and in the lead (its own
    occurrences there not counted when `own`: a paragraph is not evidence for itself)."""
    words = content_words(line)
    if not words:
        return 0.0, 0.0
    mine = Counter(words) if own else Counter()
    body = sum(context.body[word] - mine[word] > 0 for word in words) / len(words)
    lead = sum(context.lead[word] - (word in mine) > 0 for word in words) / len(words)
    return body, lead


def line_vector(entries: list[list], index: int, first: int, last: int, context: Context) -> list[float]:
    """The features of line `index` (entries: [line, rule reason, adjacent]); first/last: the story's
    first and last prose paragraph as the rules see it; context: document_context(entries, first, last)."""
    line = entries[index][0]
    counts = context.counts
    in_body = first <= index <= last and entries[index][1] is None and is_prose(line)
    body_share, lead_share = overlaps(line, context, in_body)
    distance = first - index if index < first else index - last if index > last else 0
    n = len(entries)
    tokens = WORD.findall(line)
    words = max(word_count(line), 1)
    plain = [token.strip("\"'“”‘’()[],.:;!?").casefold() for token in tokens]
    alpha = [token for token in tokens if token[:1].isalpha()]

    def removed(other: int) -> float:
        return float(0 <= other < n and entries[other][1] is not None)

    def prose_at(other: int) -> float:
        return float(0 <= other < n and entries[other][1] is None and is_prose(entries[other][0]))

    run = 1
    for step in (-1, 1):
        other = index + step
        while 0 <= other < n and word_count(entries[other][0]) <= 6 and run < 8:
            run += 1
            other += step
    return [
        1.0,
        1.0 - index / max(n - 1, 1),
        index / max(n - 1, 1),
        float(index < 3),
        float(index >= n - 3),
        math.log1p(words),
        math.log1p(len(line)),
        float(bool(PROSE_END.search(line))),
        float(line.endswith(":")),
        float(is_prose(line)),
        float(bool(SAYS.search(line))),
        sum(token in STOP_WORDS for token in plain) / words,
        sum(token[:1].isupper() for token in alpha) / max(len(alpha), 1),
        # all capitals: ASCII with no lower-case letter (upper() changes none), four letters or more
        float(line.isascii() and line.upper() == line and sum(map(str.isalpha, line)) >= 4),
        len(DIGIT.findall(line)) / max(len(line), 1),
        min(len(SEPARATORS.findall(line)) / words, 1.0),
        float(bool(URL.search(line))),
        float("@" in line or "#" in line),
        float("©" in line or "(c)" in line.casefold()),
        float(line[:1].islower()),
        sum(token in READER_WORDS for token in plain) / words,
        float(bool(plain) and plain[0] in ACTION_VERBS),
        line.count(",") / words,
        float(any(mark in line for mark in "\"“”")),
        min(len(CJK.findall(line)) / max(len(line), 1) * 2, 1.0),
        float(index < first),
        float(index > last),
        float(first <= index <= last),
        removed(index - 1),
        removed(index + 1),
        sum(1 for other in (index - 3, index - 2, index - 1, index + 1, index + 2, index + 3)
            if 0 <= other < n and entries[other][1] is not None) / 6,
        prose_at(index - 1),
        prose_at(index + 1),
        min(run, 8) / 8,
        float(counts[line.casefold()] > 1),
        body_share,
        lead_share,
        math.log1p(max(distance, 0)) / math.log1p(max(n, 1)),
    ]


TITLE_FEATURES = (
    "bias", "rules", "doubled", "bracketed", "plain", "long", "masthead", "metadata", "order", "first", "last",
    "gap_to_story", "above_story", "log_words", "mid_length", "longest", "cap_ratio", "question", "inner_colon",
    "separators", "digit_ratio", "reader_ratio", "action_start", "prev_removed", "next_removed", "prose_end",
    "all_caps", "stop_ratio", "dek_below", "headline_above", "body_overlap", "lead_overlap", "in_longer_line",
    "sentence_case", "deep", "gap_to_main", "above_main", "chrome_p", "chrome_above_main",
)


@dataclass(frozen=True)
class TitleRanker:
    """Logistic regression scoring each headline candidate; the best-scored one is the title."""

    weights: tuple[float, ...]
    means: tuple[float, ...]
    scales: tuple[float, ...]
    margin: float = 2.0  # overrule the rules' choice only when this much more sure (log-odds; chosen in cross-validation)

    def score(self, vector: list[float]) -> float:
        return sum(w * (x - m) / s for w, x, m, s in zip(self.weights, vector, self.means, self.scales, strict=True))


def title_context(entries: list[list], first_prose: int) -> Context:
    """The document a headline is weighed in: the story from its first paragraph on."""
    return document_context(entries, first_prose, len(entries) - 1)


def title_vector(entries: list[list], candidates: list[int], cues: dict[str, set[int]], first_prose: int,
                 position: int, context: Context, chrome: LineModel | None = None) -> list[float]:
    """Features of candidate number `position`: what the rules said of it, where it sits, its shape, what
    it shares with the story (a headline's words come back in the lead; a section label's do not; a
    headline is often printed again inside a longer line: a breadcrumb, a share bar, 'Headline | Site'),
    and how sure the chrome model is that the line is chrome ('Pls read & share', a section label, a
    disclosure line above the headline), alone and when the line sits above the page's main block."""
    index = candidates[position]
    line = entries[index][0]
    words = max(word_count(line), 1)
    tokens = WORD.findall(line)
    plain = [token.strip("\"'“”‘’()[],.:;!?").casefold() for token in tokens]
    alpha = [token for token in tokens if token[:1].isalpha()]
    longest = max(word_count(entries[other][0]) for other in candidates)
    between = sum(1 for other in range(index + 1, min(first_prose, len(entries))) if entries[other][1] is None)
    main = next(iter(cues.get("main", ())), first_prose)  # the first paragraph of the page's main block of prose
    above_main = (sum(1 for other in range(index + 1, min(main, len(entries))) if entries[other][1] is None)
                  if index < main else -1)
    n = len(entries)
    chrome_p = (chrome.score(line_vector(entries, index, first_prose, n - 1, context)) if chrome is not None
                else 0.0)
    return [
        1.0,
        *(float(index in cues[key]) for key in ("rules", "doubled", "bracketed", "plain", "long", "masthead", "metadata")),
        position / max(len(candidates) - 1, 1),
        float(position == 0),
        float(position == len(candidates) - 1),
        math.log1p(between),
        float(between == 0),
        math.log1p(words),
        float(5 <= words <= 20),
        words / max(longest, 1),
        sum(token[:1].isupper() for token in alpha) / max(len(alpha), 1),
        float(line.endswith("?")),
        float(":" in line[:-1]),
        min(len(SEPARATORS.findall(line)) / words, 1.0),
        len(DIGIT.findall(line)) / max(len(line), 1),
        sum(token in READER_WORDS for token in plain) / words,
        float(bool(plain) and plain[0] in ACTION_VERBS),
        float(index > 0 and entries[index - 1][1] is not None),
        float(index + 1 < n and entries[index + 1][1] is not None),
        float(bool(PROSE_END.search(line))),
        # all capitals: ASCII with no lower-case letter (upper() changes none), four letters or more
        float(line.isascii() and line.upper() == line and sum(map(str.isalpha, line)) >= 4),
        sum(token in STOP_WORDS for token in plain) / words,
        # a headline with its standfirst right under it: the longer line below is the dek, not the title
        float(position + 1 < len(candidates) and candidates[position + 1] == index + 1
              and word_count(entries[index + 1][0]) > words),
        float(position > 0 and candidates[position - 1] == index - 1 and word_count(entries[index - 1][0]) < words),
        *overlaps(line, context, False),
        float(words >= 3 and inside_longer_line(entries, index)),
        float(bool(alpha) and alpha[0][:1].isupper() and sum(token[:1].isupper() for token in alpha[1:]) * 3 <= len(alpha) - 1),
        float(index in cues.get("deep", ())),
        math.log1p(max(above_main, 0)),
        float(above_main == 0),
        chrome_p,
        chrome_p * float(above_main > 0),
    ]


def inside_longer_line(entries: list[list], index: int) -> bool:
    """The line's text appears inside another, longer line of the document."""
    key = entries[index][0].casefold()
    return any(other != index and len(line) > len(key) and key in line.casefold()
               for other, (line, _, _) in enumerate(entries))


def pick_headline(ranker: TitleRanker, entries: list[list], candidates: list[int], cues: dict[str, set[int]],
                  first_prose: int, chrome: LineModel | None = None) -> int:
    """The best-scored candidate, when it beats the rules' own choice by the ranker's margin (`chrome`: the
    chrome model whose probabilities the ranker was trained with)."""
    context = title_context(entries, first_prose)
    scores = [ranker.score(title_vector(entries, candidates, cues, first_prose, position, context, chrome))
              for position in range(len(candidates))]
    best = max(range(len(candidates)), key=lambda position: (scores[position], -position))
    rules = next((position for position, index in enumerate(candidates) if index in cues["rules"]), best)
    return candidates[best] if scores[best] - scores[rules] > ranker.margin else candidates[rules]


Tree = dict  # {"f": feature, "c": cut, "l": tree, "r": tree, "v": value} or a leaf {"v": value}


@dataclass(frozen=True)
class LineModel:
    """Boosted decision trees (depth 3) over FEATURES; the log-odds that a line is chrome is `base`
    plus one leaf value per tree."""

    base: float
    trees: tuple[Tree, ...]
    threshold: float  # remove a kept line at or above this probability (chosen out of fold in training)
    title: TitleRanker | None = None
    names: tuple[str, ...] = FEATURES  # the features the trees split on, in vector order

    def __post_init__(self) -> None:
        object.__setattr__(self, "flat", tuple(flatten(tree) for tree in self.trees))
        object.__setattr__(self, "compiled", compile_trees(self.base, self.flat))

    def score(self, vector: list[float], contributions: list[float] | None = None) -> float:
        """The probability that the line is chrome; `contributions`, if given, gets each feature's share of the
        log-odds (the value change at every split on it along the line's path through each tree). Runs the
        trees as generated code (`compile_trees`); `walk` is the same computation, plainly written."""
        log_odds, with_contributions = self.compiled  # type: ignore[attr-defined]
        total = log_odds(vector) if contributions is None else with_contributions(vector, contributions)
        return 1.0 / (1.0 + math.exp(-max(min(total, 40.0), -40.0)))

    def walk(self, vector: list[float], contributions: list[float] | None = None) -> float:
        """`score` by walking each tree's lists: the reference the generated code is tested against."""
        total = self.base
        for features, cuts, lefts, rights, values in self.flat:  # type: ignore[attr-defined]
            node = 0
            while features[node] >= 0:
                child = lefts[node] if vector[features[node]] <= cuts[node] else rights[node]
                if contributions is not None:
                    contributions[features[node]] += values[child] - values[node]
                node = child
            total += values[node]
        return 1.0 / (1.0 + math.exp(-max(min(total, 40.0), -40.0)))

    def explain(self, vector: list[float], top: int = 3, contributions: list[float] | None = None) -> str:
        """The features that pushed the line hardest towards chrome, in words (`contributions` as `score`
        filled them for this vector, if it already ran: the trees are then not walked twice)."""
        if contributions is None:
            contributions = [0.0] * len(self.names)
            self.score(vector, contributions)
        parts: list[str] = []
        for value, name, raw in sorted(zip(contributions, self.names, vector, strict=True), reverse=True):
            if value <= 0 or len(parts) >= top:
                break
            phrase = HIGH.get(name) if raw > MIDPOINTS.get(name, 0.5) else LOW.get(name)
            if phrase and phrase not in parts:
                parts.append(phrase)
        return ", ".join(parts) or "shape of the line"


def flatten(tree: Tree) -> tuple[list[int], list[float], list[int], list[int], list[float]]:
    """A tree as parallel lists (feature, cut, left, right, value; feature -1 at a leaf): ~3x faster to walk
    than the nested dicts it is stored as."""
    features: list[int] = []
    cuts: list[float] = []
    lefts: list[int] = []
    rights: list[int] = []
    values: list[float] = []

    def add(node: Tree) -> int:
        index = len(features)
        features.append(int(node.get("f", -1)))
        cuts.append(float(node.get("c", 0.0)))
        lefts.append(-1)
        rights.append(-1)
        values.append(float(node["v"]))
        if "f" in node:
            lefts[index] = add(node["l"])
            rights[index] = add(node["r"])
        return index

    add(tree)
    return features, cuts, lefts, rights, values


def compile_trees(base: float, flat: tuple) -> tuple:
    """The trees as two Python functions of the feature vector: the log-odds (nested conditional
    expressions summed in tree order from `base`), and the same while adding each split's value change to
    a contributions list. The same comparisons and the same additions as walking the lists, so the same
    floats, ~10x faster. Non-finite numbers are passed in by name, never written as literals."""
    constants: dict[str, float] = {}

    def number(value: float) -> str:
        if math.isfinite(value):
            return repr(value)
        name = f"K{len(constants)}"
        constants[name] = value
        return name

    def expression(tree: tuple, index: int) -> str:
        features, cuts, lefts, rights, values = tree
        if features[index] < 0:
            return number(values[index])
        return (f"({expression(tree, lefts[index])} if v[{features[index]}] <= {number(cuts[index])} "
                f"else {expression(tree, rights[index])})")

    def statements(tree: tuple, index: int, indent: str) -> list[str]:
        features, cuts, lefts, rights, values = tree
        if features[index] < 0:
            return [f"{indent}t += {number(values[index])}"]
        lines = [f"{indent}if v[{features[index]}] <= {number(cuts[index])}:"]
        for child, header in ((lefts[index], None), (rights[index], f"{indent}else:")):
            if header:
                lines.append(header)
            step = values[child] - values[index]  # computed here as the walk computes it, then written exactly
            lines.append(f"{indent}    c[{features[index]}] += {number(step)}")
            lines += statements(tree, child, indent + "    ")
        return lines

    body = " + ".join([number(base), *(expression(tree, 0) for tree in flat)])
    walk = [f"    t = {number(base)}", *(line for tree in flat for line in statements(tree, 0, "    ")), "    return t"]
    source = f"def log_odds(v):\n    return {body}\n\ndef with_contributions(v, c):\n" + "\n".join(walk) + "\n"
    namespace: dict[str, object] = dict(constants)
    exec(compile(source, "<line model trees>", "exec"), namespace)  # noqa: S102 - code generated from numbers only
    return namespace["log_odds"], namespace["with_contributions"]


# where a feature counts as 'high' for the explanation (most are 0/1 flags or shares)
MIDPOINTS = {"log_words": math.log1p(12), "log_chars": math.log1p(70), "stop_ratio": 0.5, "cap_ratio": 1.0,
             "digit_ratio": 0.3, "separators": 0.2, "reader_ratio": 0.1, "comma_ratio": 0.1, "cjk": 1.0,
             "removed_nearby": 0.6, "short_run": 0.8, "page_chrome": 0.3}


@lru_cache(maxsize=1)
def load_model() -> LineModel | None:
    """The shipped weights, or None when the file is absent (the rules then work alone)."""
    try:
        data = json.loads(resources.files("searchnews").joinpath("data/line_model.json").read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None
    return model_from_json(data)


def model_from_json(data: dict) -> LineModel | None:
    """A model from its JSON payload (the shipped file, or one a benchmark trained without some set)."""
    if tuple(data["features"]) != FEATURES:
        return None  # trees for another feature list: never apply them to the wrong inputs
    title = data.get("title")
    ranker = None
    if title and tuple(title["features"]) == TITLE_FEATURES:
        ranker = TitleRanker(tuple(title["weights"]), tuple(title["means"]), tuple(title["scales"]),
                             float(title["margin"]))
    return LineModel(float(data["base"]), tuple(data["trees"]), float(data["threshold"]), ranker)


MODEL_PREFIX = "line model"


def candidate_lines(entries: list[list], span: tuple[int, int], skipped: set[int] | None = None) -> list[int]:
    """The lines the model may remove: kept by the rules, not a long paragraph (60+ words is story text
    in every labelled set), not a sentence inside the story's span (must-keep text comes first;
    this also keeps the model cheap: most of an article is never scored), and not a row of a block the
    document shows to be the story's data table (table_rows.py: 'Shr 41 cts vs 38 cts', 'Nine mths' above
    it, 'Record March 16' under it); an app's or a record's counters and fields are judged like any line."""
    listed = listed_lines(entries)
    tables = story_table_rows(entries, span)
    if skipped is not None:  # for the second pass (span_chrome.py)
        skipped.update(listed, tables)
    no_story = span[0] > span[1]  # no paragraph reads like prose: every sentence may be the story
    return [index for index, (line, reason, _) in enumerate(entries)
            if reason is None and word_count(line) < 60 and index not in listed and index not in tables
            and not ((no_story or span[0] <= index <= span[1]) and reads_like_sentence(line))]


def listed_lines(entries: list[list]) -> set[int]:
    """The items of a list the text introduces ('Key terms:' then '共同富裕 – common prosperity', ...): the
    short lines straight under a kept line ending with a colon are the story's own list, not chrome."""
    listed: set[int] = set()
    under = False
    for index, (line, reason, _) in enumerate(entries):
        if reason is not None or is_prose(line):
            under = False
        elif under:
            listed.add(index)
        if reason is None and line.endswith(":"):
            under = True
    return listed


DOUBTFUL = 0.9  # a line the model doubts this much is no headline while another candidate fits (chosen on BBC, Reuters, Zyte titles)


@dataclass
class FirstPass:
    """What model_verdicts computed, for the second pass (span_chrome.py) to reuse rather than compute again:
    each removable line's features and probability, and the document's context."""

    scored: dict[int, tuple[list[float], float]] = field(default_factory=dict)
    context: Context | None = None
    skipped: set[int] | None = None  # the story's list items and table rows (candidate_lines)


def model_verdicts(model: LineModel, entries: list[list], span: tuple[int, int],
                   first_pass: FirstPass | None = None) -> tuple[list[tuple[int, str]], set[int]]:
    """(index, reason) for each kept line the model calls chrome at or above its threshold, and the
    lines it merely doubts (p >= DOUBTFUL); `first_pass`, if given, gets what was computed on the way."""
    context = document_context(entries, span[0], span[1])
    if first_pass is not None:
        first_pass.context = context
    verdicts, doubtful = [], set()
    if first_pass is not None:
        first_pass.skipped = set()
    removable = set(candidate_lines(entries, span, first_pass.skipped if first_pass is not None else None))
    # every kept line above the story is weighed as a headline, protected from removal or not
    header = {index for index, (line, reason, _) in enumerate(entries[:span[0]]) if reason is None and word_count(line) < 60}
    for index in sorted(removable | header):
        vector = line_vector(entries, index, span[0], span[1], context)
        probability = model.score(vector)
        if first_pass is not None and index in removable:
            first_pass.scored[index] = (vector, probability)
        if probability >= DOUBTFUL:
            doubtful.add(index)
        if probability >= model.threshold and index in removable:
            why = model.explain(vector)  # the trees walked again with contributions: only for removed lines
            if is_table_shaped(entries, index, span):  # shaped like a table row, in a block that is none
                why += "; figures of a block that is not the story's table (counters, fields)"
            verdicts.append((index, f"{MODEL_PREFIX} p={probability:.2f}: {why}"))
    if len(verdicts) == sum(1 for _, reason, _ in entries if reason is None):
        verdicts = []  # the model never takes every line the rules kept: what is left is the story
    return verdicts, doubtful
