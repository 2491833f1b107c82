"""Results -> the terminal: Rich on a TTY, plain text when piped, JSON lines for scripts.

User text always goes into Rich as Text objects, never as markup, so an article saying "[red]"
prints as written.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterable
from typing import IO

from searchnews.cli.terminal_safety import (  # noqa: F401 - the output edge's safety layer, re-exported here
    JSON_UNSAFE,
    SAFE_TABLE,
    SafeStream,
    raw_stream,
    terminal_safe,
)
from searchnews.engine.records import HIGHLIGHT_END, HIGHLIGHT_START, Hit, plain_snippet
from searchnews.fields import HIT_KEYWORDS, keyword_values, shown_keywords

HIGHLIGHT_STYLE = "bold black on yellow"


COLOR_MODE = "auto"  # --color: "auto" (colour on a terminal), "always" (also into pipes), "never"
PAGING = True  # show --no-pager turns it off


def set_color_mode(mode: str) -> None:
    """The CLI resolves --color / NO_COLOR / FORCE_COLOR / CLICOLOR_FORCE / the config file to one mode."""
    global COLOR_MODE
    COLOR_MODE = mode if mode in ("auto", "always", "never") else "auto"


def set_paging(enabled: bool) -> None:
    global PAGING
    PAGING = enabled


def use_rich(stream: IO[str] | None = None) -> bool:
    """The terminal layout: on a terminal, or anywhere with --color always (colours for less -R)."""
    if COLOR_MODE == "always":
        return True
    stream = stream or sys.stdout
    return hasattr(stream, "isatty") and stream.isatty()


def console(stderr: bool = False):
    """A Rich console that follows the colour mode (never: no colour or style codes, not even bold) and
    makes every text segment terminal-safe (terminal_safety.py)."""
    stream = raw_stream(sys.stderr if stderr else sys.stdout)
    make = safe_console_class()
    settings = {"file": stream, "stderr": stderr, "highlight": False, "soft_wrap": False}
    if COLOR_MODE == "never":
        return make(**settings, color_system=None, no_color=True)
    if COLOR_MODE == "always":
        con = make(**settings, force_terminal=True, no_color=False)
        if con.color_system is None:  # TERM=dumb or unset: still colour, as asked
            con = make(**settings, force_terminal=True, no_color=False, color_system="standard")
        return con
    return make(**settings)


_SAFE_CONSOLE = None


def safe_console_class():
    """rich.console.Console whose text segments are made terminal-safe just before Rich adds its
    own styles and control codes (built on first use: a piped query never imports Rich)."""
    global _SAFE_CONSOLE
    if _SAFE_CONSOLE is None:
        from rich.console import Console
        from rich.segment import Segment

        class SafeConsole(Console):
            def _render_buffer(self, buffer):
                return super()._render_buffer(
                    segment if segment.control else Segment(terminal_safe(segment.text), segment.style)
                    for segment in buffer)

        _SAFE_CONSOLE = SafeConsole
    return _SAFE_CONSOLE


def emit(output: str | None, records: Iterable[dict[str, object]], columns: list[str] | None = None,
         text: Callable[[], None] | None = None) -> None:
    """Every command's output goes through here: `output` "json" prints the records as JSON lines,
    "csv" as CSV with `columns`, None calls `text` (Rich on a terminal, plain in a pipe)."""
    if output == "json":
        print_json_lines(records)
    elif output == "csv":
        if columns is None:
            raise ValueError("CSV needs its columns")
        print_csv(records, columns)
    elif text is not None:
        text()


def print_json_lines(records: Iterable[dict[str, object]], out: IO[str] | None = None) -> None:
    """One JSON object per line; DEL and C1 controls escaped (the same JSON value, but nothing raw
    that a terminal would act on)."""
    out = out or sys.stdout
    for record in records:
        out.write(json.dumps(record, ensure_ascii=False).translate(JSON_UNSAFE) + "\n")


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


def byline_parts(names_of) -> list[str]:
    """'by Jane Doe, John Roe': the registry's other fields shown on the date/outlet line (author)."""
    return [f"{entry.label} {', '.join(names_of(entry.name))}" for entry in HIT_KEYWORDS
            if entry.on_hit_line == "meta" and entry.name != "source" and names_of(entry.name)]


