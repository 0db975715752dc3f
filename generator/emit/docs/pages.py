"""Which sections each page shows, and the prose lists that merge schemagen's facts with the spec's `docs:`.

A section is shown when schemagen has something to say in it or the spec gives it prose; the table of
contents is built from the same list, so a page never links to a section it left out.
"""

from __future__ import annotations

from collections.abc import Iterable

from msgspec import Struct

from generator.config import GENERATE, PageNames
from generator.emit.docs import text as docs_text
from generator.emit.docs.markdown import anchor, and_join, code_list, plural
from generator.emit.docs.view import View
from generator.model import Affinity, DocBlock, Schema

TITLES: dict[str, dict[str, str]] = {
    "reference": {
        "quick_start": "Quick start",
        "conventions": "Conventions",
        "tables": "Tables",
        "views": "Views",
        "triggers": "Triggers",
        "virtual_tables": "Virtual tables",
        "app_defined": "App-defined functions and collations",
        "relationships": "Relationships",
        "json": "JSON field structures",
        "environment": "Environment configuration",
        "commands": "Schema management",
        "backup": "Backup and recovery",
        "performance": "Performance",
        "security": "Security",
        "troubleshooting": "Troubleshooting",
    },
    "diagram": {
        "er_diagram": "Entity relationship diagram",
        "categories": "Table categories",
        "data_flow": "Data flow",
        "statistics": "Statistics",
        "access_patterns": "Access patterns",
        "indexing": "Indexing strategy",
        "migration_phases": "Migration phases",
        "backup": "Backup strategy",
        "monitoring": "Monitoring metrics",
    },
    "quick_reference": {
        "commands": "Commands",
        "tables": "Tables at a glance",
        "schema_objects": "Views, triggers and virtual tables",
        "primary_keys": "Primary keys",
        "foreign_keys": "Foreign keys",
        "checks": "Checks and generated columns",
        "json": "JSON formats",
        "closed_values": "Closed value sets",
        "open_values": "Open value sets",
        "volumes": "Data volumes",
        "essential_queries": "Essential queries",
        "maintenance": "Maintenance",
        "security": "Security checklist",
        "environment": "Environment",
        "troubleshooting": "Troubleshooting",
    },
}


DIAGRAM_ABOUT = ("data_flow", "statistics", "access_patterns", "indexing")
QUICK_ABOUT = {
    "commands": "commands",
    "tables": "tables",
    "schema_objects": "views and triggers",
    "primary_keys": "keys",
    "foreign_keys": "keys",
    "closed_values": "values",
    "open_values": "values",
    "essential_queries": "the queries you need most",
}


class Section(Struct, frozen=True):
    """One shown section of a page, with the project's prose for it."""

    id: str
    title: str
    anchor: str
    blocks: tuple[DocBlock, ...]

    @property
    def texts(self) -> tuple[str, ...]:
        """The prose blocks (bullets in list sections)."""
        return tuple(b.text for b in self.blocks if not b.code)

    @property
    def codes(self) -> tuple[DocBlock, ...]:
        """The code blocks."""
        return tuple(b for b in self.blocks if b.code)


class Page(Struct, frozen=True):
    """One generated page: its file name, its introduction prose, and the sections it shows in order."""

    name: str
    intro: tuple[DocBlock, ...]
    sections: tuple[Section, ...]

    def get(self, section: str) -> Section | None:
        """The section if the page shows it, else None."""
        return next((s for s in self.sections if s.id == section), None)


class Pages(Struct, frozen=True):
    """The three pages and the prose lists they share."""

    reference: Page
    diagram: Page
    quick_reference: Page
    spec: str  # the spec path the headers name
    regenerate: str  # the command that regenerates the pages
    check: str  # the command that exits 1 when they are stale
    commands: tuple[tuple[str, str], ...]
    env_vars: tuple[tuple[str, str], ...]
    env_example: tuple[str, ...]  # the lines of the .env example
    database_url: str
    security: tuple[str, ...]
    troubleshooting: tuple[tuple[str, str], ...]
    glance: str  # "5 tables, 27 columns, ..."
    diagram_about: str  # what the diagram page holds, e.g. "The entity-relationship diagram, data flow ..."
    diagram_counts: str  # "12 tables, 150 columns, 3 foreign keys and 33 indexes"
    quick_about: str  # what the quick reference holds, e.g. "commands, tables, keys, values and queries"
    performance: tuple[str, ...]  # the generic performance bullets that apply
    env_intro: str = docs_text.ENV_INTRO
    exit_codes: str = docs_text.EXIT_CODES


