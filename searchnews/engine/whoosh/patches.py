"""Every place where searchnews replaces Whoosh's own code, declared once, applied behind a guard.

A patch is applied only when the installed Whoosh is a supported version (SUPPORTED) and each
original it replaces or relies on is still the function it was written against (a fingerprint of
the function's code: arguments, local and global names). Otherwise Whoosh's own code stays in place
and searchnews runs slower but the same; nothing raises. `SEARCHNEWS_DEBUG_PATCHES=1` prints one
stderr line per patch left out, and `SEARCHNEWS_NO_WHOOSH_PATCHES=1` leaves every patch out (for
A/B runs). Figures are from the commits named (loaded 2-core machine); docs/whoosh-patches.md has
the same table.

| patch | target | reason | measured gain | equivalence test |
|---|---|---|---|---|
| text-index | `whoosh.fields.TEXT.index` | analyzer chain as one loop with a word->term cache | writer CPU 1.40 -> 1.03 ms/article with segment-flush (6e756c2) | test_whoosh_speedups: test_fast_text_indexing_* |
| segment-flush | `whoosh.writing.SegmentWriter._flush_segment` | each length column read once, not one byte per posting | (in the 1.40 -> 1.03 above, 6e756c2) | test_an_index_written_with_the_speedups_equals_one_written_without |
| add-postings | `whoosh.codec.whoosh3.W3FieldWriter.add_postings` | posting writer's add_posting inlined | segment writing 0.47 -> 0.42 ms/article (229abd0) | test_an_index_written_with_the_speedups_equals_one_written_without |
| inline-set-inline | `whoosh.codec.whoosh3.W3TermInfo.set_inline` | Whoosh's writer calls set_inline, the method is set_inlined | inline rare postings: 0.58 -> 0.44 ms/article, index -8 % (f928243) | test_inline_postings_read_and_merge_back_as_whoosh_wrote_them |
| inline-empty-value | `whoosh.matching.ListMatcher.value` | an inlined empty value reads back as "" and a merge rejects it | (needed by the inline codec, f928243) | test_inline_postings_read_and_merge_back_as_whoosh_wrote_them |
| block-keeping | `whoosh.codec.whoosh3.W3LeafMatcher._goto/_read_data/_read_ids` | proximity rerank reuses the first pass's blocks | top-10 rerank 1.4 -> ~0.45 ms/query on TIME (3ced889) | test_ranking: test_proximity_rerank_adds_what_the_phrase_query_scores |
| startup-stand-ins | `sys.modules` during `import whoosh.compat/query` | skip urllib.request, asyncio, morph_en at start-up | ~45 ms per query start-up (~15+10+20 ms, whoosh_import) | test_startup: test_packages_stood_in_for_during_whoosh_import_still_work_afterwards |

This module imports nothing heavy: it runs at every query's start-up.
"""

from __future__ import annotations

import os
import sys
import zlib

SUPPORTED = ((2, 7, 5), (2, 8))  # the Whoosh versions the patches were written for: >= first, < second
ABSENT = "absent"  # fingerprint of an attribute that must not exist (the patch adds it)


class Patch:
    """One replacement of Whoosh code: what, why, what it gains, and the test that proves it equal."""

    __slots__ = ("gain", "module", "name", "originals", "owner", "reason", "test")

    def __init__(self, name: str, module: str, owner: str, originals: dict[str, str], reason: str, gain: str,
                 test: str) -> None:
        self.name, self.module, self.owner, self.originals = name, module, owner, originals
        self.reason, self.gain, self.test = reason, gain, test

    @property
    def targets(self) -> str:
        return f"{self.module}.{self.owner}." + "/".join(self.originals) if self.owner else self.module


PATCHES: dict[str, Patch] = {patch.name: patch for patch in (
    Patch("text-index", "whoosh.fields", "TEXT", {"index": "84abca57"},
          "analyzer chain as one loop with a word->term cache",
          "writer CPU 1.40 -> 1.03 ms/article with segment-flush (6e756c2)",
          "tests/test_whoosh_speedups.py::test_fast_text_indexing_matches_whoosh_on_any_text"),
    Patch("segment-flush", "whoosh.writing", "SegmentWriter", {"_flush_segment": "9d6ab2bb"},
          "each length column read once, not one byte per posting",
          "in the 1.40 -> 1.03 ms/article above (6e756c2)",
          "tests/test_whoosh_speedups.py::test_an_index_written_with_the_speedups_equals_one_written_without"),
    Patch("add-postings", "whoosh.codec.whoosh3", "W3FieldWriter", {"add_postings": "095675a8"},
          "the posting writer's add_posting inlined in the posting loop",
          "segment writing 0.47 -> 0.42 ms/article (229abd0)",
          "tests/test_whoosh_speedups.py::test_an_index_written_with_the_speedups_equals_one_written_without"),
    Patch("inline-set-inline", "whoosh.codec.whoosh3", "W3TermInfo", {"set_inline": ABSENT, "set_inlined": "a29fab85"},
          "Whoosh's writer calls set_inline; the method is named set_inlined",
          "lets rare words' postings live inline: segment writing 0.58 -> 0.44 ms/article, index -8 % (f928243)",
          "tests/test_whoosh_speedups.py::test_inline_postings_read_and_merge_back_as_whoosh_wrote_them"),
    Patch("inline-empty-value", "whoosh.matching", "ListMatcher", {"value": "ef601e2f"},
          "an inlined posting without a value reads back as '' and a merge rejects it",
          "needed by the inline codec (f928243)",
          "tests/test_whoosh_speedups.py::test_inline_postings_read_and_merge_back_as_whoosh_wrote_them"),
    Patch("block-keeping", "whoosh.codec.whoosh3", "W3LeafMatcher",
          {"_goto": "ea958698", "_read_data": "faabf80c", "_read_ids": "b1c38019"},
          "the proximity rerank reuses the blocks the first pass read (no second decompress/unpickle)",
          "top-10 rerank 1.4 -> ~0.45 ms/query on TIME (3ced889)",
          "tests/test_ranking.py::test_proximity_rerank_adds_what_the_phrase_query_scores"),
    Patch("startup-stand-ins", "sys.modules during import of whoosh.compat and whoosh.query", "", {},
          "urllib.request, asyncio and whoosh.lang.morph_en are loaded at start-up for nothing",
          "~45 ms per query start-up (~15 + 10 + 20 ms, searchnews/engine/whoosh/startup.py)",
          "tests/test_startup.py::test_packages_stood_in_for_during_whoosh_import_still_work_afterwards"),
)}

