"""Fleets: one spec, many databases (Turso's database-per-tenant pattern), planned, pushed or audited.

`targets.read_targets` (a file) or `platform.list_databases` (Turso's Platform API) give the targets;
`run.run_fleet` goes through them with bounded concurrency and returns a `summary.FleetReport`;
`summary.summary_lines` and `summary.report_json` turn it into text or JSON. Import each from its module:
this package imports nothing, so `generator.fleet.source` (which every plan, push and audit asks whether a
fleet was named) costs no more than itself.
"""
