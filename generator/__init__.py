"""schemagen: one YAML spec of a Turso (libSQL) database -> DDL, docs, ER diagram, validators, push.

The library's public names live in `generator.api`; this package imports nothing, so `schemagen --help`
costs the parser alone.
"""
