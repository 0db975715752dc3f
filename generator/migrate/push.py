"""Push: resolve the target, pre-flight, introspect, plan, check the data, apply atomically, report.

Round trips over HTTP: 1 for a push with nothing to do (write probe and introspection together), 2 for
any migration (introspect, apply; the stored schema is read back in the apply's request, after its COMMIT,
for the stock SQLite check): the data checks of new constraints run inside the apply transaction as
guards, so only a refused push pays one more request, to count the violating rows and show sample keys.

The library never prints: `push_spec` returns a `PushReport` and tells an optional `on_event` callback what
is happening (the CLI turns both into lines with `generator.migrate.report`).
"""

from __future__ import annotations

import enum
import time
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path

from msgspec import Struct, field
from msgspec.structs import replace

from generator import messages
from generator.db import (
    Database,
    Resolved,
    Row,
    Target,
    open_target,
    parse_url,
    resolve_target,
)
from generator.db.base import fail_when
from generator.db.retry import DEFAULT_LOCK_TIMEOUT, LockedError, Waited, retry_locked
from generator.engines import unsupported
from generator.errors import DatabaseError
from generator.migrate.apply import apply_plan, count_and_check, fix_advice, measure
from generator.migrate.cache import SchemaCache
from generator.migrate.online import (
    FAST,
    ONLINE_ROWS,
    PACE,
    Copying,
    OnlineTable,
    Pacing,
    cleanup_step,
    copy_rows,
    leftover_names,
    online_copies,
    online_tables,
    prepare,
    swap_statements,
    verify,
)
from generator.migrate.plan import DataCheck, Plan, Risk, Step, StepKind, Violation, plan_migration
from generator.migrate.renames import RenameHint, with_rename
from generator.model import Schema, fold
from generator.spec.source import format_path
from generator.sqlite.introspect import INTROSPECTION, SCHEMA_SQL, SCHEMA_VERSION_SQL, build_live
from generator.sqlite.tokens import references

ATTEMPTS = 3  # re-plans after another writer changed the schema between our read and our write


class Outcome(enum.StrEnum):
    """How a plan or push ended."""

    NOTHING = "nothing to do"
    PLANNED = "planned"  # plan (or push --dry-run) found changes; nothing was written
    DRIFT = "drift"  # plan --check found changes
    APPLIED = "applied"
    REFUSED = "refused"


class Reached(enum.StrEnum):
    """What a plan or push reached: a database file, a Turso-engine file, a server, or a missing file."""

    FILE = "file"
    TURSO = "turso"
    HTTP = "http"
    MISSING_FILE = "missing-file"  # a plan of a file that does not exist yet (planned as empty, not created)


