"""benchmarks/page_text.py, the one renderer of a page copy (line-model training, copied_pages.py and
page_copies.py all read pages through it): what a select-all copy of the page gives."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))

import page_text  # noqa: E402

PAGE = """<html><head><title>Tariffs rise | Port News</title><meta property="og:title" content="Tariffs rise">
<script>var x = 1;</script><style>p {color: red}</style></head><body>
<nav><a href="/">Home</a> <a href="/tech">Tech</a></nav>
<div class="hidden">Only in the markup</div><p style="display: none">Also hidden</p>
<span class="sr-only">Skip to content</span>
<h1>Tariffs <em>rise</em></h1><p>Port operators said on Monday fees would rise.</p>
<table><tr><td>Fee</td><td>10</td></tr></table><footer>© 2024 Port News</footer></body></html>"""


def test_a_copy_has_the_menus_and_blocks_but_nothing_hidden():
    text = page_text.copy_text(PAGE)
    lines = [line for line in text.splitlines() if line]
    assert lines[0] == "Home Tech"  # a select-all copy carries the menu
    assert "Tariffs rise" in lines and "Port operators said on Monday fees would rise." in lines
    assert "Fee\t10" in text.replace(" \t", "\t") or "Fee 10" in text or "Fee\t10" in text
    assert lines[-1] == "© 2024 Port News"
    for hidden in ("var x", "color: red", "Only in the markup", "Also hidden", "Skip to content", "Port News |"):
        assert hidden not in text


def test_headline_and_page_title():
    assert page_text.headline(PAGE) == "Tariffs rise"
    assert page_text.page_title(PAGE) == "Tariffs rise"
    assert page_text.page_title(PAGE.encode("utf-8")) == "Tariffs rise"
