"""The fleet loop: every database planned from its own introspection, at most N at a time, in stages.

A push may start with a canary (the first K databases; any failure or refusal stops the rollout) and may
stop starting databases after M failures. Each database is pushed atomically as ever, so a stopped or
interrupted rollout leaves every database either migrated or untouched, and running the same command
again is the resume: migrated databases are a one-request no-op.

Workers pull targets from one shared iterator, so only N databases are in flight and nothing per database
is held beyond its small record (see summary.py). They share one SchemaCache (generator.migrate.cache): a
database whose schema the run has seen is read with one cheap query, its model and plan reused.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator, Sequence

from msgspec import Struct
from msgspec.structs import replace

from generator.config import DEFAULT_CONCURRENCY
from generator.fleet.summary import DbOutcome, DbResult, FleetReport, PlanGroup
from generator.fleet.targets import FleetTarget, Secrets
from generator.fleet.work import Job, run_one
from generator.migrate.push import PushOptions
from generator.model import Schema
from generator.words import plural

MAX_CONCURRENCY = 256

Progress = Callable[[DbResult, int, int], None]  # (a finished database, how many are done, total)


class Rollout(Struct, frozen=True):
    """How to go through the fleet."""

    concurrency: int = DEFAULT_CONCURRENCY
    canary: int = 0  # push the first K databases alone first; stop if any fails or is refused
    max_failures: int | None = None  # stop starting databases after this many failed or refused


def run_fleet(
    schema: Schema,
    targets: Sequence[FleetTarget],
    action: str,
    options: PushOptions | None = None,
    *,
    token: str | None = None,
    tables: Sequence[str] = (),
    rollout: Rollout = Rollout(),  # frozen: sharing the default is safe
    progress: Progress | None = None,
    secrets: Secrets | None = None,
) -> FleetReport:
    """Plan, push or audit (`action`) every target; `token` serves each one that names no token of its own.

    `options` are push's, the same for every database (its `timeout` bounds each read request).
    """
    if action not in ("plan", "push", "audit"):
        raise ValueError(f"unknown fleet action {action!r}")
    options = options or PushOptions()
    job = Job(action, schema, replace(options, write=action == "push"), tuple(tables))
    loop = _Loop(job, targets, token, rollout, progress, secrets or Secrets(options.cwd))
    return loop.run()


class _Loop:
    """One fleet run: the shared state of its workers, guarded by one lock."""

    def __init__(
        self,
        job: Job,
        targets: Sequence[FleetTarget],
        token: str | None,
        rollout: Rollout,
        progress: Progress | None,
        secrets: Secrets,
    ) -> None:
        self.job = job
        self.targets = targets
        self.token = token
        self.rollout = rollout
        self.progress = progress
        self.secrets = secrets
        self.report = FleetReport(job.action, len(targets))
        self.lock = threading.Lock()
        self.idle = threading.Condition(self.lock)  # notified when the last worker of a stage returns
        self.done = 0
        self.failures = 0
        self.active = 0  # workers of the current stage still running
        self.stop = ""  # why no new database is started

    def run(self) -> FleetReport:
        """The canary stage (if any), then the rest; whatever was not started is recorded as such."""
        started = time.monotonic()
        items = list(enumerate(self.targets))
        canary = min(self.rollout.canary, len(items)) if self.job.action == "push" else 0
        stages = [(items[:canary], True), (items[canary:], False)] if canary else [(items, False)]
        left: list[Iterator[tuple[int, FleetTarget]]] = []
        for stage, is_canary in stages:
            if self.stop:
                left.append(iter(stage))
                continue
            left.append(self._stage(stage, is_canary))
        for remaining in left:
            for index, target in remaining:
                self._record(DbResult(index, target.display, target.origin, DbOutcome.NOT_STARTED), None)
        self.report.results.sort(key=lambda r: r.index)
        self.report.stopped = self._explain()
        self.report.seconds = time.monotonic() - started
        return self.report

    def _stage(
        self, items: list[tuple[int, FleetTarget]], is_canary: bool
    ) -> Iterator[tuple[int, FleetTarget]]:
        """Run `items` on at most `concurrency` threads; returns what was not started."""
        queue = iter(items)
        workers = max(1, min(self.rollout.concurrency, MAX_CONCURRENCY, len(items)))
        self.active = workers
        for n in range(workers):
            threading.Thread(
                target=self._work, args=(queue, is_canary), name=f"fleet-{n}", daemon=True
            ).start()
        # Wait on our own counter, not Thread.join: a join interrupted by Ctrl-C may report a live thread
        # as finished, and the summary must wait for every database in flight.
        try:
            self._wait()
        except KeyboardInterrupt:
            with self.lock:
                self.stop = "interrupted"
                self.report.interrupted = True
            self._wait()  # the databases in flight finish (each atomically) before the summary
        return queue

    def _wait(self) -> None:
        """Sleep until every worker of the stage has returned (woken by the last one; Ctrl-C interrupts)."""
        with self.idle:
            while self.active:
                self.idle.wait(0.5)

    def _work(self, queue: Iterator[tuple[int, FleetTarget]], is_canary: bool) -> None:
        """A worker: take the next database until none is left or the rollout stops."""
        try:
            while True:
                with self.lock:
                    if self.stop:
                        return
                    item = next(queue, None)
                if item is None:
                    return
                index, target = item
                token = self.secrets.get(target.token_env) if target.token_env else self.token
                done = run_one(self.job, index, target, token, self.token)
                with self.lock:
                    self._record(done.result, done.group)
                    self._judge(is_canary)
        finally:
            with self.lock:
                self.active -= 1
                if not self.active:
                    self.idle.notify_all()

    def _record(self, result: DbResult, group: PlanGroup | None) -> None:
        """Keep one record and tell the progress callback (called with the lock held)."""
        self.report.add(result, group)
        self.done += 1
        if result.outcome in (DbOutcome.ERROR, DbOutcome.REFUSED):
            self.failures += 1
        if self.progress is not None:
            self.progress(result, self.done, self.report.total)

    def _judge(self, is_canary: bool) -> None:
        """Stop starting databases when the canary failed or too many databases failed."""
        if self.stop:
            return
        if is_canary and self.failures:
            self.stop = "canary"
        elif self.rollout.max_failures is not None and self.failures >= self.rollout.max_failures:
            self.stop = "max-failures"

    def _explain(self) -> str:
        """Why the rollout stopped, what was committed, and how to resume; empty when it ran to the end."""
        if not self.stop:
            return ""
        left = self.report.outcomes[DbOutcome.NOT_STARTED]
        failures = self.failures
        if self.stop == "canary":
            why = f"the canary ({plural(self.rollout.canary, 'database')}) had {failures} failed or refused"
        elif self.stop == "max-failures":
            limit = self.rollout.max_failures
            why = f"{plural(failures, 'database')} failed or refused (--max-failures {limit})"
        else:
            why = "interrupted"
        return (
            f"{why}; {plural(left, 'database')} not started. Databases already migrated stay migrated, the "
            "others are untouched: fix the cause and run the same command again to finish"
        )