class PushReport(Struct):
    """What one plan or push did to one database (the token is never held here)."""

    target: str
    source: str = ""
    spec: str = ""
    tables: int = 0
    token: bool = False
    kind: Reached = Reached.FILE
    created: bool = False  # push created the database file
    write: bool = False
    check: bool = False
    plan: Plan = field(default_factory=lambda: Plan(()))
    outcome: Outcome = Outcome.NOTHING
    reason: str = ""  # why a push was refused
    violations: tuple[Violation, ...] = ()
    needs_flag: tuple[Step, ...] = ()
    copied: dict[str, int] = field(default_factory=dict)
    rows: dict[str, int] = field(default_factory=dict)  # rows of each rebuilt table, counted by the plan
    # plan: per rebuilt table big enough to propose push --online, what its online swap would still
    # build under the lock (the unique indexes), or why it cannot be copied online (a sentence naming it)
    online_swaps: dict[str, tuple[str, ...] | str] = field(default_factory=dict)
    # The app-defined collations and functions whose stand-ins built keys or index entries in this push:
    # the app's own ordering or values may differ, so it runs REINDEX of each once (sqlite/appdefined.py).
    reindex: tuple[str, ...] = ()
    losses: dict[str, int] = field(default_factory=dict)  # what each destructive step destroys (Loss.label)
    renamed: list[RenameHint] = field(default_factory=list)  # likely renames confirmed on the terminal
    lock_wait: Waited = field(default_factory=Waited)  # how long the apply waited for another writer's lock
    online: bool = False  # the rebuilds were copied online (the write lock held only for the swap)
    resumed: tuple[str, ...] = ()  # online copies resumed from an interrupted run
    swap_seconds: float = 0.0  # how long the online swap's transaction took
    # online: per table, the old indexes dropped at the setup so that the new table's could take their
    # names (filled during the copy); until the swap, the app's queries that used them scanned the table
    moved_indexes: dict[str, tuple[str, ...]] = field(default_factory=dict)
    replanned: bool = False
    requests: int = 0
    seconds: float = 0.0
    unreadable: tuple[str, ...] = ()  # what stock SQLite refuses in the schema the push left

    @property
    def exit_code(self) -> int:
        """0 applied or nothing to do; 1 refused, drift with --check, or a schema stock SQLite refuses."""
        return 1 if self.outcome in (Outcome.REFUSED, Outcome.DRIFT) or self.unreadable else 0

    def to_dict(self) -> dict[str, object]:
        """The report as JSON-ready data (`--format json`): every step with its risk, SQL and what it
        destroys as counted, the violations, the likely renames, the wait for the lock."""
        return {
            "target": self.target,
            "outcome": str(self.outcome),
            "exit_code": self.exit_code,
            "risk": None if self.plan.is_empty else str(self.plan.risk),
            "steps": [
                {
                    "kind": str(step.kind),
                    "table": step.table,
                    "risk": str(step.risk),
                    "summary": step.summary,
                    "sql": list(step.sql),
                    "destroys": [
                        {"table": x.table, "column": x.column or None, "count": self.losses.get(x.label)}
                        for x in step.losses
                    ],
                }
                for step in self.plan.steps
            ],
            "rebuilt_rows": dict(self.rows),
            "violations": [v.message() for v in self.violations],
            "needs_allow_destructive": [step.summary for step in self.needs_flag],
            "possible_renames": [hint.message() for hint in self.plan.hints],
            "renamed": [hint.declaration for hint in self.renamed],
            "copied": dict(self.copied),
            "lock_wait": {"seconds": round(self.lock_wait.seconds, 3), "attempts": self.lock_wait.attempts},
            "reason": self.reason,
            "requests": self.requests,
        }


class Opened(Struct, frozen=True):
    """The database answered the pre-flight and introspection request."""

    report: PushReport


class Planned(Struct, frozen=True):
    """A plan was made (again, after another writer changed the schema, when `attempt` > 0), with what
    its destructive steps destroy and the rows of the tables it rebuilds, when counted."""

    plan: Plan
    attempt: int
    losses: Mapping[str, int] = field(default_factory=dict)
    rows: Mapping[str, int] = field(default_factory=dict)


class Rebuilding(Struct, frozen=True):
    """A table's rows are about to be copied inside the apply transaction."""

    table: str


class Replanning(Struct, frozen=True):
    """The schema changed between our read and our write: planning again."""


class OnlineOptions(Struct, frozen=True):
    """push --online: rebuilt tables are copied in short ranges at `pacing`; with `keep_indexes`, the old
    table's non-unique indexes stay until the swap, which builds the new ones (see OnlineTable.moved)."""

    pacing: Pacing = PACE
    keep_indexes: bool = False


class CopyStarting(Struct, frozen=True):
    """The online copies are set up: `moved` names, per table, the old indexes dropped so that the new
    table's could take their names (the app's queries by them scan the old table until the swap)."""

    moved: Mapping[str, tuple[str, ...]]


class Swapping(Struct, frozen=True):
    """The online copies are complete: the swap (one short transaction) starts."""

    tables: tuple[str, ...]


Event = Opened | Planned | Rebuilding | Replanning | CopyStarting | Copying | Swapping
OnEvent = Callable[[Event], None]


class Live(Struct, frozen=True):
    """What one introspection request returned."""

    schema: Schema
    version: int
    leftovers: tuple[tuple[str, ...], tuple[str, ...]] = ((), ())  # an interrupted online rebuild's


