"""Outlet, date and title from text copies of real web pages (the Zyte article-extraction pages),
scored against each page's own metadata. Nothing in the pages was written by this project.

    python benchmarks/page_copies.py                     # the development half (even index)
    python benchmarks/page_copies.py --half held         # the held-out half (odd index): report only
    python benchmarks/page_copies.py --half all --json   # every page, figures as JSON
    python benchmarks/page_copies.py -v                  # each miss with the evidence extract recorded

Each of the 181 pages (`html/<id>.html`, sorted by id; even index = development half, odd index =
held-out half) is rendered to the text a reader gets when selecting the whole page in a browser and
copying it (`page_text.copy_text`, the renderer the line model is trained on: visible blocks in
document order, menus and footers included; see there for what is left out). The text is written to a
temporary folder as a .txt file, read back with the corpus reader and extracted as ingest does, in
two variants:
- `copy`: `<slug>.txt`, the URL's last path segment with any date removed (no date, no outlet folder);
- `copy, date in path`: `<YYYY-MM-DD>-<slug>.txt`, as scrapers name files (only pages whose true date is known);
and, for comparison, the page source itself (`<slug>.html`, what `searchnews clean page.html` sees).

Gold, from the page's own markup (never from the text copy):
- outlet: any of `og:site_name`, the JSON-LD `publisher` name, the URL's domain mapped through
  outlets.tsv, or the URL's host itself (`latimes.com` names the outlet too). Names are compared after
  outlets.tsv's canonical form, case, a leading 'The', legal tails and punctuation are folded away.
  A page with none of the three names has no outlet gold and is not scored for outlet.
- date: `article:published_time` (meta property or name), else JSON-LD `datePublished`, at day
  precision as written (the page's own offset). Counted: correct (same day), a day off (a time-zone
  shift), coarser (a year or month that agrees), missing, and WRONG (a date that disagrees at its own
  precision: invented).
- title: `og:title` or JSON-LD `headline`, with a site-name part (`... | Site`, `... - Site`) removed;
  either counts. Compared after case, whitespace, quotes and dashes are folded.
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import sys
import tempfile
from collections import Counter
from datetime import date
from pathlib import Path
from urllib.parse import urlparse

sys.path.insert(0, str(Path(__file__).resolve().parent))
from page_text import copy_text  # noqa: E402

DATA = Path(__file__).resolve().parent.parent.parent / "shared" / "data" / "article-extraction"

SEPARATORS = re.compile(r"\s+[|–—-]\s+|\s+::\s+|\s+[·•»]\s+")


def page_gold(markup: str, url: str) -> dict[str, object]:
    """Outlet names, date and titles the page's own markup declares."""
    from lxml import html as lxml_html

    from searchnews.extract.html import json_ld_from_scripts
    from searchnews.extract.outlet_table import load_outlets

    tree = lxml_html.document_fromstring(markup.encode("utf-8", "replace"), parser=lxml_html.HTMLParser(encoding="utf-8"))
    metas: dict[str, str] = {}
    for el in tree.iter("meta"):
        key = el.get("property") or el.get("name") or el.get("itemprop")
        content = el.get("content")
        if key and content and content.strip():
            metas.setdefault(key.strip().casefold(), " ".join(content.split()))
    ld_items = json_ld_from_scripts(script.text for script in tree.xpath('//script[@type="application/ld+json"]'))

    def ld_value(key: str) -> str | None:
        for item in ld_items:
            value = item.get(key)
            if isinstance(value, list) and value:
                value = value[0]
            if isinstance(value, dict):
                value = value.get("name")
            if isinstance(value, str) and value.strip():
                return " ".join(value.split())
        return None

    host = (urlparse(url).hostname or "").casefold().removeprefix("www.")
    outlets = [name for name in (metas.get("og:site_name"), ld_value("publisher"), load_outlets().from_url(url)) if name]
    published = metas.get("article:published_time") or ld_value("datePublished")
    day = None
    if published:
        match = re.match(r"((?:19|20)\d\d)-(\d\d)-(\d\d)", published)
        if match:
            day = match.group(0)
    titles = [title for title in (metas.get("og:title"), ld_value("headline")) if title]
    site_names = [*outlets, host]
    return {"outlets": outlets, "host": host, "date": day, "titles": [strip_site(t, site_names) for t in titles]}


