"""`searchnews entities`: the companies and persons the index names most, with counts and known aliases.

Analysts use it to see what the corpus is about and to spot extraction mistakes worth fixing in
their own gazetteer file (an alias that should be merged, a regulator listed as a company).
"""

from __future__ import annotations

from dataclasses import dataclass, field

KINDS = {"company": "company", "person": "person"}


@dataclass
class EntityCount:
    kind: str  # "company" | "person"
    name: str
    articles: int
    aliases: list[str] = field(default_factory=list)
    known: bool = True  # in the gazetteer (False: found by a rule)

    def to_json(self) -> dict[str, object]:
        return {"type": self.kind, "name": self.name, "articles": self.articles, "aliases": self.aliases,
                "in_gazetteer": self.known}


def top_entities(engine, kind: str | None = None, limit: int = 20,
                 entities_file: str | None = None) -> list[EntityCount]:
    """The most frequent companies and/or persons, most articles first (ties by name), on any engine."""
    from searchnews.extract.entities import load_gazetteer

    kinds = [kind] if kind else ["company", "person"]
    counts = {entity_kind: engine.top_values(KINDS[entity_kind], limit) for entity_kind in kinds}
    gazetteer = load_gazetteer(entities_file or engine.entities_file())  # the index's custom aliases too
    rows: list[EntityCount] = []
    for entity_kind in kinds:
        table = gazetteer.companies if entity_kind == "company" else gazetteer.persons
        for name, count in counts[entity_kind]:
            canonical = table.get(name.casefold())
            rows.append(EntityCount(entity_kind, canonical or name, count,
                                    list(dict.fromkeys(gazetteer.aliases.get(canonical or "", []))), canonical is not None))
    rows.sort(key=lambda row: (-row.articles, row.name.casefold()))
    return rows[:limit]


def render_entities(rows: list[EntityCount], output: str | None) -> None:
    """JSON lines for scripts, a Rich table on a terminal, tab-separated lines when piped."""
    from searchnews.cli.render import console, emit, use_rich

    if output:
        emit(output, (row.to_json() for row in rows))
        return
    if use_rich():
        from rich.table import Table
        from rich.text import Text

        table = Table(box=None, header_style="bold")
        for column in ("articles", "type", "name", "aliases"):
            table.add_column(column, justify="right" if column == "articles" else "left")
        for row in rows:
            name = Text(row.name, style="bold" if row.known else "")
            table.add_row(str(row.articles), row.kind, name, Text(", ".join(row.aliases[:6])))
        console().print(table)
        return
    import click

    for row in rows:
        click.echo("\t".join([str(row.articles), row.kind, row.name, " | ".join(row.aliases)]))