def read_live(db: Database, *, probe_write: bool, cache: SchemaCache | None = None) -> Live:
    """The schema (PRAGMAs and sqlite_schema), schema_version and the write probe in ONE request.

    With a `cache` that knows some schemas (a fleet), the first request reads only `sqlite_schema` and
    schema_version; the full introspection follows, as a second request, only for a schema not seen yet.
    """
    if cache is not None and cache.scout():
        try:
            return _introspect(db, probe_write, cache)
        finally:
            cache.scouted()
    if cache:
        rows, version = db.pipeline([SCHEMA_SQL, SCHEMA_VERSION_SQL], probe_write=probe_write)
        known = cache.model(rows)
        if known is not None:
            return Live(known[0], _version(version), known[1])
        probe_write = False  # done with the first request
    return _introspect(db, probe_write, cache)


def _introspect(db: Database, probe_write: bool, cache: SchemaCache | None) -> Live:
    """The full introspection (and schema_version) in one request; the model remembered by the cache."""
    *reads, version = db.pipeline([*INTROSPECTION, SCHEMA_VERSION_SQL], probe_write=probe_write)
    schema = build_live(reads)
    rows = reads[INTROSPECTION.index(SCHEMA_SQL)]
    leftovers = leftover_names(rows)
    if cache is not None:
        cache.remember(rows, schema, leftovers)
    return Live(schema, _version(version), leftovers)


def _version(rows: list[Row]) -> int:
    """schema_version from its read's rows."""
    number = rows[0][0] if rows and rows[0] else 0
    return int(number) if isinstance(number, int) else 0


def _check_guard(check: DataCheck) -> str:
    """A statement that fails when a data check finds rows (so the transaction never commits)."""
    return fail_when("data check failed", f"({check.count_sql}) > 0")


def _guard(version: int) -> str:
    """A statement that fails (json() of invalid JSON) when the schema changed since it was read."""
    return fail_when("schema changed", f"(SELECT schema_version FROM pragma_schema_version) <> {version}")


class PushOptions(Struct, frozen=True):
    """How a plan or push runs: what it may change, how long it waits, and what it asks (one value, passed
    whole from the CLI through a fleet down to each database)."""

    write: bool = False  # False: plan only
    check: bool = False  # plan --check: changes are drift (exit 1)
    allow_destructive: bool = False
    timeout: float | None = None  # each read request (else SCHEMAGEN_TIMEOUT, 10 s)
    lock_timeout: float = DEFAULT_LOCK_TIMEOUT  # how long to retry while another writer holds the lock
    spec_label: str = ""
    cwd: Path | None = None
    confirm: Callable[[Plan], bool] | None = None  # asked before a plan that is not safe (a terminal)
    ask_rename: Callable[[RenameHint], bool] | None = None  # asked of each likely rename (a terminal)
    online: OnlineOptions | None = None  # rebuilt tables are copied while the app writes (migrate.online)
    engines: tuple[str, ...] = ()  # check the spec against these engines (else the spec's `engines:`)


def push_spec(
    schema: Schema,
    url: str | None,
    token: str | None,
    options: PushOptions = PushOptions(),  # frozen: sharing the default is safe
    *,
    on_event: OnEvent | None = None,
    cache: SchemaCache | None = None,
    resolved: Resolved | None = None,
) -> PushReport:
    """Plan (options.write False) or push `schema` to the target and report what happened.

    Only a push creates a missing file. `cache` is shared by the pushes of one fleet
    (see generator.migrate.cache). With `options.online`, tables that must be rebuilt are copied while the
    app writes (generator.migrate.online). A schema that one of `options.engines` (else the spec's
    `engines:`, and the Turso engine for a `turso:` target) does not support is refused before anything is
    sent. `resolved` is `resolve_target(url, token, ...)` when the caller has it already (a fleet resolves
    the settings once, not per database).
    """
    started = time.monotonic()
    notify = on_event or (lambda _event: None)
    target = resolved or resolve_target(url, token, options.cwd, timeout=options.timeout)
    parsed = parse_url(target.url)
    report = PushReport(
        target=parsed.url,
        source=target.source,
        spec=options.spec_label,
        tables=len(schema.tables),
        token=bool(target.token or parsed.token),
        kind=Reached(parsed.kind),
        write=options.write,
        check=options.check,
    )
    engines = _engines_of(schema, parsed.kind, options.engines)
    findings = cache.unsupported(schema, engines) if cache is not None else unsupported(schema, engines)
    if findings:
        report.outcome = Outcome.REFUSED
        lines = [f"  {format_path(f.path)}: {f.message()}" for f in findings]
        report.reason = "refused: nothing was sent (the spec uses what the engine does not support):\n"
        report.reason += "\n".join(lines)
        report.seconds = time.monotonic() - started
        return report
    if not options.write and parsed.kind in ("file", "turso") and not _file_exists(parsed):
        # Planning is read-only: a database file that does not exist yet is planned as empty, not created.
        report.kind = Reached.MISSING_FILE
        notify(Opened(report))
        empty = Live(Schema(tables=()), 0)
        _plan_and_apply(None, schema, empty, report, options, notify, cache)
        return report
    with open_target(
        parsed, target.token, target.timeout, apply_timeout=target.apply_timeout,
        max_answer=target.max_answer, create=options.write,  # only a push creates a database file
    ) as db:  # fmt: skip
        report.target = db.url
        report.created = db.created
        # the app's functions and collations, on a file (generator/sqlite/appdefined.py)
        stood_in = (schema.functions or schema.collations) and db.add_stand_ins(schema)
        live = read_live(db, probe_write=options.write, cache=cache)
        # An online push applies chunk by chunk: it reads the schema once, at the end.
        if options.online is None:
            db.read_after_apply = SCHEMA_SQL  # in the apply's own request, for the stock SQLite check
        notify(Opened(report))
        _plan_and_apply(db, schema, live, report, options, notify, cache)
        if report.outcome is Outcome.APPLIED:
            _check_stock(db, parsed, report, schema)
            if stood_in:
                report.reindex = stand_ins_used(schema, report.plan)
        report.requests = db.requests_sent
    report.seconds = time.monotonic() - started
    return report


