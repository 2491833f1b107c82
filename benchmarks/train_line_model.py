"""Train the line model (searchnews/extract/line_model.py) and report its cross-validated figures.

    python benchmarks/train_line_model.py            # cross-validation report, then writes searchnews/data/line_model.json
    python benchmarks/train_line_model.py --report   # the report only, nothing written
    python benchmarks/train_line_model.py --span     # also the second pass (span_chrome.py) into searchnews/data/span_chrome_model.json
    python benchmarks/train_line_model.py --titles   # the title ranker's cross-validation at margins 0-3

Labelled lines, each as the cleaner sees it (the rules' reasons for its neighbours, before the model):
- tests/devset, tests/holdout, tests/holdout2 (and with --with-new-holdouts tests/holdout3-5: blind holdouts
  scored once in their first_run.json, now development data, left out of the shipped model, see BENCHMARKS.md t12k): gold `boilerplate` lines are chrome; lines holding a
  `must_keep` sentence, the gold title's line, and prose lines between the first and last must-keep
  line are story; everything else is unlabelled;
- a thin slice of Reuters-21578 and BBC stories (every 40th / 10th, written as real_extraction.py
  writes them): the headline and the prose paragraphs are story (wire headlines are short, all
  capitals, ticker-marked: shaped like labels, and they are not);
- the 181 real Zyte pages (../shared/data/article-extraction): each page's text as a reader copying
  the whole page gets it (benchmarks/page_text.py, the renderer page_copies.py measures on), lines found in
  the ground-truth articleBody are story, the <h1> headline is story, lines sharing no paragraph with
  the body are chrome.
- composites (on by default; --no-mix leaves them out): two per Zyte page, the page's own copy with its
  story swapped for a BBC or Reuters story nobody here wrote (chrome above, byline/share lines under the
  headline, in-body chrome spread between the new paragraphs, footer; seeded variations), so headlines of
  known text sit in real furniture; every fold is drawn by host page (host_page).
Only lines the rules keep are learned from and scored (the model judges nothing else). Training is
deterministic (Newton's method on an L2-penalised logistic loss, numpy only at training time).
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import unicodedata
from collections import Counter
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

import page_text  # noqa: E402

from searchnews.extract import clean as clean_module  # noqa: E402
from searchnews.extract import span_chrome  # noqa: E402
from searchnews.extract.line_model import (  # noqa: E402
    FEATURES,
    TITLE_FEATURES,
    candidate_lines,
    document_context,
    line_vector,
    load_model,
    title_context,
    title_vector,
)
from searchnews.extract.line_shape import reads_like_sentence, word_count  # noqa: E402

HAND_SETS = ("devset", "holdout", "holdout2")  # the shipped model's recipe
NEW_HOLDOUTS = ("holdout3", "holdout4", "holdout5")  # development data since their first runs; opt-in (--with-new-holdouts)
ZYTE = ROOT.parent / "shared" / "data" / "article-extraction"
OUT = ROOT / "searchnews" / "data" / "line_model.json"
SPAN_OUT = ROOT / "searchnews" / "data" / "span_chrome_model.json"
L2 = 1.0
MAX_STORY_LOSS = 0.003  # threshold: the lowest at which at most this share of story lines is removed
QUOTES = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"', "–": "-", "—": "-", "\xa0": " "})


def norm(text: str) -> str:
    return " ".join(unicodedata.normalize("NFKC", text).translate(QUOTES).split()).casefold()


class Capture:
    """Stands in for clean.model_chrome: records the entries the model would judge, judges nothing."""

    def __init__(self) -> None:
        self.entries: list[list] = []

    def __call__(self, entries: list[list], scored: dict | None = None) -> tuple[dict[int, str], frozenset[int]]:
        self.entries = [list(entry) for entry in entries]
        return {}, frozenset()


class TitleCapture:
    """Stands in for clean.rank_headline: records each candidate's features, returns the rules' choice."""

    def __init__(self) -> None:
        self.candidates: list[tuple[str, list[float]]] = []

    def __call__(self, entries, candidates, cues, first_prose, chrome) -> int:
        context = title_context(entries, first_prose)
        chrome = load_model()  # the shipped chrome model: the same trees this run fits (training is deterministic)
        self.candidates = [(entries[index][0], title_vector(entries, candidates, cues, first_prose, position, context,
                                                            chrome))
                           for position, index in enumerate(candidates)]
        return next(iter(cues["rules"]))


LAST_TITLE: list[tuple[str, list[float]]] = []  # the candidates of the last text cleaned


def cleaner_entries(text: str) -> list[list]:
    """The entries the line model judges (the rules' view), with the model switched off; the title
    candidates of the same run go to LAST_TITLE."""
    capture, titles = Capture(), TitleCapture()
    originals = clean_module.model_chrome, clean_module.rank_headline
    clean_module.model_chrome, clean_module.rank_headline = capture, titles
    try:
        clean_module.clean_text(text, clean_module.boilerplate_patterns(None), frozenset(), None)
    finally:
        clean_module.model_chrome, clean_module.rank_headline = originals
    LAST_TITLE[:] = titles.candidates
    return capture.entries


TITLES: dict[str, tuple[list[list[float]], list[int]]] = {}  # document id -> candidate features, 1 for the headline


def record_title(doc_id: str, headline: str) -> None:
    """The candidates of the text just cleaned, labelled: kept only when exactly one is the headline."""
    want = norm(headline)
    labels = [int(bool(want) and (norm(clean_module.clean_title(line)) == want or norm(line) == want))
              for line, _ in LAST_TITLE]
    if want and sum(labels) == 1 and len(labels) > 1:
        TITLES[doc_id] = ([vector for _, vector in LAST_TITLE], labels)


# --- the hand-labelled sets ---------------------------------------------------------------------------

def hand_documents(name: str) -> list[tuple[str, list[list], list[int | None]]]:
    """(article id, entries, label per entry: 1 chrome, 0 story, None unlabelled)."""
    from searchnews.corpus.read import CorpusFile, read_file

    folder = ROOT / "tests" / name
    golds = {}
    for line in (folder / "gold.jsonl").read_text(encoding="utf-8").splitlines():
        if line.strip():
            gold = json.loads(line)
            golds[gold["id"]] = gold
    documents = []
    for file_name in sorted({gold["file"] for gold in golds.values()}):
        path = folder / "articles" / file_name
        raws, _ = read_file(CorpusFile(path, file_name))
        for raw in raws:
            gold = golds.get(raw.doc_id)
            if gold is None:
                continue
            text = raw.text
            if raw.fmt == "html":
                from searchnews.extract.html import parse_html

                text = parse_html(text).text
            entries = cleaner_entries(text)
            record_title(f"{name}/{raw.doc_id}", gold["title"] or "")
            documents.append((f"{name}/{raw.doc_id}", entries, hand_labels(entries, gold)))
    return documents


def hand_labels(entries: list[list], gold: dict) -> list[int | None]:
    chrome = {norm(line) for line in gold["boilerplate"]}
    keep = [norm(sentence) for sentence in gold["must_keep"]]
    title = norm(gold["title"] or "")
    labels: list[int | None] = []
    for line, _, _ in entries:
        text = norm(line)
        if text in chrome:
            labels.append(1)
        elif any(sentence in text for sentence in keep) or (title and norm(clean_module.clean_title(line)) == title):
            labels.append(0)
        else:
            labels.append(None)
    story = [index for index, label in enumerate(labels) if label == 0]
    if story:
        for index in range(story[0], story[-1]):
            if labels[index] is None and clean_module.is_prose(entries[index][0]):
                labels[index] = 0
    return labels


# --- the Zyte pages -----------------------------------------------------------------------------------

def headline_agrees(h1: str, title: str) -> bool:
    """A page's <h1> is its headline when the page's own title carries (nearly) all its words."""
    h1_words, title_words = set(re.findall(r"\w+", h1.casefold())), set(re.findall(r"\w+", title.casefold()))
    return len(h1_words) >= 2 and len(h1_words & title_words) >= 0.8 * len(h1_words)


def zyte_documents(limit: int | None = None) -> list[tuple[str, list[list], list[int | None]]]:
    truth = json.loads((ZYTE / "ground-truth.json").read_text(encoding="utf-8"))
    documents = []
    for key in sorted(truth)[:limit]:
        page = ZYTE / "html" / f"{key}.html"
        if not page.exists():
            continue
        markup = page.read_bytes()
        text, headline = page_text.copy_text(markup), page_text.headline(markup)
        entries = cleaner_entries(text)
        if headline_agrees(headline, page_text.page_title(markup)):
            record_title(f"zyte/{key[:12]}", headline)
        body = truth[key]["articleBody"]
        labels = zyte_labels(entries, body, headline)
        documents.append((f"zyte/{key[:12]}", entries, labels))
        HOSTS.append((f"zyte/{key[:12]}", text, headline, {norm(entry[0]): label for entry, label in zip(entries, labels, strict=True)}))
    return documents


HOSTS: list[tuple[str, str, str, dict[str, int | None]]] = []  # Zyte pages read: id, copy text, <h1>, line labels


def host_page(doc_id: str) -> str:
    """The Zyte page a document's chrome comes from (itself for a page; the host of a composite): folds are
    drawn by host, so no page's chrome is both trained on and scored."""
    return "zyte/" + doc_id.split("/")[1] if doc_id.startswith("mix/") else doc_id


def zyte_labels(entries: list[list], body: str, headline: str) -> list[int | None]:
    paragraphs = {norm(p) for p in body.split("\n") if p.strip()}
    whole = norm(body)
    words = Counter(re.findall(r"\w+", whole))
    head = norm(headline)
    labels: list[int | None] = []
    for line, _, _ in entries:
        text = norm(line)
        if text in paragraphs or (len(text) >= 40 and text in whole) or (head and text == head):
            labels.append(0)
            continue
        tokens = re.findall(r"\w+", text)
        shared = sum(1 for token in tokens if words[token]) / max(len(tokens), 1)
        # a line none of whose paragraphs is in the body, and whose words mostly are not either: chrome;
        # a short line that happens to appear inside a body paragraph stays unlabelled
        if text in whole or (shared >= 0.5 and len(tokens) >= 8):
            labels.append(None)
        else:
            labels.append(1)
    return labels


# --- wire and BBC stories: headlines that look like labels ('TWA <TWA> SUES USAIR <U>') ---------------

WIRE_EVERY = 40  # a thin slice of Reuters (~480 of 19,000 stories) and BBC (~220 of 2,225): the rest is never seen


def wire_documents() -> list[tuple[str, list[list], list[int | None]]]:
    """Reuters and BBC stories written as files the way benchmarks/real_extraction.py writes them: the
    headline line and every prose paragraph are story; nothing else is labelled."""
    import gzip

    import real_extraction

    documents = []
    with gzip.open(real_extraction.REUTERS, "rt", encoding="utf-8") as handle:
        records = [r for r in map(json.loads, handle) if r.get("text_type") == "NORM" and r["date"][:4].isdigit()]
    texts = [(f"wire/reuters-{r['id']}", real_extraction.reuters_text(r, "distributed"), r["title"])
             for r in records[3::WIRE_EVERY]]
    with gzip.open(real_extraction.BBC, "rt", encoding="utf-8") as handle:
        texts += [(f"wire/bbc-{r['id']}", f"{r['title']}\n\n{r['body']}\n", r["title"])
                  for r in list(map(json.loads, handle))[3::WIRE_EVERY // 4]]
    for doc_id, text, title in texts:
        entries = cleaner_entries(text)
        record_title(doc_id, title)
        want = norm(title)
        labels = [0 if norm(line) == want or (reason is None and clean_module.is_prose(line)) else None
                  for line, reason, _ in entries]
        documents.append((doc_id, entries, labels))
    return documents


# --- composites: real articles with known headlines inside real pages' chrome -------------------------------

MIX_EVERY = 10  # BBC stories at index 7 mod 10, Reuters at 17 mod 40: not the wire slice (3 mod ...), few of the rest


def article_pool() -> list[tuple[str, str, list[str]]]:
    """(id, headline, paragraphs) of BBC and Reuters stories nobody on this project wrote, alternating."""
    import gzip

    import real_extraction

    with gzip.open(real_extraction.BBC, "rt", encoding="utf-8") as handle:
        bbc = [(f"bbc-{r['id'].replace('/', '-')}", r["title"], [p.strip() for p in r["body"].split("\n\n") if p.strip()])
               for r in list(map(json.loads, handle))[7::MIX_EVERY]]
    with gzip.open(real_extraction.REUTERS, "rt", encoding="utf-8") as handle:
        records = [r for r in map(json.loads, handle) if r.get("text_type") == "NORM" and r["date"][:4].isdigit()]
    reuters = []
    for r in records[17::WIRE_EVERY]:
        body = re.sub(r"\s*\bReuter\s*$", "", r["body"])
        paragraphs = [" ".join(p.split()) for p in re.split(r"\n\s{3,}|\n\s*\n", body) if p.strip()]
        if paragraphs and len(paragraphs[0].split()) >= 8:
            reuters.append((f"reuters-{r['id']}", " ".join(r["title"].split()), paragraphs, r["dateline"].strip()))
    pool: list[tuple[str, str, list[str]]] = []
    for number in range(max(len(bbc), len(reuters))):
        for source in (bbc, reuters):
            if number < len(source):
                item = source[number]
                paragraphs = list(item[2])
                if len(item) == 4 and number % 2 == 0:  # the web form of the dateline on half of them
                    paragraphs[0] = re.sub(r"\s*-\s*$", " (Reuters) -", item[3]) + " " + paragraphs[0]
                pool.append((item[0], item[1], paragraphs))
    return pool


def composite(host: tuple[str, str, str, dict[str, int | None]], article: tuple[str, str, list[str]],
              kickers: list[str], rng) -> tuple[str, dict[str, int]] | None:
    """The host page's copy with its story swapped for `article`: the page's chrome above the headline, its
    byline/date/share lines under it, its in-body chrome (related links, share bars, ads) spread between
    the new paragraphs in the same proportions, its footer; sometimes the chrome above dropped (a copy of
    the article alone), a section label (another page's short chrome line) over the headline, or the
    headline printed twice. Returns the text and labels by line (normalised): 0 story, 1 chrome."""
    _, text, old_title, labels = host
    _, title, paragraphs = article
    lines = text.split("\n")
    label = [labels.get(norm(line)) if line.strip() else None for line in lines]
    story = [i for i, value in enumerate(label) if value == 0]
    old = norm(old_title)
    body = [i for i in story if norm(lines[i]) != old]
    if len(body) < 2 or not old:
        return None
    first, last = body[0], body[-1]
    heads = [i for i in story if norm(lines[i]) == old and i < first]
    title_at = heads[0] if heads else first

    def swap(line: str) -> str:
        if norm(line) == old:
            return title
        return line.replace(old_title, title) if len(old_title) >= 20 else line

    prefix = [swap(line) for line in lines[:title_at]]
    between = [swap(line) for line in lines[title_at + 1:first]] if heads else []
    inner = [((i - first) / max(last - first, 1), lines[i]) for i in range(first, last + 1) if label[i] == 1]
    suffix = [swap(line) for line in lines[last + 1:]]
    out_labels = {norm(line): 1 for line, value in zip(lines, label, strict=True) if value == 1}
    roll = rng.random()
    if roll < 0.2:
        prefix = []
    elif roll < 0.45 and kickers:
        kicker = kickers[rng.randrange(len(kickers))]
        prefix += [kicker, ""]
        out_labels.setdefault(norm(kicker), 1)
    if rng.random() < 0.15:
        prefix = [title, "", *prefix]
    out = [*prefix, title, "", *between]
    placed = 0
    for number, paragraph in enumerate(paragraphs):
        while placed < len(inner) and inner[placed][0] * len(paragraphs) <= number:
            out += [inner[placed][1], ""]
            placed += 1
        out += [paragraph, ""]
    out += [line for _, line in inner[placed:]] + suffix
    for paragraph in paragraphs:
        out_labels[norm(paragraph)] = 0
    out_labels[norm(title)] = 0
    return "\n".join(out) + "\n", out_labels


def composite_documents(per_page: int = 2) -> list[tuple[str, list[list], list[int | None]]]:
    """`per_page` composites on each Zyte page read so far (zyte_documents first), each with its own article."""
    import random
    import zlib

    pool = article_pool()
    kickers = sorted({line for _, text, _, labels in HOSTS for line in text.split("\n")[:40]
                      if labels.get(norm(line)) == 1 and 1 <= len(line.split()) <= 3 and not any(map(str.isdigit, line))})
    documents = []
    for number, host in enumerate(HOSTS):
        for copy in range(per_page):
            article = pool[(number * per_page + copy) % len(pool)]
            doc_id = f"mix/{host[0].split('/')[1]}/{article[0]}"
            rng = random.Random(zlib.crc32(doc_id.encode()))
            built = composite(host, article, kickers, rng)
            if built is None:
                continue
            text, by_line = built
            entries = cleaner_entries(text)
            record_title(doc_id, article[1])
            documents.append((doc_id, entries, [by_line.get(norm(line)) for line, _, _ in entries]))
    return documents


# --- training ---------------------------------------------------------------------------------------

TREES, DEPTH, RATE, LAMBDA, MIN_HESSIAN, BINS = 60, 3, 0.3, 1.0, 1.0, 32
MAX_SENTENCE_LOSS = 0.002  # threshold: at most this share of story sentences removed (out of fold) ...
TITLE_MARGIN = 1.0  # the ranker overrules the rules' headline only this much more sure (cross-validated: see BENCHMARKS.md t12t)
MAX_STORY_LOSS = 0.02  # ... and of all story lines (list items and subheadings included)


def rows(documents) -> dict[str, np.ndarray]:
    """Every labelled line under 60 words (the model learns chrome's shape also from lines the rules
    catch), with flags: judged (a line the model would score: kept by the rules, not a story sentence)
    and sentence."""
    columns: dict[str, list] = {"x": [], "y": [], "doc": [], "judged": [], "sentence": [], "text": [], "extra": [],
                                "in_span": []}
    for doc_id, entries, doc_labels in documents:
        span = clean_module.story_span(entries)
        context = document_context(entries, span[0], span[1])
        judged = set(candidate_lines(entries, span))
        around = span_chrome.span_context(entries, span_chrome.chrome_share(entries))
        in_span = set(span_chrome.span_sentences(entries, span))
        for index, (line, _, _) in enumerate(entries):
            if doc_labels[index] is None or word_count(line) >= 60:
                continue
            columns["extra"].append(span_chrome.extra_vector(entries, index, around))
            columns["in_span"].append(index in in_span)
            columns["x"].append(line_vector(entries, index, span[0], span[1], context))
            columns["y"].append(doc_labels[index])
            columns["doc"].append(doc_id)
            columns["judged"].append(index in judged)
            columns["sentence"].append(reads_like_sentence(line))
            columns["text"].append(line)
    data = {key: np.array(value) for key, value in columns.items()}
    data["x"] = data["x"].astype(float)
    data["x_span"] = np.hstack([data["x"], data.pop("extra").astype(float)])  # span_chrome.py's second pass
    data["y"] = data["y"].astype(float)
    data["group"] = np.array([doc_id.split("/")[0] for doc_id in data["doc"]])
    return data


def sample_weights(groups: np.ndarray) -> np.ndarray:
    """Each source weighs as much as the others in total: 48 hand-written articles are not drowned by
    thousands of Zyte lines."""
    counts = Counter(groups.tolist())
    return np.array([len(groups) / (len(counts) * counts[group]) for group in groups.tolist()])


def grow(binned, cuts, gradient, hessian, index, depth) -> dict:
    """One regression tree on (gradient, hessian), histogram splits, Newton leaf values."""
    g_sum, h_sum = gradient[index].sum(), hessian[index].sum()
    node: dict = {"v": round(float(-g_sum / (h_sum + LAMBDA) * RATE), 6)}
    if depth == 0 or len(index) < 20:
        return node
    best_gain, best = 1e-9, None
    parent = g_sum * g_sum / (h_sum + LAMBDA)
    for feature in range(binned.shape[1]):
        size = len(cuts[feature]) + 1
        if size < 2:
            continue
        bins = binned[index, feature]
        g_left = np.cumsum(np.bincount(bins, weights=gradient[index], minlength=size))[:-1]
        h_left = np.cumsum(np.bincount(bins, weights=hessian[index], minlength=size))[:-1]
        g_right, h_right = g_sum - g_left, h_sum - h_left
        allowed = (h_left >= MIN_HESSIAN) & (h_right >= MIN_HESSIAN)
        if not allowed.any():
            continue
        gain = np.where(allowed, g_left ** 2 / (h_left + LAMBDA) + g_right ** 2 / (h_right + LAMBDA) - parent, -1.0)
        cut = int(np.argmax(gain))
        if gain[cut] > best_gain:
            best_gain, best = float(gain[cut]), (feature, cut)
    if best is None:
        return node
    feature, cut = best
    left = binned[index, feature] <= cut
    node.update(f=feature, c=float(cuts[feature][cut]),
                l=grow(binned, cuts, gradient, hessian, index[left], depth - 1),
                r=grow(binned, cuts, gradient, hessian, index[~left], depth - 1))
    return node


def tree_values(tree: dict, x: np.ndarray) -> np.ndarray:
    out = np.empty(len(x))

    def walk(node: dict, index: np.ndarray) -> None:
        if "f" not in node:
            out[index] = node["v"]
            return
        left = x[index, node["f"]] <= node["c"]
        walk(node["l"], index[left])
        walk(node["r"], index[~left])

    walk(tree, np.arange(len(x)))
    return out


def fit(x: np.ndarray, y: np.ndarray, weight: np.ndarray) -> dict:
    """Gradient-boosted trees on the logistic loss (deterministic: no sampling)."""
    cuts = [np.unique(np.quantile(x[:, j], np.linspace(0, 1, BINS + 1)[1:-1])) for j in range(x.shape[1])]
    binned = np.stack([np.searchsorted(cuts[j], x[:, j], side="left") for j in range(x.shape[1])], axis=1)
    weight = weight / weight.mean()
    prior = float(np.clip((weight * y).sum() / weight.sum(), 1e-3, 1 - 1e-3))
    base = float(np.log(prior / (1 - prior)))
    score = np.full(len(y), base)
    trees = []
    for _ in range(TREES):
        p = 1.0 / (1.0 + np.exp(-score))
        tree = grow(binned, cuts, weight * (p - y), weight * p * (1 - p), np.arange(len(y)), DEPTH)
        trees.append(tree)
        score += tree_values(tree, x)
    return {"base": round(base, 6), "trees": trees}


def predict(model: dict, x: np.ndarray) -> np.ndarray:
    score = np.full(len(x), model["base"])
    for tree in model["trees"]:
        score += tree_values(tree, x)
    return 1.0 / (1.0 + np.exp(-score))


def choose_threshold(p: np.ndarray, y: np.ndarray, sentence: np.ndarray) -> float:
    """The lowest probability at which story loss stays within MAX_SENTENCE_LOSS / MAX_STORY_LOSS."""
    for threshold in np.arange(0.5, 1.0, 0.01):
        removed = p >= threshold
        if (removed[(y == 0) & sentence].mean() <= MAX_SENTENCE_LOSS if ((y == 0) & sentence).any() else True) \
                and removed[y == 0].mean() <= MAX_STORY_LOSS:
            return round(float(threshold), 2)
    return 0.99


def out_of_fold(data: dict, train: np.ndarray, folds: int = 5, key: str = "x") -> np.ndarray:
    """Predictions for the rows in `train`, each from a model fitted without its document's fold (on the
    features `key`: x, or x_span for the second pass)."""
    hosts = sorted({host_page(doc) for doc in data["doc"][train].tolist()})
    fold_of = {doc: number % folds for number, doc in enumerate(hosts)}
    fold = np.array([fold_of.get(host_page(doc), -1) for doc in data["doc"].tolist()])
    p = np.zeros(len(data["y"]))
    for k in range(folds):
        fit_rows = train & (fold != k)
        model = fit(data[key][fit_rows], data["y"][fit_rows], sample_weights(data["group"][fit_rows]))
        rows_k = train & (fold == k)
        p[rows_k] = predict(model, data[key][rows_k])
    return p


def fitted_with_threshold(data: dict, train: np.ndarray) -> tuple[dict, float]:
    """The model on `train` rows, and its threshold chosen on out-of-fold predictions of those rows."""
    p = out_of_fold(data, train)
    judged = train & data["judged"]
    threshold = choose_threshold(p[judged], data["y"][judged], data["sentence"][judged])
    return fit(data["x"][train], data["y"][train], sample_weights(data["group"][train])), threshold


MAX_IN_SPAN_LOSS = 0.0005  # sentence bar: at most this share of the story's own sentences removed (out of fold)
STORY_LINE_COST = 20  # outside bar: one story line lost weighs as much as this many chrome lines kept


def choose_outside_threshold(p: np.ndarray, y: np.ndarray, inside: float) -> float:
    """The bar for lines above or below the story's span: the one (from 0.9 up to the inside bar) that loses
    least, a story line lost costing STORY_LINE_COST chrome lines kept (t12c's recipe)."""
    best, best_cost = inside, float("inf")
    for threshold in np.arange(0.9, inside + 1e-9, 0.01):
        removed = p >= threshold
        cost = STORY_LINE_COST * float((removed & (y == 0)).sum()) + float((~removed & (y == 1)).sum())
        if cost < best_cost:
            best, best_cost = round(float(threshold), 2), cost
    return best


def choose_sentence_threshold(p: np.ndarray, y: np.ndarray) -> float:
    """The lowest probability at which a sentence inside the story's span may go: story sentences are the
    text users search, so the bar is far stricter than for other lines (2.0, never, if none is safe)."""
    story = y == 0
    for threshold in np.arange(0.95, 1.0, 0.001):
        removed = p >= threshold
        if not story.any() or removed[story].mean() <= MAX_IN_SPAN_LOSS:
            return round(float(threshold), 3)
    return 2.0


def fitted_span_model(data: dict, train: np.ndarray) -> dict:
    """The second pass's payload (span_chrome.py): trees over x_span on `train` rows and its three bars,
    chosen on out-of-fold predictions (lines the first pass judges in the span; sentences in the span;
    lines above or below it)."""
    p = out_of_fold(data, train, key="x_span")
    judged = train & data["judged"]
    threshold = choose_threshold(p[judged], data["y"][judged], data["sentence"][judged])
    inside = train & data["in_span"]
    away = judged & (data["x"][:, FEATURES.index("in_story")] == 0)
    model = fit(data["x_span"][train], data["y"][train], sample_weights(data["group"][train]))
    return {"features": list(span_chrome.SPAN_FEATURES), "threshold": threshold,
            "sentence_threshold": choose_sentence_threshold(p[inside], data["y"][inside]),
            "outside_threshold": choose_outside_threshold(p[away], data["y"][away], threshold),
            "base": model["base"], "trees": model["trees"],
            "trained_on": f"{', '.join(sorted(set(data['group'][train].tolist())))}: {int(train.sum())} labelled lines"}


def describe(p: np.ndarray, y: np.ndarray, threshold: float) -> str:
    removed = p >= threshold
    chrome = y == 1
    recall = removed[chrome].mean() if chrome.any() else float("nan")
    return (f"chrome removed {recall:.3f} of {int(chrome.sum())}, "
            f"story removed {int(removed[~chrome].sum())} of {int((~chrome).sum())}")


def report(data: dict, verbose: bool) -> None:
    """Leave one source out (held-out lines the rules keep and the model judges), then 5-fold by page on Zyte."""
    print("leave one source out (lines the rules keep, outside the story's sentences):")
    for held in sorted(set(data["group"].tolist())):
        train = ~np.isin(data["group"], [held, *LINKED.get(held, ())])
        model, threshold = fitted_with_threshold(data, train)
        test = (data["group"] == held) & data["judged"]  # not the source left out with it
        p = predict(model, data["x"][test])
        print(f"  {held:9s} threshold {threshold:.2f}: {describe(p, data['y'][test], threshold)}")
        if verbose and held != "zyte":
            for prob, label, text in zip(p, data["y"][test], data["text"][test], strict=True):
                if (prob >= threshold) != bool(label):
                    print(f"      {'kept chrome' if label else 'LOST story '} p={prob:.2f} {text[:100]!r}")
    zyte = data["group"] == "zyte"
    p = out_of_fold(data, zyte)
    test = zyte & data["judged"]
    train_threshold = choose_threshold(p[test], data["y"][test], data["sentence"][test])
    print(f"  zyte 5-fold by page (Zyte only), threshold {train_threshold:.2f}: "
          f"{describe(p[test], data['y'][test], train_threshold)}")


def fit_linear(x: np.ndarray, y: np.ndarray) -> dict:
    """L2-penalised logistic regression (Newton's method), on standardised features."""
    means, scales = x.mean(axis=0), x.std(axis=0)
    means[0], scales[0] = 0.0, 1.0
    scales[scales == 0] = 1.0
    z = (x - means) / scales
    beta = np.zeros(z.shape[1])
    penalty = np.full(z.shape[1], 1.0)
    penalty[0] = 0.0
    for _ in range(50):
        p = 1.0 / (1.0 + np.exp(-np.clip(z @ beta, -40, 40)))
        step = np.linalg.solve((z * (p * (1 - p))[:, None]).T @ z + np.diag(penalty + 1e-9),
                               z.T @ (p - y) + penalty * beta)
        beta -= step
        if np.abs(step).max() < 1e-8:
            break
    return {"features": list(TITLE_FEATURES), "margin": TITLE_MARGIN, "weights": [round(float(w), 6) for w in beta],
            "means": [round(float(m), 6) for m in means], "scales": [round(float(s), 6) for s in scales]}


def title_rows(doc_ids: list[str]) -> tuple[np.ndarray, np.ndarray]:
    x = [vector for doc in doc_ids for vector in TITLES[doc][0]]
    y = [label for doc in doc_ids for label in TITLES[doc][1]]
    return np.array(x, dtype=float), np.array(y, dtype=float)


def title_hits(ranker: dict, doc_ids: list[str]) -> tuple[int, int]:
    """(documents the ranker picks the headline in, documents the rules do) among `doc_ids`."""
    weights, means, scales = (np.array(ranker[key]) for key in ("weights", "means", "scales"))
    ranked = rules = 0
    for doc in doc_ids:
        x = np.array(TITLES[doc][0])
        labels = TITLES[doc][1]
        scores = ((x - means) / scales) @ weights
        rules_choice = int(np.argmax(x[:, TITLE_FEATURES.index("rules")]))
        best = int(np.argmax(scores))
        ranked += labels[best if scores[best] - scores[rules_choice] > ranker["margin"] else rules_choice]
        rules += labels[rules_choice]
    return ranked, rules


LINKED = {"zyte": ("mix",), "mix": ("zyte",)}  # a held-out source takes the one sharing its pages' chrome along


def title_report(margins: tuple[float, ...] = (TITLE_MARGIN,)) -> None:
    """Headlines found by the ranker (at each margin over the rules' choice) and by the rules, held out by source."""
    docs = sorted(TITLES)
    groups = sorted({doc.split("/")[0] for doc in docs})
    print("title ranker, leave one source out (documents with 2+ candidates, one of them the headline):")
    print(f"  {'held out':9s} {'docs':>5s} {'rules':>6s} " + " ".join(f"m={margin:<4g}" for margin in margins))
    splits = [(held, [doc for doc in docs if doc.split("/")[0] not in {held, *LINKED.get(held, ())}],
               [doc for doc in docs if doc.startswith(held + "/")]) for held in groups]
    zyte = [doc for doc in docs if doc.startswith("zyte/")]
    splits += [("zyte 5-fold", [doc for doc in docs if host_page(doc) not in set(zyte[fold::5])], zyte[fold::5])
               for fold in range(5)]
    totals: dict[str, list[int]] = {}
    for held, train, test in splits:
        ranker = fit_linear(*title_rows(train))
        row = totals.setdefault(held, [0, 0] + [0] * len(margins))
        row[0] += len(test)
        for number, margin in enumerate(margins):
            ranked, rules = title_hits({**ranker, "margin": margin}, test)
            row[2 + number] += ranked
        row[1] += rules
    for held, row in totals.items():
        print(f"  {held:9s} {row[0]:5d} {row[1]:6d} " + " ".join(f"{value:<6d}" for value in row[2:]))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--report", action="store_true", help="cross-validation only, write nothing")
    parser.add_argument("--titles", action="store_true", help="the title ranker's cross-validation at several margins only")
    parser.add_argument("--without", action="append", default=[], help="leave a source out of the shipped model")
    parser.add_argument("--with-new-holdouts", action="store_true",
                        help="also learn from tests/holdout3-5 (not in the shipped model: it costs page-copy titles)")
    parser.add_argument("--limit", type=int, help="Zyte pages (development)")
    parser.add_argument("--out", type=Path, default=OUT)
    parser.add_argument("--span", action="store_true",
                        help="also train the second pass (span_chrome.py) on the same rows, into --span-out")
    parser.add_argument("--span-out", type=Path, default=SPAN_OUT)
    parser.add_argument("--no-mix", dest="mix", action="store_false",
                        help="leave out the composites (real articles in real pages' chrome)")
    parser.add_argument("-v", "--verbose", action="store_true", help="list the held-out lines the model gets wrong")
    args = parser.parse_args(argv)
    sets = HAND_SETS + (NEW_HOLDOUTS if args.with_new_holdouts else ())
    documents = [doc for name in sets for doc in hand_documents(name)] + zyte_documents(args.limit)
    documents += wire_documents() + (composite_documents() if args.mix else [])
    data = rows(documents)
    print(f"{len(documents)} documents, {len(data['y'])} labelled lines ({int(data['y'].sum())} chrome), "
          f"{int(data['judged'].sum())} of them judged by the model")
    if args.titles:
        title_report((0.0, 0.5, 1.0, 1.5, 2.0, 3.0))
        return 0
    if args.report:
        title_report()
        report(data, args.verbose)
        return 0
    train = ~np.isin(data["group"], args.without)
    model, threshold = fitted_with_threshold(data, train)
    title_docs = [doc for doc in sorted(TITLES) if doc.split("/")[0] not in args.without]
    payload = {"features": list(FEATURES), "threshold": threshold, "base": model["base"], "trees": model["trees"],
               "title": fit_linear(*title_rows(title_docs)),
               "trained_on": f"{', '.join(sorted(set(data['group'][train].tolist())))}: "
                             f"{int(train.sum())} labelled lines"}
    args.out.write_text(json.dumps(payload, separators=(",", ":")) + "\n", encoding="utf-8")
    print(f"wrote {args.out} (threshold {threshold:.2f})")
    if args.span:
        span_payload = fitted_span_model(data, train)
        args.span_out.write_text(json.dumps(span_payload, separators=(",", ":")) + "\n", encoding="utf-8")
        print(f"wrote {args.span_out} (threshold {span_payload['threshold']:.2f}, sentences in the story's span "
              f"{span_payload['sentence_threshold']:.3f}, lines above or below it {span_payload['outside_threshold']:.2f})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