def _shown(schema: Schema, view: View, outputs: tuple[str, ...]) -> dict[str, dict[str, bool]]:
    """Per page and section: does schemagen have something to show there?

    The commands table lives on the quick reference, environment, security and troubleshooting on the
    reference (once each); a section whose only content would be one generic sentence (backup, monitoring)
    is shown only when the spec's `docs:` gives it something (prose blocks always show their section)."""
    return {
        "reference": {
            "quick_start": True,
            "conventions": bool(view.conventions),
            "tables": bool(view.tables),
            "views": bool(view.views),
            "triggers": bool(view.triggers),
            "virtual_tables": bool(view.virtuals),
            "app_defined": bool(schema.functions or schema.collations),
            "relationships": bool(view.relationships),
            "json": bool(view.json_fields),
            "environment": True,
            "commands": False,
            "backup": False,
            "performance": True,
            "security": bool(schema.docs.security) or "validators" in outputs,
            "troubleshooting": True,
        },
        "diagram": {
            "er_diagram": bool(view.tables or view.views),
            "categories": bool(schema.categories),
            "data_flow": bool(view.flowchart),
            "statistics": bool(view.tables),
            "access_patterns": bool(view.access_patterns),
            "indexing": bool(
                view.indexes or view.autoindex_tables or view.rowid_tables or view.without_rowid_tables
            ),
            "migration_phases": any(p.number for p in view.phases),
            "backup": False,
            "monitoring": view.has_planning,
        },
        "quick_reference": {
            "commands": True,
            "tables": bool(view.tables),
            "schema_objects": bool(view.views or view.triggers or view.virtuals),
            "primary_keys": bool(view.tables),
            "foreign_keys": bool(view.relationships),
            "checks": bool(view.checks or view.generated),
            "json": bool(view.json_fields),
            "closed_values": bool(view.closed_enums),
            "open_values": bool(view.open_enums),
            "volumes": view.has_volumes,
            "essential_queries": bool(view.essential),
            "maintenance": bool(view.maintenance),
            "security": False,
            "environment": False,
            "troubleshooting": False,
        },
    }


def build_pages(
    schema: Schema, view: View, names: PageNames, spec: str, regenerate: str, outputs: Iterable[str]
) -> Pages:
    """The three pages' sections and shared prose for `schema`."""
    outputs = tuple(outputs)
    shown = _shown(schema, view, outputs)
    pages = {}
    for page, titles in TITLES.items():
        sections = []
        for section, title in titles.items():
            blocks = schema.docs.blocks(page, section)
            if shown[page][section] or blocks:
                heading = _title(section, title, view)
                sections.append(Section(section, heading, anchor(heading), blocks))
        pages[page] = Page(getattr(names, page), schema.docs.blocks(page, "intro"), tuple(sections))
    docs = schema.docs
    url = docs.database_url or docs_text.DEFAULT_URL
    fill = {"regenerate": regenerate, "spec": spec}
    trouble = [(s.format(**fill), f.format(**fill)) for s, f in docs_text.TROUBLESHOOTING]
    if any(f.column.json_check for f in view.json_fields):
        trouble.append(docs_text.JSON_TROUBLE)
    security = list(docs.security) + list(docs_text.SECURITY)
    if "validators" in outputs:
        security.append(docs_text.VALIDATORS_SECURITY)
    env_example = [f"TURSO_DATABASE_URL={url}", "TURSO_AUTH_TOKEN=<read-write token>"]
    env_example += [f"{v.name}={v.example}" for v in docs.environment if v.example]
    return Pages(
        reference=pages["reference"],
        diagram=pages["diagram"],
        quick_reference=pages["quick_reference"],
        spec=spec,
        regenerate=regenerate,
        check=check_command(regenerate),
        commands=tuple((c.command, c.description) for c in docs.commands) + docs_text.schemagen_commands(),
        env_vars=docs_text.ENV_VARS + tuple((v.name, v.description) for v in docs.environment),
        env_example=tuple(env_example),
        database_url=url,
        security=tuple(security),
        troubleshooting=tuple(trouble) + tuple((t.symptom, t.fix) for t in docs.troubleshooting),
        glance=_glance(schema, view),
        diagram_about=and_join(
            ["The entity-relationship diagram"]
            + [s.title.lower() for s in pages["diagram"].sections if s.id in DIAGRAM_ABOUT]
        ),
        diagram_counts=_diagram_counts(schema, view),
        quick_about=and_join(
            list(
                dict.fromkeys(
                    QUICK_ABOUT[s.id] for s in pages["quick_reference"].sections if s.id in QUICK_ABOUT
                )
            )
        ),
        performance=_performance(schema, view, names),
    )