def _check_stock(db: Database, target: Target, report: PushReport, schema: Schema) -> None:
    """Read the stored schema back and report at once what stock SQLite could not open (any engine)."""
    from generator.sqlite.stock import file_problem, stock_problems

    rows = db.read_back if db.read_back is not None else db.query(SCHEMA_SQL)
    found = stock_problems(rows, schema)  # the app's functions and collations stood in for
    if target.kind in ("file", "turso"):
        opened = file_problem(target.address)
        found += [f"the file: {opened}"] if opened else []
    if found:
        report.unreadable = tuple(found)
        report.reason = (
            "applied, but stock SQLite cannot open the schema the push left (an engine bug: keep a backup, "
            "report it to the engine):\n" + "\n".join(f"  {line}" for line in found)
        )


def _file_exists(target: Target) -> bool:
    """Whether a file target's database exists (the file driver is imported for file targets only)."""
    from generator.db.file import file_exists

    return file_exists(target)


def _engines_of(schema: Schema, kind: str, given: Sequence[str]) -> tuple[str, ...]:
    """The engines a plan is checked against: those given, else the spec's; a turso: file is the Turso
    engine whatever the spec says."""
    chosen = tuple(given) or schema.engines
    return (*chosen, "turso") if kind == "turso" and "turso" not in chosen else chosen


def _ask_renames(schema: Schema, plan: Plan, report: PushReport, options: PushOptions) -> Schema:
    """Each likely rename asked on the terminal; those answered yes are declared for this push."""
    if options.ask_rename is None or not options.write:
        return schema
    for hint in plan.hints:
        if options.ask_rename(hint):
            schema = with_rename(schema, hint)
            report.renamed.append(hint)
    return schema


def _measure(db: Database | None, plan: Plan, report: PushReport, allow: bool) -> None:
    """Rows of rebuilt tables, what destructive steps destroy and rows violating new constraints, in one
    read request. A push that will apply reads only what destructive steps destroy (the data checks run
    as guards inside the apply), so a safe migration stays two requests."""
    if db is None:
        return
    tables = plan.rebuilds if not report.write else ()
    if report.write and not (plan.losses or plan.refused(allow)):
        return
    if not (plan.losses or plan.checks or tables):
        return
    found = measure(db, plan, tables)
    report.rows, report.losses, report.violations = found.rows, found.losses, tuple(found.violations)