def fold_outlet(name: str) -> str:
    from searchnews.extract.outlet_table import LEGAL_TAIL, load_outlets

    name = load_outlets().canonical(name) or name
    folded = name.casefold().strip()
    folded = re.sub(r"^(?:https?://)?(?:www\.)?", "", folded)
    folded = re.sub(r"\.(?:com|org|net|co\.uk|com\.au|co|io|news)$", "", folded)
    folded = LEGAL_TAIL.sub("", folded)
    folded = re.sub(r"^the\s+", "", folded)
    return re.sub(r"[\W_]+", "", folded)


def strip_site(title: str, site_names: list[str]) -> str:
    """'Big news | The Site' -> 'Big news': a part that is the site's name goes."""
    parts = SEPARATORS.split(title)
    if len(parts) > 1:
        names = {fold_outlet(name) for name in site_names if name}
        kept = [part for part in parts if fold_outlet(part) not in names]
        if kept and len(kept) < len(parts):
            return " - ".join(kept)
    return title


def fold_title(title: str | None) -> str:
    text = (title or "").casefold().replace("’", "'").replace("‘", "'").replace("“", '"').replace("”", '"')
    text = re.sub(r"[–—-]", "-", text)
    return " ".join(text.split()).strip(" .")


def url_slug(url: str) -> str:
    """The URL's last meaningful path segment without dates or ids: what a scraper names the file."""
    segments = [s for s in urlparse(url).path.split("/") if s]
    for segment in reversed(segments):
        stem = re.sub(r"\.(?:html?|php|aspx?|cms|shtml)$", "", segment, flags=re.I)
        stem = re.sub(r"(?:19|20)\d\d[-_]?[01]\d[-_]?[0-3]\d", "", stem)
        words = re.findall(r"[a-z]+", stem.casefold())
        if len(words) >= 2:
            return "-".join(words)[:80]
    return "page"


def pages() -> list[tuple[str, str, str]]:
    truth = json.loads((DATA / "ground-truth.json").read_text(encoding="utf-8"))
    found = []
    for page_id in sorted(truth):
        path = DATA / "html" / f"{page_id}.html"
        if not path.exists():
            gz = path.with_suffix(".html.gz")
            if not gz.exists():
                continue
            markup = gzip.decompress(gz.read_bytes()).decode("utf-8", "replace")
        else:
            markup = path.read_text(encoding="utf-8", errors="replace")
        found.append((page_id, truth[page_id]["url"], markup))
    return found


def extract_file(folder: Path, name: str, content: str):
    from searchnews.corpus.read import CorpusFile, read_file
    from searchnews.extract.run import extract_article

    path = folder / name
    path.write_text(content, encoding="utf-8")
    documents, _problems = read_file(CorpusFile(path, name))
    return extract_article(documents[0])


def judge_date(predicted: str | None, true_day: str) -> str:
    if not predicted:
        return "missing"
    if predicted == true_day:
        return "correct"
    if len(predicted) == 10:
        if abs(date.fromisoformat(predicted) - date.fromisoformat(true_day)).days == 1:
            return "day off"
        return "wrong"
    return "coarser" if true_day.startswith(predicted) else "wrong"