def metadata_line(hit: Hit) -> str:
    parts = [hit.date or "undated", hit.source or "unknown source", *byline_parts(hit.names), f"score {hit.score:.2f}"]
    return " · ".join(parts)


def entity_line(hit: Hit) -> str:
    """'companies: Alibaba; persons: Jack Ma': the registry's fields shown on the entity line."""
    return "; ".join(f"{entry.label}: " + ", ".join(hit.names(entry.name)) for entry in HIT_KEYWORDS
                     if entry.on_hit_line == "entities" and hit.names(entry.name))


def also_in_line(hit: Hit) -> str:
    """'also in: Bloomberg (blogs/x.txt), ...': the outlet and the id of every folded copy."""
    copies = [f"{source} ({copy_id})" for source, copy_id in zip(hit.also_in, hit.duplicates, strict=False)]
    return "also in: " + ", ".join(copies) if copies else ""


def render_hits_plain(hits: list[Hit], total: int, out: IO[str] | None = None, footer: str | None = None) -> None:
    out = out or sys.stdout
    for hit in hits:
        out.write(f"{hit.rank}. {hit.title}\n")
        out.write(f"   {metadata_line(hit)} · {hit.id}\n")
        entities = entity_line(hit)
        if entities:
            out.write(f"   {entities}\n")
        if hit.also_in:
            out.write(f"   {also_in_line(hit)}\n")
        out.write(f"   {plain_snippet(hit.snippet)}\n\n")
    out.write((footer or f"{len(hits)} of {total} matching articles") + "\n")


def render_hits_rich(hits: list[Hit], total: int, footer: str | None = None) -> None:
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
        if hit.also_in:
            block.append("\n" + also_in_line(hit), style="yellow")
        block.append("\n")
        block.append_text(highlighted_text(hit.snippet))
        con.print(Padding(block, (0, 0, 1, 4)))
    con.print(Text(footer or f"{len(hits)} of {total} matching articles", style="dim"))


def render_hits(hits: list[Hit], total: int, output: str | None = None, footer: str | None = None) -> None:
    def text() -> None:
        if not hits:
            return
        if use_rich():
            render_hits_rich(hits, total, footer)
        else:
            render_hits_plain(hits, total, footer=footer)

    emit(output, (hit.to_json() for hit in hits), HIT_COLUMNS, text)


def render_article(fields: dict[str, object], output: str | None, title_marked: str | None = None,
                   body_marked: str | None = None) -> None:
    """One article; with title_marked/body_marked (from highlight_article) the query's words are
    highlighted on a terminal. Taller than the screen: paged on a terminal, printed in a pipe."""
    keywords = shown_keywords(fields)

    def names_of(name: str) -> list[str]:
        value = keywords.get(name)
        return list(value) if isinstance(value, list) else [str(value)] if value else []

    record: dict[str, object] = {"id": fields.get("id"), "path": fields.get("path"), "title": fields.get("title"),
                                 "date": fields.get("date_text"), "url": fields.get("url")}
    for entry in HIT_KEYWORDS:  # source, companies, persons, authors, ... (searchnews/fields.py)
        record[str(entry.json_key)] = names_of(entry.name) if entry.multi else keywords.get(entry.name)
    record["body"] = fields.get("body")
    if output:
        emit(output, [record])
        return
    byline = "".join(f" · {part}" for part in byline_parts(names_of))
    header = [
        f"{record['title']}",
        f"date: {record['date'] or 'unknown'} · source: {record['source'] or 'unknown'}{byline} · id: {record['id']}",
    ]
    if record["url"]:
        header.append(f"url: {record['url']}")
    for entry in HIT_KEYWORDS:
        if entry.on_hit_line == "entities" and names_of(entry.name):
            header.append(f"{entry.label}: " + ", ".join(names_of(entry.name)))
    body = str(record["body"] or "")
    plain = "\n".join(header) + "\n\n" + body + "\n"
    renderables: list = []
    if use_rich():
        from rich.text import Text

        title = highlighted_text(title_marked) if title_marked else Text(header[0])
        title.stylize("bold cyan")
        renderables = [title, *(Text(line, style="green") for line in header[1:]), Text(""),
                       highlighted_text(body_marked) if body_marked else Text(body)]
    print_long_text(renderables, plain)


