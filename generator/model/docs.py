"""What the generated pages show beside the schema: table categories, documented queries, the data-flow
diagram, what the pages say about each table, and the project's own prose (the spec's `docs:` section)."""

from __future__ import annotations

from msgspec import Struct, field


class Category(Struct, frozen=True):
    """A group of tables in the docs."""

    name: str
    description: str
    tables: tuple[str, ...]


class Query(Struct, frozen=True):
    """An SQL snippet shown in the generated docs (and run by the tests)."""

    id: str
    section: str
    title: str
    sql: str
    frequency: str = ""


class FlowStep(Struct, frozen=True):
    """One arrow of the data-flow diagram: an actor or table to another, with what happens."""

    source: str
    target: str
    label: str


class Flow(Struct, frozen=True):
    """One named group of data-flow steps."""

    name: str
    steps: tuple[FlowStep, ...]


class DataFlow(Struct, frozen=True):
    """Who reads and writes which table: actors (bots, the app) and flows between them and tables."""

    actors: tuple[tuple[str, str], ...] = ()
    flows: tuple[Flow, ...] = ()


class DocBlock(Struct, frozen=True):
    """The project's prose in one page section: Markdown text, or a code block with an optional lead-in."""

    text: str = ""
    code: str = ""
    lang: str = ""


class DocCommand(Struct, frozen=True):
    """One of the project's own commands (e.g. a make target), listed before schemagen's."""

    command: str
    description: str


class DocVariable(Struct, frozen=True):
    """An environment variable the project uses besides schemagen's URL and token."""

    name: str
    description: str
    example: str = ""  # shown in the .env example when given


class DocFix(Struct, frozen=True):
    """One troubleshooting row: what the reader sees, and what to do."""

    symptom: str
    fix: str


class Docs(Struct, frozen=True):
    """What the generated pages say that only this project can say (the spec's `docs:`)."""

    database_url: str = ""  # the example URL of the quick start and the .env example
    app_defaults: tuple[tuple[str, str], ...] = ()  # app_default kind -> how the app computes it
    commands: tuple[DocCommand, ...] = ()
    environment: tuple[DocVariable, ...] = ()
    security: tuple[str, ...] = ()
    troubleshooting: tuple[DocFix, ...] = ()
    sections: tuple[tuple[str, tuple[DocBlock, ...]], ...] = ()  # ("reference.backup", blocks), spec order

    def blocks(self, page: str, section: str) -> tuple[DocBlock, ...]:
        """The project's blocks for one section of one page (empty when none)."""
        key = f"{page}.{section}"
        return next((blocks for name, blocks in self.sections if name == key), ())


class Volumes(Struct, frozen=True):
    """Small / medium / large row-count thresholds for the quick reference."""

    small: str = ""
    medium: str = ""
    large: str = ""


class TableDocs(Struct, frozen=True):
    """What the pages say about one table: its category, prose, planning figures and notes."""

    category: str = ""
    description: str = ""
    estimated_rows: str = ""
    growth: str = ""
    storage: str = ""
    migration_phase: int = 0
    volumes: Volumes = field(default_factory=Volumes)
    notes: tuple[str, ...] = ()


class ObjectDocs(Struct, frozen=True):
    """What the pages say about an index, a trigger or a virtual table: its prose."""

    description: str = ""


class ColumnDocs(Struct, frozen=True):
    """What the pages say about one column: its prose and an example value."""

    description: str = ""
    example: str | None = None  # canonical JSON text of an example value


class ColumnApp(Struct, frozen=True):
    """How the app's code sees one column: its property name and how the app fills it when left out."""

    prop: str = ""  # the app's property name (camelCase)
    default: str | None = None  # an app-side default kind (`now`, `uuid`, ...; see the spec's app_default)


class ViewColumn(Struct, frozen=True):
    """A documented column of a view."""

    name: str
    description: str = ""


class ViewDocs(Struct, frozen=True):
    """What the pages say about one view: its category, prose and documented columns."""

    category: str = ""
    description: str = ""
    columns: tuple[ViewColumn, ...] = ()
