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
