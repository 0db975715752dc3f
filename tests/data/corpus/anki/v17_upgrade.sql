-- ankitects/anki rslib/src/storage/upgrades/schema17_upgrade.sql at c32cb2913d6f4d21e06876265634c55d9d55ee69 (2026-08-22); CREATE, ALTER, DROP and INSERT statements only
DROP TABLE tags;
CREATE TABLE tags (
  tag text NOT NULL PRIMARY KEY COLLATE unicase,
  usn integer NOT NULL,
  collapsed boolean NOT NULL,
  config blob NULL
) without rowid;
