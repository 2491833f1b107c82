"""What a reader gets by selecting a whole web page in a browser and copying it: the one renderer of a
page copy, shared by the line model's training (train_line_model.py), its held-out score
(copied_pages.py) and the outlet/date/title benchmark (page_copies.py), so the model is trained on the
text it is measured on.

A select-all copy carries every rendered block in document order, menus (`<nav>`) and footers
included, one line per block, a blank line after paragraphs, headings, lists and tables, table cells
separated by tabs. It leaves out what the browser does not render as text: `<head>`, scripts, styles,
`<noscript>`, `<template>`, form option lists, embedded media and SVG, elements hidden by the `hidden`
attribute, an inline `display:none` / `visibility:hidden` style or a class that conventionally means
`display:none` (`hidden`, `hide`, `is-hidden`, `u-hidden`), and screen-reader-only text (`sr-only`,
`visually-hidden`, `screen-reader-text`: clipped to a pixel, not seen by the reader who copies).
`aria-hidden` is not a visual property: such text is copied.
"""

from __future__ import annotations

import re

DROP_TAGS = ("head", "script", "style", "noscript", "template", "select", "option", "datalist", "svg",
             "canvas", "iframe", "object", "embed", "audio", "video", "map", "math")
BLOCK_TAGS = frozenset({
    "address", "article", "aside", "blockquote", "body", "caption", "center", "dd", "details", "dialog", "div",
    "dl", "dt", "fieldset", "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6",
    "header", "hgroup", "hr", "html", "legend", "li", "main", "menu", "nav", "ol", "p", "pre", "section", "summary",
    "table", "tbody", "tfoot", "thead", "tr", "ul",
})
PARAGRAPH_TAGS = frozenset({"p", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre", "ul", "ol", "table",
                            "figure", "hr", "dl", "header", "footer", "section", "article"})
HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.I)
HIDDEN_CLASS = re.compile(r"(?:^|\s)(?:sr-only|visually-hidden|screen-reader-text|screen-reader-only|hidden|"
                          r"is-hidden|u-hidden|hide)(?:\s|$)", re.I)


def parse(markup: str | bytes):
    """The page as an lxml tree (bytes are decoded the way the corpus reader decodes files)."""
    from lxml import html as lxml_html

    if isinstance(markup, bytes):
        from searchnews.corpus.read import decode_bytes

        markup = decode_bytes(markup)
    return lxml_html.document_fromstring(markup.encode("utf-8", "replace"), parser=lxml_html.HTMLParser(encoding="utf-8"))


def copy_text(markup: str | bytes) -> str:
    """The text a reader gets by selecting the whole page and copying it: visible blocks in order."""
    from lxml import etree

    tree = parse(markup)
    doomed = [el for el in tree.iter() if not isinstance(el.tag, str)]  # comments, processing instructions
    doomed += list(tree.iter(*DROP_TAGS))
    for el in tree.iter():
        if not isinstance(el.tag, str):
            continue
        if (el.get("hidden") is not None or HIDDEN_STYLE.search(el.get("style") or "")
                or HIDDEN_CLASS.search(el.get("class") or "") or (el.tag == "input" and el.get("type") == "hidden")):
            doomed.append(el)
    for el in doomed:
        if el.getparent() is not None:
            el.drop_tree()  # keeps the tail text, which belongs to the parent
    chunks: list[str] = []
    for event, el in etree.iterwalk(tree, events=("start", "end")):
        tag = el.tag if isinstance(el.tag, str) else ""
        if event == "start":
            if tag in BLOCK_TAGS or tag == "br":
                chunks.append("\n")
            elif tag in ("td", "th"):
                chunks.append("\t")
            if el.text:
                chunks.append(el.text)
        else:
            if tag in PARAGRAPH_TAGS:
                chunks.append("\n\n")
            elif tag in BLOCK_TAGS:
                chunks.append("\n")
            if el.tail:
                chunks.append(el.tail)
    lines: list[str] = []
    for line in "".join(chunks).split("\n"):
        line = " ".join(line.replace("\xa0", " ").split())
        if line or (lines and lines[-1]):
            lines.append(line)
    return "\n".join(lines).strip() + "\n"


def headline(markup: str | bytes) -> str:
    """The page's first `<h1>`, as one line."""
    h1 = parse(markup).find(".//h1")
    return " ".join(h1.text_content().split()) if h1 is not None else ""


def page_title(markup: str | bytes) -> str:
    """og:title, else <title>: the page's own title, to check its <h1> against."""
    root = parse(markup)
    og = root.xpath("//meta[@property='og:title']/@content")
    return " ".join((og[0] if og else root.findtext(".//title") or "").split())
