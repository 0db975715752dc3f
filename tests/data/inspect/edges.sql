-- Corners of the language real schemas reach (inspect's corpus): comments, keywords as names, odd defaults,
-- collations on keys, case-folded references, CTE views, multi-statement triggers.
CREATE TABLE IF NOT EXISTS main."order" (
  "id" INT PRIMARY KEY, -- INT, not INTEGER: not the rowid
  "group" text /* a keyword as a name */ NOT NULL DEFAULT 'a''b',
  "select" varying character(255) COLLATE RTRIM,
  total decimal(10,5) DEFAULT -0.5,
  plus integer DEFAULT +5,
  sci real DEFAULT 1e10,
  nada text DEFAULT NULL,
  today text DEFAULT CURRENT_DATE,
  now_time text DEFAULT CURRENT_TIME,
  sum2 integer DEFAULT (1 + 1),
  local text DEFAULT (datetime('now', 'localtime')),
  raw blob DEFAULT x'AB',
  big bigint, i8 int8, c clob, d double, f float, nchar native character(70),
  paren text CHECK (paren <> ')' AND paren NOT LIKE '%(%'),
  CONSTRAINT "a check with spaces" CHECK ("group" <> '')
);
CREATE TABLE parent (ID text PRIMARY KEY NOT NULL, code text NOT NULL, UNIQUE (code COLLATE NOCASE));
CREATE TABLE child (
  id integer PRIMARY KEY,
  parent_id text REFERENCES parent (id) MATCH SIMPLE ON DELETE SET DEFAULT NOT DEFERRABLE,
  parent_code text DEFAULT 'x' REFERENCES parent (code) DEFERRABLE INITIALLY DEFERRED,
  v integer GENERATED ALWAYS AS (id * 2) VIRTUAL,
  a text UNIQUE, b text UNIQUE UNIQUE,
  rowid_shadow text
);
CREATE INDEX child_expr ON child (lower(a) COLLATE NOCASE DESC, b);
CREATE INDEX child_twice ON child (a, a);
CREATE VIEW "child view" AS
  WITH doubled AS (SELECT id, v FROM child) -- a CTE
  SELECT * FROM doubled UNION ALL SELECT id, v FROM child ORDER BY 1 LIMIT 10;
CREATE TABLE log (at text DEFAULT CURRENT_TIMESTAMP, what text);
CREATE TRIGGER child_log AFTER INSERT ON child FOR EACH ROW WHEN (new.a IS NOT NULL) BEGIN
  -- two statements
  INSERT INTO log (what) VALUES ('child ' || new.id);
  UPDATE log SET what = upper(what) WHERE what = 'child ' || new.id;
END;
CREATE VIRTUAL TABLE docs USING fts5(title, body, content='', prefix='2 3');