def _online_swaps(live: Schema, schema: Schema, plan: Plan, report: PushReport) -> None:
    """What push --online would build in its swap, for each rebuilt table big enough to propose it."""
    big = {fold(t) for t, rows in report.rows.items() if rows >= ONLINE_ROWS}
    if not big:
        return
    for name, copy in online_copies(live, schema, plan).items():
        if fold(name) not in big:
            continue
        if isinstance(copy, str):  # why it cannot be copied online
            report.online_swaps[name] = copy
            continue
        moved = {fold(ix.name) for ix in copy.moved}
        report.online_swaps[name] = tuple(
            ix.name for ix in schema.table(name).all_indexes if fold(ix.name) not in moved
        )


def _plan_and_apply(
    db: Database | None,
    schema: Schema,
    live: Live,
    report: PushReport,
    options: PushOptions,
    notify: OnEvent,
    cache: SchemaCache | None,
) -> None:
    allow = options.allow_destructive
    asked = False
    for attempt in range(ATTEMPTS):
        plan = cache.plan(live.schema, schema) if cache is not None else plan_migration(live.schema, schema)
        if plan.hints and not asked:
            asked = True
            declared = _ask_renames(schema, plan, report, options)
            if declared is not schema:
                schema = declared
                plan = plan_migration(live.schema, schema)
        if any(live.leftovers):
            plan = replace(plan, steps=(cleanup_step(*live.leftovers), *plan.steps))
        report.plan = plan
        _measure(db, plan, report, allow)
        _online_swaps(live.schema, schema, plan, report)
        notify(Planned(plan, attempt, report.losses, report.rows))
        if plan.is_empty:
            report.outcome = Outcome.NOTHING
            return
        report.needs_flag = plan.refused(allow)
        if not report.write or db is None:
            report.outcome = Outcome.DRIFT if report.check else Outcome.PLANNED
            return
        if report.needs_flag or report.violations:
            # Every reason at once: the data checks are counted too, so one fix round is enough.
            _refuse(report, messages.PUSH_REFUSED)
            return
        if options.confirm is not None and plan.risk is not Risk.SAFE and not options.confirm(plan):
            report.outcome, report.reason = Outcome.REFUSED, "refused: not confirmed, nothing was changed"
            return
        online = options.online
        tables: tuple[OnlineTable, ...] = ()
        if online is not None and plan.rebuilds:
            tables, why_not = online_tables(live.schema, schema, plan, keep_indexes=online.keep_indexes)
            if why_not:
                report.outcome = Outcome.REFUSED
                report.reason = "refused: cannot rebuild online, nothing was changed:\n" + "\n".join(
                    f"  {line}" for line in why_not
                )
                return
            report.violations = tuple(count_and_check(db, plan, ())[1]) if plan.checks else ()
            if report.violations:
                _refuse(report, messages.PUSH_REFUSED)
                return
        for table in () if tables else plan.rebuilds:
            notify(Rebuilding(table))
        guards = (_guard(live.version), *(_check_guard(c) for c in plan.checks))
        try:
            if tables:
                assert online is not None
                _apply_online(
                    db, plan, tables, online, report, notify, options.lock_timeout, _guard(live.version)
                )
            else:
                applied = apply_plan(db, plan, guard_sql=guards, lock_timeout=options.lock_timeout)
                report.copied, report.lock_wait = applied.copied, applied.waited
        except LockedError:
            raise
        except DatabaseError as failure:
            # A concurrent push changes schema_version (the guard fails): re-plan. Anything else is reported.
            try:
                fresh = read_live(db, probe_write=False, cache=cache)
            except DatabaseError:
                raise failure from None
            if fresh.version == live.version:
                report.violations = tuple(count_and_check(db, plan, ())[1]) if plan.checks else ()
                if report.violations:
                    _refuse(report, messages.PUSH_REFUSED)
                    return
                raise failure from None
            notify(Replanning())
            report.replanned = True
            live = fresh
            continue
        report.outcome = Outcome.APPLIED
        return
    raise DatabaseError(
        f"{db.url if db else 'database'}: the schema kept changing during {ATTEMPTS} attempts; "
        "nothing more was applied"
    )


