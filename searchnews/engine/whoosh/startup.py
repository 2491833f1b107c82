"""Import Whoosh without the modules it loads at start-up for nothing.

Every query is a fresh process, and importing Whoosh is a large part of its time. `whoosh.compat`
imports `urllib.request` (http.client, email, ssl, socket: ~15 ms) only to re-export
`urlretrieve`, which searchnews never calls; the `cached_property` package (a whoosh-reloaded
dependency) imports `asyncio` (~10 ms) only to ask whether a method is a coroutine; and
`whoosh.query` imports `whoosh.lang.morph_en`, which compiles one huge regular expression
(~20 ms) for the `Variations` query that searchnews does not use. While those modules load, small
stand-ins take these names (each forwards to the real module if it is ever called); then the
stand-ins leave `sys.modules`, so any later import gets the real thing.
"""

from __future__ import annotations

import contextlib
import importlib
import sys
import types


class StandIn(types.ModuleType):
    """A placeholder module: what it lacks is fetched from the real module once that can load."""

    def __getattr__(self, name: str):
        if sys.modules.get(self.__name__) is self:
            raise AttributeError(name)
        return getattr(importlib.import_module(self.__name__), name)


def _urlretrieve(*args, **kwargs):
    from urllib.request import urlretrieve

    return urlretrieve(*args, **kwargs)


def _iscoroutinefunction(func) -> bool:
    import inspect

    return inspect.iscoroutinefunction(func) or getattr(func, "_is_coroutine", None) is not None


def _variations(word: str):
    from whoosh.lang.morph_en import variations

    return variations(word)


def prepare_whoosh() -> None:
    """Load whoosh.compat, whoosh.query and cached_property behind the stand-ins; cheap after the first call."""
    if "whoosh.compat" in sys.modules:
        return
    from searchnews.engine.whoosh.patches import allowed

    if not allowed("startup-stand-ins"):  # a Whoosh this was not written for: import it as it is
        return
    stand_ins: dict[str, types.ModuleType] = {}
    if "urllib.request" not in sys.modules:
        stand_ins["urllib.request"] = StandIn("urllib.request")
        stand_ins["urllib.request"].urlretrieve = _urlretrieve  # type: ignore[attr-defined]
    if "asyncio" not in sys.modules:
        stand_ins["asyncio"] = StandIn("asyncio")
        stand_ins["asyncio"].iscoroutinefunction = _iscoroutinefunction  # type: ignore[attr-defined]
    if "whoosh.lang.morph_en" not in sys.modules:
        stand_ins["whoosh.lang.morph_en"] = StandIn("whoosh.lang.morph_en")
        stand_ins["whoosh.lang.morph_en"].variations = _variations  # type: ignore[attr-defined]
    sys.modules.update(stand_ins)
    try:
        import whoosh.compat  # noqa: F401
        import whoosh.query  # noqa: F401 - imports morph_en

        with contextlib.suppress(ImportError):  # only whoosh-reloaded uses cached_property
            import cached_property  # noqa: F401
    finally:
        for name, module in stand_ins.items():
            if sys.modules.get(name) is module:
                del sys.modules[name]