def check_command(regenerate: str) -> str:
    """`regenerate --check` when it is schemagen's own command, else `schemagen generate --check` (which
    reads the same configuration a project's own regenerate command is set in)."""
    if regenerate == GENERATE or regenerate.startswith(GENERATE + " "):
        return regenerate + " --check"
    return GENERATE + " --check"


def _diagram_counts(schema: Schema, view: View) -> str:
    counts = [
        plural(len(schema.tables), "table"),
        plural(schema.column_count, "column"),
        plural(view.fk_count, "foreign key"),
    ]
    if view.logical_count:
        counts.append(plural(view.logical_count, "logical link") + " without a foreign key")
    if view.views:
        counts.append(plural(len(view.views), "view"))
    return and_join([*counts, plural(view.index_count, "index")])


def _glance(schema: Schema, view: View) -> str:
    counts = [
        plural(len(schema.tables), "table"),
        plural(schema.column_count, "column"),
        plural(view.fk_count, "foreign key"),
        plural(view.index_count, "index"),
    ]
    for n, word in (
        (len(view.json_fields), "JSON column"),
        (len(view.views), "view"),
        (len(view.triggers), "trigger"),
        (len(view.virtuals), "virtual table"),
    ):
        if n:
            counts.append(plural(n, word))
    return ", ".join(counts)


def _key_kind(schema: Schema, tables: tuple[str, ...]) -> str:
    """ "text keys" when every such primary key is text, else "other keys"."""
    columns = [c for name in tables for c in schema.table(name).primary_key]
    return "text keys" if all(c.affinity == Affinity.TEXT for c in columns) else "other keys"


def _performance(schema: Schema, view: View, names: PageNames) -> tuple[str, ...]:
    """The performance bullets that hold for this schema."""
    out = []
    if view.index_count:
        text = (
            f"**Indexes:** {view.index_count} declared, listed with the queries that use them in "
            f"[Indexing strategy]({names.diagram}#indexing-strategy)."
        )
        if view.rowid_tables or view.autoindex_tables:
            text += " Primary keys are indexed automatically"
            text += " (integer keys are the rowid)" if view.rowid_tables else ""
            if view.autoindex_tables:
                text += f"; {_key_kind(schema, view.autoindex_tables)} get `sqlite_autoindex_<table>_1`"
            text += "."
        out.append(text)
    if view.fk_count:
        text = "**Foreign keys are not indexed automatically in SQLite.** "
        if view.indexed_fks:
            text += (
                "SQLite's plan (`EXPLAIN QUERY PLAN`) for finding the rows that reference a parent row uses "
                f"an index for {', '.join(view.indexed_fks)}"
            )
        if view.unindexed_fks:
            one = len(view.unindexed_fks) == 1
            text += "; for " if view.indexed_fks else "For "
            text += (
                f"{code_list(view.unindexed_fks)} it scans the child {'table' if one else 'tables'}, so "
                "deleting or updating a referenced row reads every row of "
                f"{'it' if one else 'them'} (a partial index, or one of another collation or type, does "
                "not serve the lookup)"
            )
        out.append(text + ".")
    out.append(docs_text.PAGINATE)
    if view.json_fields:
        out.append(docs_text.JSON_INDEXES)
    return tuple(out)


def _title(section: str, title: str, view: View) -> str:
    """Titles that name what the section holds when only some of its kinds exist."""
    if section == "schema_objects":
        kinds = [k for k, present in (("Views", view.views), ("triggers", view.triggers),
                                      ("virtual tables", view.virtuals)) if present]  # fmt: skip
        if not kinds:
            return title
        kinds[0] = kinds[0].capitalize()
        return kinds[0] if len(kinds) == 1 else ", ".join(kinds[:-1]) + " and " + kinds[-1]
    if section == "checks":
        if view.checks and not view.generated:
            return "CHECK constraints"
        if view.generated and not view.checks:
            return "Generated columns"
    return title
