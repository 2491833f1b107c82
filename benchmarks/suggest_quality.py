"""Did-you-mean on generated typos: how often the typed word's correction is the word meant, and how fast.

Takes common words (5+ letters) from the first articles of an index, makes one typo in each (drop,
swap, insert or replace one letter, seeded), keeps the typos the index does not know, and asks
searchnews.engine.whoosh.suggest for each. An index built before issue 7's round 2 has Whoosh's `spell_body`
word list, so both ways can be compared on the same index:

    python benchmarks/suggest_quality.py INDEX_DIR
"""

from __future__ import annotations

import argparse
import random
import re
import time
from collections import Counter
from pathlib import Path


def typo(word: str, rng: random.Random) -> str:
    at = rng.randrange(1, len(word) - 1)
    kind = rng.randrange(4)
    if kind == 0:
        return word[:at] + word[at + 1:]
    if kind == 1:
        return word[:at] + word[at + 1] + word[at] + word[at + 2:]
    if kind == 2:
        return word[:at] + rng.choice("aeiourstn") + word[at:]
    return word[:at] + rng.choice("aeiourstn") + word[at + 1:]


def main() -> None:
    from searchnews.engine.whoosh import suggest
    from searchnews.engine.whoosh.schema import open_index

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("index", type=Path)
    parser.add_argument("--words", type=int, default=150)
    parser.add_argument("--seed", type=int, default=7)
    options = parser.parse_args()
    rng = random.Random(options.seed)
    with open_index(options.index).searcher() as searcher:
        vocabulary = suggest.Vocabulary(searcher)
        counts: Counter = Counter()
        for number, fields in enumerate(searcher.all_stored_fields()):
            if number > 400:
                break
            counts.update(re.findall(r"[a-z]{5,}", str(fields.get("body", "")).lower()))
        pool = [word for word, count in counts.most_common(2000) if count >= 2]
        cases = [(word, typo(word, rng)) for word in rng.sample(pool, min(options.words, len(pool)))]
        cases = [(word, typed) for word, typed in cases if typed != word and not vocabulary.knows_text_word(typed)]
        ways = {"stems + stored offsets (shipped)": "surface"}
        if "spell_body" in vocabulary.reader.indexed_field_names():
            ways["spell_body word list (before)"] = "list"
        for label, way in ways.items():
            right = 0
            times = []
            for word, typed in cases:
                started = time.perf_counter()
                if way == "list":
                    found = vocabulary.text_candidates(typed)
                else:
                    found = vocabulary.surface_words(typed, 1) or vocabulary.surface_words(typed, 0)
                guess = suggest.best(typed, {candidate: vocabulary.text_frequency(candidate) for candidate in found})
                times.append(time.perf_counter() - started)
                right += guess == word
            times.sort()
            print(f"{label}: {right}/{len(cases)} corrected to the word meant; "
                  f"median {times[len(times) // 2] * 1000:.1f} ms, p95 {times[int(len(times) * 0.95)] * 1000:.1f} ms")


if __name__ == "__main__":
    main()