def run(half: str, verbose: bool) -> dict:
    selected = [p for i, p in enumerate(pages()) if half == "all" or (i % 2 == 0) == (half == "dev")]
    variants = ("copy", "copy, date in path", "html")
    tallies = {v: Counter() for v in variants}
    misses: dict[str, list[str]] = {v: [] for v in variants}
    gold_counts = Counter()
    with tempfile.TemporaryDirectory(prefix="page-copies-") as tmp:
        folder = Path(tmp)
        for number, (page_id, url, markup) in enumerate(selected):
            gold = page_gold(markup, url)
            gold_counts["pages"] += 1
            gold_counts["outlet gold"] += bool(gold["outlets"])
            gold_counts["date gold"] += bool(gold["date"])
            gold_counts["title gold"] += bool(gold["titles"])
            text = copy_text(markup)
            slug = f"{url_slug(url)}-{number}"
            runs = {"copy": extract_file(folder, f"{slug}.txt", text),
                    "html": extract_file(folder, f"{slug}.html", markup)}
            if gold["date"]:
                runs["copy, date in path"] = extract_file(folder, f"{gold['date']}-{slug}.txt", text)
            accepted = {fold_outlet(name) for name in [*gold["outlets"], gold["host"]] if name}
            for variant, article in runs.items():
                tally = tallies[variant]
                tally["pages"] += 1
                notes = []
                if gold["outlets"]:
                    tally["outlet pages"] += 1
                    if article.source and fold_outlet(article.source) in accepted:
                        tally["outlet"] += 1
                    elif article.source:
                        tally["outlet wrong"] += 1
                        notes.append(f"outlet {article.source!r} ({article.source_evidence}) gold {gold['outlets']}")
                    else:
                        notes.append(f"outlet none, gold {gold['outlets']}")
                if gold["date"]:
                    tally["date pages"] += 1
                    verdict = judge_date(article.date, str(gold["date"]))
                    tally[f"date {verdict}"] += 1
                    if verdict != "correct":
                        notes.append(f"date {verdict}: {article.date} ({article.date_evidence}) gold {gold['date']}")
                if gold["titles"]:
                    tally["title pages"] += 1
                    if fold_title(article.title) in {fold_title(t) for t in gold["titles"]}:  # type: ignore[union-attr]
                        tally["title"] += 1
                    else:
                        notes.append(f"title {article.title!r} gold {gold['titles'][0]!r}")  # type: ignore[index]
                if notes and verbose:
                    misses[variant].append(f"{page_id[:10]} {url}\n      " + "\n      ".join(notes))
    results: dict[str, object] = {"half": half, "gold": dict(gold_counts)}
    for variant, tally in tallies.items():
        n_out, n_date, n_title = tally["outlet pages"] or 1, tally["date pages"] or 1, tally["title pages"] or 1
        results[variant] = {
            "pages": tally["pages"],
            "outlet": round(tally["outlet"] / n_out, 3), "outlet_wrong": tally["outlet wrong"],
            "outlet_pages": tally["outlet pages"],
            "date": round(tally["date correct"] / n_date, 3), "date_pages": tally["date pages"],
            "date_counts": {k: tally[f"date {k}"] for k in ("correct", "day off", "coarser", "missing", "wrong")},
            "title": round(tally["title"] / n_title, 3), "title_pages": tally["title pages"],
        }
        if verbose:
            results[variant]["misses"] = misses[variant]  # type: ignore[index]
    return results


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--half", choices=("dev", "held", "all"), default="dev",
                        help="dev: even-index pages (develop on these); held: odd-index pages (report only)")
    parser.add_argument("--json", action="store_true")
    parser.add_argument("-v", "--verbose", action="store_true", help="each miss with its evidence")
    parser.add_argument("--show", metavar="ID_PREFIX", help="print the text copy of one page and exit")
    args = parser.parse_args(argv)
    if not (DATA / "ground-truth.json").exists():
        print(f"no data at {DATA}", file=sys.stderr)
        return 2
    if args.show:
        for page_id, _url, markup in pages():
            if page_id.startswith(args.show):
                print(copy_text(markup))
                return 0
        return 1
    results = run(args.half, args.verbose)
    if args.json:
        print(json.dumps(results, indent=2))
        return 0
    gold = results["gold"]
    print(f"half {args.half}: {gold['pages']} pages; gold outlet {gold['outlet gold']}, date {gold['date gold']}, "
          f"title {gold['title gold']}")
    print(f"{'variant':<20} {'outlet':>7} {'wrong':>6} {'date':>6} {'dayoff':>6} {'coarse':>6} {'missing':>7} "
          f"{'WRONG':>6} {'title':>6}")
    for variant in ("copy", "copy, date in path", "html"):
        row = results[variant]
        counts = row["date_counts"]
        print(f"{variant:<20} {row['outlet']:>7.3f} {row['outlet_wrong']:>6} {row['date']:>6.3f} "
              f"{counts['day off']:>6} {counts['coarser']:>6} {counts['missing']:>7} {counts['wrong']:>6} "
              f"{row['title']:>6.3f}")
        for miss in row.get("misses", []):
            print("   ", miss)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
