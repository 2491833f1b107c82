"""The baselines, written as a user of each library would write them, over the same documents.

- Whoosh out of the box: one TEXT field (StandardAnalyzer: lower case, 34 stop words, no
  stemming), BM25F(B=0.75, K1=1.2), QueryParser with its default AND group, and the same with
  OrGroup (the usual setting for natural-language queries).
- bm25s (Lucene's BM25, k1=1.5, b=0.75) over exactly the tokens Whoosh's StandardAnalyzer makes,
  and over the tokens of searchnews' shipped analyzer (stemmed), to separate analyzer from scoring.
"""

from __future__ import annotations

from pathlib import Path


class WhooshDefault:
    def __init__(self, docs: list[dict[str, str]], folder: Path, any_word: bool):
        from whoosh import fields, index, qparser

        folder.mkdir(parents=True, exist_ok=True)
        schema = fields.Schema(docid=fields.ID(stored=True), text=fields.TEXT())
        self.ix = index.create_in(str(folder), schema)
        writer = self.ix.writer()
        for doc in docs:
            writer.add_document(docid=doc["id"], text=doc["text"])
        writer.commit()
        group = qparser.OrGroup if any_word else qparser.AndGroup
        self.parser = qparser.QueryParser("text", schema, group=group)
        self.searcher = self.ix.searcher()

    def rank(self, text: str, depth: int) -> list[tuple[str, float]]:
        results = self.searcher.search(self.parser.parse(text), limit=depth)
        return [(hit["docid"], float(hit.score)) for hit in results]

    def top10(self, text: str) -> list[int]:
        return [hit.docnum for hit in self.searcher.search(self.parser.parse(text), limit=10)]

    def close(self) -> None:
        self.searcher.close()


def analyzer_tokens(analyzer, text: str) -> list[str]:
    return [token.text for token in analyzer(text)]


class Bm25s:
    def __init__(self, docs: list[dict[str, str]], analyzer):
        import bm25s

        self.analyzer = analyzer
        self.doc_ids = [doc["id"] for doc in docs]
        self.retriever = bm25s.BM25()  # Lucene variant, k1=1.5, b=0.75
        self.retriever.index([analyzer_tokens(analyzer, doc["text"]) for doc in docs], show_progress=False)
        self.vocabulary = set(self.retriever.vocab_dict)

    def rank(self, text: str, depth: int) -> list[tuple[str, float]]:
        tokens = [token for token in analyzer_tokens(self.analyzer, text) if token in self.vocabulary]
        if not tokens:
            return []
        depth = min(depth, len(self.doc_ids))
        documents, scores = self.retriever.retrieve([tokens], k=depth, show_progress=False, n_threads=1)
        return [(self.doc_ids[d], float(s)) for d, s in zip(documents[0], scores[0], strict=True) if s > 0]

    def top10(self, text: str) -> list[tuple[str, float]]:
        return self.rank(text, 10)

    def close(self) -> None:
        pass


class WhooshFields:
    """Whoosh out of the box over the same fields searchnews indexes: title (where the collection
    has titles) and body, StandardAnalyzer, BM25F defaults, MultifieldParser with OrGroup."""

    def __init__(self, docs: list[dict[str, str]], folder: Path, titles: bool):
        from whoosh import fields, index, qparser

        folder.mkdir(parents=True, exist_ok=True)
        names = ["title", "text"] if titles else ["text"]
        schema = fields.Schema(docid=fields.ID(stored=True), **{name: fields.TEXT() for name in names})
        self.ix = index.create_in(str(folder), schema)
        writer = self.ix.writer()
        for doc in docs:
            writer.add_document(docid=doc["id"], **{name: doc.get(name) or "" for name in names})
        writer.commit()
        self.parser = qparser.MultifieldParser(names, schema, group=qparser.OrGroup)
        self.searcher = self.ix.searcher()

    def rank(self, text: str, depth: int) -> list[tuple[str, float]]:
        results = self.searcher.search(self.parser.parse(text), limit=depth)
        return [(hit["docid"], float(hit.score)) for hit in results]

    def top10(self, text: str) -> list[int]:
        return [hit.docnum for hit in self.searcher.search(self.parser.parse(text), limit=10)]

    def close(self) -> None:
        self.searcher.close()


def porter_analyzer():
    """Whoosh's StandardAnalyzer (its 34 stop words) with the Porter stemmer: Porter's reference
    stemmer (as FTS5's), not Whoosh's port, which stems 'shipping' to 'shipp' (issue 14, t14s)."""
    from whoosh.analysis import StemmingAnalyzer

    from searchnews.engine.whoosh.porter import stem

    return StemmingAnalyzer(stemfn=stem)


def joined_text(doc: dict[str, str], titles: bool) -> str:
    return f"{doc['title']}\n{doc['text']}" if titles and doc.get("title") else doc["text"]


class Fts5Porter:
    """SQLite FTS5 with its porter tokenizer, title and body columns, ranked by its bm25()."""

    def __init__(self, docs: list[dict[str, str]], titles: bool):
        import sqlite3

        self.db = sqlite3.connect(":memory:")
        self.db.execute("CREATE VIRTUAL TABLE docs USING fts5(docid UNINDEXED, title, body, tokenize='porter')")
        self.db.executemany("INSERT INTO docs VALUES (?, ?, ?)",
                            [(doc["id"], doc.get("title") or "" if titles else "", doc["text"]) for doc in docs])

    def rank(self, text: str, depth: int) -> list[tuple[str, float]]:
        import re

        words = list(dict.fromkeys(re.findall(r"\w+", text.lower())))
        if not words:
            return []
        match = " OR ".join(f'"{word}"' for word in words)
        rows = self.db.execute("SELECT docid, bm25(docs) FROM docs WHERE docs MATCH ? ORDER BY bm25(docs) LIMIT ?",
                               (match, depth)).fetchall()
        return [(docid, -score) for docid, score in rows]

    def top10(self, text: str) -> list[tuple[str, float]]:
        return self.rank(text, 10)

    def close(self) -> None:
        self.db.close()


class Bm25sTexts(Bm25s):
    """bm25s over title + body as one text (where there are titles)."""

    def __init__(self, docs: list[dict[str, str]], analyzer, titles: bool):
        super().__init__([{"id": doc["id"], "text": joined_text(doc, titles)} for doc in docs], analyzer)
