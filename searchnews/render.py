"""Results -> the terminal: Rich on a TTY, plain text when piped, JSON lines for scripts.

User text always goes into Rich as Text objects, never as markup, so an article saying "[red]"
prints as written.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable
from typing import IO

from searchnews.search import HIGHLIGHT_END, HIGHLIGHT_START, Hit, plain_snippet

HIGHLIGHT_STYLE = "bold black on yellow"


def use_rich(stream: IO[str] | None = None) -> bool:
    stream = stream or sys.stdout
    return hasattr(stream, "isatty") and stream.isatty()


def console(stderr: bool = False):
    from rich.console import Console

    return Console(stderr=stderr, highlight=False, soft_wrap=False)


def print_json_lines(records: Iterable[dict[str, object]], out: IO[str] | None = None) -> None:
    out = out or sys.stdout
    for record in records:
        out.write(json.dumps(record, ensure_ascii=False) + "\n")


def highlighted_text(snippet: str):
    from rich.text import Text

    text = Text()
    rest = snippet
    while HIGHLIGHT_START in rest:
        before, _, after = rest.partition(HIGHLIGHT_START)
        match, _, rest = after.partition(HIGHLIGHT_END)
        text.append(before)
        text.append(match, style=HIGHLIGHT_STYLE)
    text.append(rest)
    return text


def metadata_line(hit: Hit) -> str:
    parts = [hit.date or "undated", hit.source or "unknown source", f"score {hit.score:.2f}"]
    return " · ".join(parts)


def entity_line(hit: Hit) -> str:
    parts = []
    if hit.companies:
        parts.append("companies: " + ", ".join(hit.companies))
    if hit.persons:
        parts.append("persons: " + ", ".join(hit.persons))
    return "; ".join(parts)


def render_hits_plain(hits: list[Hit], total: int, out: IO[str] | None = None) -> None:
    out = out or sys.stdout
    for hit in hits:
        out.write(f"{hit.rank}. {hit.title}\n")
        out.write(f"   {metadata_line(hit)} · {hit.id}\n")
        entities = entity_line(hit)
        if entities:
            out.write(f"   {entities}\n")
        out.write(f"   {plain_snippet(hit.snippet)}\n\n")
    out.write(f"{len(hits)} of {total} matching articles\n")


def render_hits_rich(hits: list[Hit], total: int) -> None:
    from rich.padding import Padding
    from rich.text import Text

    con = console()
    for hit in hits:
        title = Text(f"{hit.rank:>2}. ", style="bold")
        title.append(hit.title, style="bold cyan")
        con.print(Padding(title, (0, 0, 0, 0)))
        block = Text()
        block.append(metadata_line(hit), style="green")
        block.append(f"  {hit.id}", style="dim")
        entities = entity_line(hit)
        if entities:
            block.append("\n" + entities, style="magenta")
        block.append("\n")
        block.append_text(highlighted_text(hit.snippet))
        con.print(Padding(block, (0, 0, 1, 4)))
    con.print(Text(f"{len(hits)} of {total} matching articles", style="dim"))


def render_hits(hits: list[Hit], total: int, as_json: bool) -> None:
    if as_json:
        print_json_lines(hit.to_json() for hit in hits)
    elif not hits:
        return
    elif use_rich():
        render_hits_rich(hits, total)
    else:
        render_hits_plain(hits, total)


def render_article(fields: dict[str, object], as_json: bool) -> None:
    from searchnews.search import split_names

    record = {
        "id": fields.get("id"),
        "path": fields.get("path"),
        "title": fields.get("title"),
        "date": fields.get("date_text"),
        "source": fields.get("source"),
        "url": fields.get("url"),
        "companies": split_names(fields.get("company")),
        "persons": split_names(fields.get("person")),
        "body": fields.get("body"),
    }
    if as_json:
        print_json_lines([record])
        return
    header = [
        f"{record['title']}",
        f"date: {record['date'] or 'unknown'} · source: {record['source'] or 'unknown'} · id: {record['id']}",
    ]
    if record["url"]:
        header.append(f"url: {record['url']}")
    if record["companies"]:
        header.append("companies: " + ", ".join(record["companies"]))  # type: ignore[arg-type]
    if record["persons"]:
        header.append("persons: " + ", ".join(record["persons"]))  # type: ignore[arg-type]
    if use_rich():
        from rich.text import Text

        con = console()
        con.print(Text(header[0], style="bold cyan"))
        for line in header[1:]:
            con.print(Text(line, style="green"))
        con.print()
        con.print(Text(str(record["body"] or "")))
    else:
        sys.stdout.write("\n".join(header) + "\n\n" + str(record["body"] or "") + "\n")


def render_stats(stats, as_json: bool) -> None:
    if as_json:
        print_json_lines([stats.to_json()])
        return
    lines = [
        f"articles: {stats.articles} ({stats.undated} undated)",
        f"dates: {stats.earliest or '-'} .. {stats.latest or '-'}",
        f"index size: {stats.size_bytes / 1e6:.2f} MB",
    ]
    for label, values in stats.top.items():
        lines.append(f"top {label}: " + (", ".join(f"{name} ({count})" for name, count in values) or "-"))
    if use_rich():
        from rich.text import Text

        con = console()
        for line in lines:
            key, _, value = line.partition(": ")
            text = Text()
            text.append(f"{key}: ", style="bold")
            text.append(value)
            con.print(text)
    else:
        sys.stdout.write("\n".join(lines) + "\n")


def render_cleaning(article, lines: list[tuple[str, str | None]]) -> None:
    """Extracted fields, then every line: kept ones plain, removed ones marked '-' with the reason."""
    header = [
        ("id", article.id),
        ("title", article.title),
        ("date", article.date or "unknown"),
        ("source", article.source or "unknown"),
        ("companies", ", ".join(article.companies) or "-"),
        ("persons", ", ".join(article.persons) or "-"),
    ]
    rich = use_rich()
    if rich:
        from rich.text import Text

        con = console()
        for key, value in header:
            text = Text(f"{key}: ", style="bold")
            text.append(value, style="cyan")
            con.print(text)
        con.print()
        for line, reason in lines:
            if reason:
                con.print(Text(f"- {line}", style="red strike"), Text(f"  [{reason}]", style="dim"))
            else:
                con.print(Text(f"  {line}"))
        con.print()
    else:
        out = [f"{key}: {value}" for key, value in header] + [""]
        for line, reason in lines:
            out.append(f"- {line}    [removed: {reason}]" if reason else f"  {line}")
        sys.stdout.write("\n".join(out) + "\n\n")