def _apply_online(
    db: Database,
    plan: Plan,
    tables: tuple[OnlineTable, ...],
    online: OnlineOptions,
    report: PushReport,
    notify: OnEvent,
    lock_timeout: float,
    guard: str,
) -> None:
    """The online copy, then the swap: one short transaction, retried while another writer holds the lock."""
    version = _copy_online(db, tables, online, report, notify, guard)
    # The data checks passed before the copy; new rows meet the new table's own constraints through the
    # triggers. The guard: no other writer changed the schema since.
    statements = [_guard(version), *swap_statements(plan, tables)]
    started = time.monotonic()
    changed, report.lock_wait = retry_locked(
        lambda: db.apply(
            statements, foreign_keys_off=plan.foreign_keys_off, check_tables=plan.foreign_key_changes
        ),
        lock_timeout,
    )
    report.swap_seconds = time.monotonic() - started
    report.online = bool(changed) or bool(tables)


def _copy_online(
    db: Database,
    tables: tuple[OnlineTable, ...],
    online: OnlineOptions,
    report: PushReport,
    notify: OnEvent,
    guard: str,
) -> int:
    """Set up (or resume) each table's online copy, copy the old rows, check the counts; returns the
    schema_version the swap must still find (the guard against another writer changing the schema).
    `guard` makes the setup fail when the schema is no longer the one planned from (another push ran)."""
    resumed = prepare(db, tables, guard)
    report.resumed = tuple(name for name, again in resumed.items() if again)
    report.moved_indexes = {t.name: t.dropped for t in tables if t.dropped}
    notify(CopyStarting(dict(report.moved_indexes)))
    for table in tables:
        report.copied[table.name] = copy_rows(db, table, pacing=online.pacing, on_progress=notify)
    counts = verify(db, tables)
    short = [t for t in tables if counts[t.name][0] != counts[t.name][1]]
    for table in short:  # a row the copy and the triggers both missed cannot be: look again before saying so
        report.copied[table.name] += copy_rows(db, table, pacing=FAST)
    if short:
        counts = verify(db, short)
        wrong = [f"{n}: {old:,} rows, copy {new:,}" for n, (old, new) in counts.items() if old != new]
        if wrong:
            raise DatabaseError(
                f"{db.url}: the online copy does not match its table ({'; '.join(wrong)}); nothing was "
                "swapped: the old tables are untouched, and a re-run resumes the copy"
            )
    notify(Swapping(tuple(t.name for t in tables)))
    return _version(db.query(SCHEMA_VERSION_SQL))


_BUILDS = frozenset(
    {StepKind.CREATE_TABLE, StepKind.REBUILD_TABLE, StepKind.CREATE_INDEX, StepKind.RECREATE_INDEX}
)


def stand_ins_used(schema: Schema, plan: Plan) -> tuple[str, ...]:
    """The app-defined collations and functions a stand-in had to serve while the plan built keys or
    indexes (new and rebuilt tables, new indexes), in name order."""
    collations = {fold(c.name): c.name for c in schema.collations}
    functions = {fold(f.name): f.name for f in schema.functions}
    if not collations and not functions:
        return ()
    built = {fold(s.table) for s in plan.steps if s.kind in _BUILDS or s.rebuild}
    used: set[str] = set()
    for table in schema.tables:
        if fold(table.name) not in built:
            continue
        names = {fold(c.collate) for c in table.columns if c.collate}
        for index in table.all_indexes:
            names |= {fold(k.collate) for k in index.columns if k.collate}
            texts = [k.expr for k in index.columns if k.expr] + [index.where]
            names |= {n for text in texts if text for n in references(text)}
        names |= {n for c in table.columns if c.generated is not None for n in references(c.generated.sql)}
        used |= {collations[n] for n in names if n in collations}
        used |= {functions[n] for n in names if n in functions}
    return tuple(sorted(used, key=fold))


def _refuse(report: PushReport, head: str) -> None:
    """Mark the push refused, with every reason (destructive steps, violating rows) in one message."""
    reasons = [
        "  " + messages.NEEDS_DESTRUCTIVE.format(summary=step.line(report.losses))
        for step in report.needs_flag
    ]
    reasons += [f"  {v.message()}" for v in report.violations]
    reasons += [f"  {hint.message()}" for hint in report.plan.hints]
    fixes = []
    if report.violations:
        fixes.append(fix_advice(report.violations))
    if report.needs_flag:
        fixes.append("take a backup and re-run with --allow-destructive")
    report.outcome = Outcome.REFUSED
    report.reason = f"{head} ({'; '.join(fixes)}):\n" + "\n".join(reasons)