def render_stats(stats, output: str | None) -> None:
    if output:
        emit(output, [stats.to_json()])
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


def with_evidence(value: str | None, evidence: str | None) -> str:
    """'2021-10-08 (from file path ...)': `clean` says where each extracted field came from."""
    if evidence:
        return f"{value or 'unknown'} (from {evidence})" if value else f"unknown ({evidence})"
    return value or "unknown"


def render_cleaning(article, lines: list[tuple[str, str | None]]) -> None:
    """Extracted fields, then every line: kept ones plain, removed ones marked '-' with the reason."""
    header = [
        ("id", article.id),
        ("title", article.title),
        ("date", with_evidence(article.date, getattr(article, "date_evidence", None))),
        ("source", with_evidence(article.source, getattr(article, "source_evidence", None))),
        *((str(entry.json_key), ", ".join(keyword_values(article, entry)) or "-")
          for entry in HIT_KEYWORDS if entry.multi),  # companies, persons, authors, ...
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


# --- analyst views (issue 5): CSV export, result summary, facets, timeline, highlighted article ---

HIT_COLUMNS = ["id", "path", "title", "date", *(str(entry.json_key) for entry in HIT_KEYWORDS), "score", "snippet",
               "also_in", "duplicates"]  # the keys of Hit.to_json
FACET_COLUMNS = ["facet", "value", "count"]
TIMELINE_COLUMNS = ["period", "start", "end", "count", "precise"]
BAR = "█"


def print_csv(records: Iterable[dict[str, object]], columns: list[str], out: IO[str] | None = None) -> None:
    """The JSON records as CSV with the same columns; list values joined with '; '."""
    import csv

    writer = csv.writer(out or sys.stdout, lineterminator="\n")
    writer.writerow(columns)
    for record in records:
        row = []
        for column in columns:
            value = record.get(column)
            row.append("; ".join(map(str, value)) if isinstance(value, list) else "" if value is None else value)
        writer.writerow(row)


def result_summary(result) -> str:
    """'11-20 of 57 matching articles · 2 copies folded in (--all shows every copy)'."""
    if not result.hits:
        return f"no results on page {result.page} ({result.total} matching articles)"
    first, last = result.hits[0].rank, result.hits[-1].rank
    shown = f"{first}-{last}" if first > 1 else f"{last}"
    stories = getattr(result, "stories", None)
    if stories is not None and stories != result.total:
        # Both numbers exact: reposts folded into stories, and the articles (copies included) behind them.
        text = f"{shown} of {stories} {'story' if stories == 1 else 'stories'} ({result.total} matching articles)"
    else:
        text = f"{shown} of {result.total} matching articles"
    if result.folded:
        text += f" · {result.folded} {'copy' if result.folded == 1 else 'copies'} of shown stories folded in (--all shows every copy)"
    return text


def facet_records(facets: dict[str, list[tuple[str, int]]]) -> list[dict[str, object]]:
    return [{"facet": name, "value": value, "count": count} for name, values in facets.items() for value, count in values]


def render_facets(facets: dict[str, list[tuple[str, int]]], output: str | None = None, full: bool = False) -> None:
    """The top values as one line per facet; `full` (--facet NAME) in a pipe: one value per line,
    'facet<TAB>count<TAB>value', for sort, grep and head."""
    from searchnews.engine.records import FACET_LABELS

    if output:
        emit(output, facet_records(facets), FACET_COLUMNS)
        return
    if full and not use_rich():
        sys.stdout.write("".join(f"{name}\t{count}\t{value}\n" for name, values in facets.items()
                                 for value, count in values))
        return
    lines = []
    for name, values in facets.items():
        listed = ", ".join(f"{value} ({count})" for value, count in values) or "-"
        lines.append((f"{FACET_LABELS[name]}: ", listed))
    if use_rich():
        from rich.text import Text

        con = console()
        for key, listed in lines:
            text = Text(key, style="bold")
            text.append(listed)
            con.print(text)
    else:
        sys.stdout.write("".join(f"{key}{listed}\n" for key, listed in lines))


EMPTY_RUN = 3  # this many empty periods in a row or more are shown as one line in the chart


def render_timeline(buckets, output: str | None = None, width: int | None = None, unit: str = "period") -> None:
    """One bar per period, scaled to the busiest; 'month unknown' style buckets are marked; a run of
    empty periods is one line in the chart (years by week would otherwise be mostly blank rows).
    JSON and CSV keep every period."""
    if output:
        emit(output, (bucket.to_json() for bucket in buckets), TIMELINE_COLUMNS)
        return
    import shutil

    label_width = max((len(bucket.period) for bucket in buckets), default=0)
    count_width = max((len(str(bucket.count)) for bucket in buckets), default=1)
    width = width or shutil.get_terminal_size((100, 24)).columns
    room = max(10, width - label_width - count_width - 4)
    busiest = max((bucket.count for bucket in buckets), default=0) or 1
    rows = []
    for start, end in chart_runs(buckets):
        if end - start >= EMPTY_RUN:
            rows.append((None, f"{'⋮':<{label_width}}  {end - start} {unit}s with no matching articles", ""))
            continue
        for bucket in buckets[start:end]:
            length = round(bucket.count / busiest * room)
            bar = BAR * (length or (1 if bucket.count else 0))
            rows.append((bucket, f"{bucket.period:<{label_width}}  {bucket.count:>{count_width}} ", bar))
    total = sum(bucket.count for bucket in buckets)
    if use_rich():
        from rich.text import Text

        con = console()
        for bucket, label, bar in rows:
            text = Text(label, style="bold" if bucket and bucket.precise else "dim")
            text.append(bar, style="cyan" if bucket and bucket.precise else "yellow")
            con.print(text)
        con.print(Text(f"{total} matching articles", style="dim"))
    else:
        sys.stdout.write("".join(f"{label}{bar}\n" for _, label, bar in rows) + f"{total} matching articles\n")


def chart_runs(buckets) -> list[tuple[int, int]]:
    """[start, end) index ranges: each run of empty, precise periods is one range, every other bucket its own."""
    runs: list[tuple[int, int]] = []
    index = 0
    while index < len(buckets):
        end = index + 1
        if not buckets[index].count and buckets[index].precise:
            while end < len(buckets) and not buckets[end].count and buckets[end].precise:
                end += 1
        runs.append((index, end))
        index = end
    return runs


def print_long_text(renderables: list, plain: str) -> None:
    """On a terminal, page anything taller than the screen (see page_text); in a pipe, just print."""
    if not use_rich():
        sys.stdout.write(plain)
        return
    con = console()
    width = max(20, con.size.width)
    lines = sum(max(1, -(-len(line) // width)) for line in plain.splitlines())
    if PAGING and lines + 2 > con.size.height and sys.stdout.isatty() and sys.stdin.isatty():
        with con.capture() as captured:
            for renderable in renderables:
                con.print(renderable)
        if page_text(captured.get()):
            return
    for renderable in renderables:
        con.print(renderable)


def page_text(text: str) -> bool:
    """Pipe text through the pager as git does: $PAGER (default less) with LESS=FRX unless LESS is set
    (R shows colours, F quits when it fits, X keeps the text on screen). False when no pager ran."""
    import os
    import shlex
    import shutil
    import subprocess

    command = os.environ.get("PAGER", "less").strip() or "cat"
    if command == "cat":
        return False
    env = dict(os.environ)
    env.setdefault("LESS", "FRX")
    env.setdefault("LV", "-c")
    try:
        argv = shlex.split(command)
    except ValueError:
        return False
    if not argv or shutil.which(argv[0]) is None:
        return False
    try:
        pager = subprocess.Popen(command, shell=True, stdin=subprocess.PIPE, env=env)
        assert pager.stdin is not None
        try:
            pager.stdin.write(text.encode("utf-8", "replace"))
            pager.stdin.close()
        except BrokenPipeError:  # the user quit the pager before the end
            pass
        while True:
            try:
                pager.wait()
                break
            except KeyboardInterrupt:  # as git: Ctrl-C belongs to the pager
                continue
    except OSError:
        return False
    return True
