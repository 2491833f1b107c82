"""User boilerplate patterns run with a time limit: a catastrophic pattern like `(.*a){25}` must not
hang an ingest (which holds the index's write lock) or `clean`.

Python's `re` cannot be interrupted, so user patterns are matched with the `regex` package, whose
match functions take `timeout=`. A pattern that exceeds it on a line is switched off for the rest of
the process and named in one message (`take_timeouts`); the article is cleaned without it.
"""

from __future__ import annotations

import re

PATTERN_TIMEOUT_S = 0.2
_timed_out: list[str] = []  # messages not yet reported


class GuardedPattern:
    """A compiled user pattern with the interface the cleaner uses (`pattern`, `flags`, `fullmatch`,
    `search`, `match`) and a per-call time limit."""

    def __init__(self, source: str, origin: str) -> None:
        import regex

        self.pattern = source
        self.flags = re.IGNORECASE  # what re._parser needs to read widths and literals (clean.PatternSet)
        self.origin = origin
        self.disabled = False
        try:
            self._compiled = regex.compile(source, regex.IGNORECASE | regex.VERSION0)
        except regex.error:
            self._compiled = None  # re accepted it; regex did not: matched by re, without a time limit
            self._fallback = re.compile(source, re.IGNORECASE)

    def _call(self, method: str, text: str, *args):
        if self.disabled:
            return None
        if self._compiled is None:
            return getattr(self._fallback, method)(text, *args)
        try:
            return getattr(self._compiled, method)(text, *args, timeout=PATTERN_TIMEOUT_S)
        except TimeoutError:
            self.disabled = True
            _timed_out.append(f"boilerplate pattern {self.pattern!r} ({self.origin}) took over "
                              f"{PATTERN_TIMEOUT_S:g} s on one line; it is skipped from now on (simplify it)")
            return None

    def fullmatch(self, text: str, *args):
        return self._call("fullmatch", text, *args)

    def search(self, text: str, *args):
        return self._call("search", text, *args)

    def match(self, text: str, *args):
        return self._call("match", text, *args)

    def __repr__(self) -> str:
        return f"GuardedPattern({self.pattern!r})"


def take_timeouts() -> list[str]:
    """Messages about patterns that timed out since the last call (each pattern once)."""
    taken = list(_timed_out)
    _timed_out.clear()
    return taken
