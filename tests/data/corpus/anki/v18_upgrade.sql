-- ankitects/anki rslib/src/storage/upgrades/schema18_upgrade.sql at c32cb2913d6f4d21e06876265634c55d9d55ee69 (2026-08-22); CREATE, ALTER, DROP and INSERT statements only
ALTER TABLE graves
  RENAME TO graves_old;
CREATE TABLE graves (
  oid integer NOT NULL,
  type integer NOT NULL,
  usn integer NOT NULL,
  PRIMARY KEY (oid, type)
) WITHOUT ROWID;
INSERT
  OR IGNORE INTO graves (oid, type, usn)
SELECT oid,
  type,
  usn
FROM graves_old;
DROP TABLE graves_old;
CREATE INDEX idx_graves_pending ON graves (usn);
