"""What ingest would index from a corpus, as one hash: to prove a speed change changed no output.

    python benchmarks/extraction_digest.py                     # Reuters + BBC + Zyte pages from ../shared, sample corpus, every dev and holdout set
    python benchmarks/extraction_digest.py DIR [DIR ...] --out fields.json

Every file goes through ingest's own per-file path (`per_file.process_candidate`: read, decode, split,
clean, extract, fingerprint) and the Whoosh fields of each article are hashed (file state aside: it
holds the mtime). Run it in two checkouts and compare the hashes; `--out` writes the fields so a
difference can be found with `diff`.
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import json
import sys
import tempfile
from multiprocessing import Pool
from pathlib import Path

HERE = Path(__file__).resolve().parent
PROJECT = HERE.parent
SHARED = PROJECT.parent / "shared" / "data"


def default_folders(work: Path) -> list[Path]:
    """The project's own articles, plus the shared data sets written out as files when present."""
    sys.path.insert(0, str(HERE))
    from speed import story_text

    folders = [PROJECT / "corpus", PROJECT / "tests" / "devset",
               *sorted((PROJECT / "tests").glob("holdout*")), *sorted((PROJECT / "tests").glob("page_copies*"))]
    for name in ("reuters21578", "bbc"):
        source = SHARED / name / "articles.jsonl.gz"
        if source.exists():
            target = work / name
            target.mkdir()
            with gzip.open(source, "rt", encoding="utf-8") as lines:
                for number, line in enumerate(lines):
                    (target / f"{number}.txt").write_text(story_text(json.loads(line)), encoding="utf-8")
            folders.append(target)
    pages = SHARED / "article-extraction" / "html"
    if pages.is_dir():
        folders.append(pages)
    return folders


def article_fields(path: str) -> list[object]:
    from searchnews.extract.run import ExtractOptions
    from searchnews.sync.per_file import Candidate, process_candidate

    result = process_candidate(Candidate(path, Path(path).name, None), ExtractOptions(), 10**8)
    documents = [{key: value if isinstance(value, str) else repr(value) for key, value in document.items()
                  if key != "file_state"} for document in result.documents]
    return [Path(path).name, documents, result.problems, result.error and result.error.split(": ", 1)[-1]]


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folders", nargs="*", type=Path, help="corpus folders (default: see above)")
    parser.add_argument("--out", type=Path, help="also write every article's fields here (JSON)")
    parser.add_argument("--jobs", type=int, default=2)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as work:
        folders = args.folders or default_folders(Path(work))
        files = [str(path) for folder in folders for path in sorted(folder.rglob("*")) if path.is_file()]
        with Pool(args.jobs) as pool:
            fields = pool.map(article_fields, files, chunksize=64)
    text = json.dumps(fields, ensure_ascii=False, sort_keys=True)
    if args.out:
        args.out.write_text(text, encoding="utf-8")
    articles = sum(len(documents) for _, documents, _, _ in fields)
    print(f"{len(files)} files, {articles} articles: {hashlib.sha256(text.encode('utf-8')).hexdigest()[:16]}")


if __name__ == "__main__":
    main()