APPLIED: dict[str, bool] = {}  # patch name -> applied (True) or left out (False); absent: not asked yet
ORIGINALS: dict[tuple[str, str], tuple[bool, object]] = {}  # (patch, attribute) -> (class had its own, Whoosh's)
_told: set[str] = set()


def fingerprint(function: object) -> str:
    """What identifies the code of `function` across Python versions (bytecode does not)."""
    code = getattr(function, "__code__", None)
    if code is None:
        return "not a function"
    shape = (code.co_argcount, code.co_kwonlyargcount, code.co_varnames, code.co_names, code.co_freevars)
    return f"{zlib.crc32(repr(shape).encode()):08x}"


def whoosh_version() -> tuple:
    import whoosh  # the package's __init__ only: no other Whoosh module

    return tuple(whoosh.__version__)


def version_supported(version: tuple | None = None) -> bool:
    version = whoosh_version() if version is None else version
    return SUPPORTED[0] <= tuple(version) < SUPPORTED[1]


def _tell(name: str, why: str) -> None:
    if os.environ.get("SEARCHNEWS_DEBUG_PATCHES") and name not in _told:
        _told.add(name)
        print(f"searchnews: Whoosh patch {name} not applied ({why}); Whoosh's own code runs", file=sys.stderr)


def refusal(name: str) -> str | None:
    """Why patch `name` must not be applied now, or None when it may be."""
    if os.environ.get("SEARCHNEWS_NO_WHOOSH_PATCHES"):
        return "SEARCHNEWS_NO_WHOOSH_PATCHES is set"
    try:
        version = whoosh_version()
    except Exception as error:  # noqa: BLE001 - any failure means: do not patch
        return f"Whoosh version unknown: {error}"
    if not version_supported(version):
        return f"Whoosh {'.'.join(map(str, version))} is not {SUPPORTED[0]} up to {SUPPORTED[1]}"
    patch = PATCHES[name]
    if not patch.owner:
        return None
    try:
        owner = getattr(__import__(patch.module, fromlist=[patch.owner]), patch.owner)
    except Exception as error:  # noqa: BLE001
        return f"{patch.module}.{patch.owner} not found: {error}"
    for attribute, expected in patch.originals.items():
        found = getattr(owner, attribute, None)
        if expected == ABSENT:
            if found is not None:
                return f"{patch.owner}.{attribute} exists already"
        elif found is None:
            return f"{patch.owner}.{attribute} not found"
        elif fingerprint(found) != expected:
            return f"{patch.owner}.{attribute} is not the code the patch was written for"
    return None


def allowed(name: str) -> bool:
    """Whether patch `name` (one without class attributes, e.g. the start-up stand-ins) may run."""
    why = refusal(name)
    if why is not None:
        _tell(name, why)
    return why is None


def apply(name: str, replacements: dict[str, object]) -> bool:
    """Set `replacements` (attribute -> new function) on the patch's class if the guard allows;
    True when they are in place. Idempotent; never raises."""
    if APPLIED.get(name):
        return True
    why = refusal(name)
    if why is not None:
        APPLIED[name] = False
        _tell(name, why)
        return False
    patch = PATCHES[name]
    owner = getattr(__import__(patch.module, fromlist=[patch.owner]), patch.owner)
    for attribute, replacement in replacements.items():
        ORIGINALS[(name, attribute)] = (attribute in owner.__dict__, getattr(owner, attribute, None))
        setattr(owner, attribute, replacement)
    APPLIED[name] = True
    return True


def original(name: str, attribute: str, owner: object) -> object:
    """Whoosh's own `attribute` of `owner` (the current one when patch `name` is not applied)."""
    if APPLIED.get(name) and (name, attribute) in ORIGINALS:
        return ORIGINALS[(name, attribute)][1]
    return getattr(owner, attribute)


def restore(name: str) -> None:
    """Put Whoosh's own code back for patch `name` (tests; the next apply() checks again)."""
    if not APPLIED.pop(name, False):
        return
    patch = PATCHES[name]
    owner = getattr(__import__(patch.module, fromlist=[patch.owner]), patch.owner)
    for attribute in patch.originals:
        if (name, attribute) not in ORIGINALS:
            continue  # relied on, not replaced
        own, function = ORIGINALS.pop((name, attribute))
        if own:
            setattr(owner, attribute, function)
        elif attribute in owner.__dict__:
            delattr(owner, attribute)  # inherited (or absent) in Whoosh: the class had none of its own
