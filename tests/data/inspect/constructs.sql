-- Every construct of SQLite's schema language, written the ways people write them (inspect's corpus).
CREATE TABLE artist (
  artist_id INTEGER PRIMARY KEY AUTOINCREMENT,
  name TEXT NOT NULL COLLATE NOCASE,
  country TEXT DEFAULT 'NO' CHECK (length(country) = 2),
  CONSTRAINT name_not_blank CHECK (trim(name) <> '')
);

CREATE TABLE album (
  album_id integer primary key,
  title varchar(160) not null on conflict fail,
  artist_id integer not null references artist (artist_id) on delete cascade on update restrict,
  price numeric(10, 2) default 9.99 constraint price_positive check (price >= 0),
  released date,
  added_at datetime not null default current_timestamp,
  code text default (lower(hex(randomblob(4)))),
  rating real default -1.5,
  flags integer default 0x10,
  status text not null default 'draft' check (status in ('draft', 'live', 'gone')),
  meta text check (meta is null or json_valid(meta)),
  tags text not null default '[]' check (json_valid(tags))
);
CREATE INDEX album_artist ON album (artist_id);
CREATE INDEX album_title_nocase ON album (title COLLATE NOCASE, released DESC);
CREATE UNIQUE INDEX album_code ON album (code) WHERE code IS NOT NULL;
CREATE INDEX album_lower_title ON album (lower(title));

CREATE TABLE customer (
  id TEXT PRIMARY KEY NOT NULL,
  email TEXT NOT NULL UNIQUE ON CONFLICT IGNORE,
  name TEXT,
  tier TEXT DEFAULT 'basic',
  deleted_at TEXT,
  CONSTRAINT uq_customer_name UNIQUE (name, tier)
) STRICT;
CREATE UNIQUE INDEX customer_lower_email ON customer (lower(email)) WHERE deleted_at IS NULL;

CREATE TABLE orders (
  customer_id TEXT NOT NULL,
  number INTEGER NOT NULL,
  placed_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  PRIMARY KEY (customer_id, number DESC),
  FOREIGN KEY (customer_id) REFERENCES customer (id) DEFERRABLE INITIALLY DEFERRED
) WITHOUT ROWID;

CREATE TABLE order_line (
  id INTEGER PRIMARY KEY DESC,
  customer_id TEXT NOT NULL,
  order_number INTEGER NOT NULL,
  album_id INTEGER REFERENCES album ON DELETE SET NULL,
  quantity INTEGER NOT NULL DEFAULT 1,
  unit_price REAL NOT NULL,
  total REAL GENERATED ALWAYS AS (quantity * unit_price) STORED,
  label AS ('line ' || id),
  note TEXT COLLATE RTRIM,
  CONSTRAINT fk_line_order FOREIGN KEY (customer_id, order_number)
    REFERENCES orders (customer_id, number) ON DELETE CASCADE,
  UNIQUE (customer_id, order_number, album_id),
  CONSTRAINT line_positive CHECK (quantity > 0 AND unit_price >= 0)
);

CREATE TABLE tag (
  name TEXT NOT NULL,
  kind TEXT NOT NULL DEFAULT 'plain',
  CONSTRAINT pk_tag PRIMARY KEY (name COLLATE NOCASE, kind) ON CONFLICT REPLACE
) WITHOUT ROWID, STRICT;

CREATE TABLE edge (
  parent TEXT NOT NULL,
  child TEXT NOT NULL,
  weight ANY,
  PRIMARY KEY (parent, child),
  UNIQUE (child, parent),
  FOREIGN KEY (parent, child) REFERENCES edge (child, parent) DEFERRABLE INITIALLY IMMEDIATE
) STRICT;

CREATE VIEW album_sales AS
  SELECT a.album_id, a.title, sum(l.quantity) AS units
  FROM album AS a JOIN order_line AS l ON l.album_id = a.album_id
  GROUP BY a.album_id;
CREATE VIEW best_sellers AS SELECT album_id, title FROM album_sales WHERE units > 10;
CREATE VIEW customer_names (customer, shown_name) AS SELECT id, coalesce(name, email) FROM customer;

CREATE TRIGGER order_line_paid BEFORE DELETE ON order_line
  WHEN EXISTS (SELECT 1 FROM orders WHERE customer_id = old.customer_id AND number = old.order_number)
BEGIN
  SELECT RAISE(ABORT, 'the order exists');
END;
CREATE TRIGGER customer_touch AFTER UPDATE OF email, name ON customer FOR EACH ROW BEGIN
  UPDATE customer SET deleted_at = NULL WHERE id = new.id AND deleted_at IS NOT NULL;
  UPDATE customer SET tier = 'basic' WHERE id = new.id AND tier IS NULL;
END;
CREATE TRIGGER best_sellers_insert INSTEAD OF INSERT ON best_sellers BEGIN
  SELECT RAISE(IGNORE);
END;

CREATE VIRTUAL TABLE album_search USING fts5(title, artist, tokenize = 'porter');
CREATE VIRTUAL TABLE album_box USING rtree(id, min_x, max_x);

INSERT INTO artist (name, country) VALUES ('Röyksopp', 'NO'), ('Air', 'FR'), ('Massive Attack', 'GB');
INSERT INTO album (title, artist_id, price, released, added_at, code, status, meta, tags) VALUES
  ('Melody A.M.', 1, 9.99, '2001-09-03', '2024-05-01 10:00:00', 'a1', 'live',
   '{"label": "Wall of Sound", "tracks": 11}', '["electronic", "chill"]'),
  ('Moon Safari', 2, 12.5, '1998-01-16', '2024-05-01 10:00:01', 'b2', 'live',
   '{"label": "Source", "tracks": 10, "remastered": true}', '["electronic"]'),
  ('Mezzanine', 3, 11, '1998-04-20', '2024-05-02 09:30:00', NULL, 'draft', NULL, '[]');
INSERT INTO customer (id, email, name, tier) VALUES ('c1', 'ann@example.com', 'Ann', 'gold'),
  ('c2', 'bo@example.com', NULL, 'basic');
INSERT INTO orders (customer_id, number, placed_at) VALUES ('c1', 1, '2024-05-03T12:00:00.000Z'),
  ('c1', 2, '2024-05-04T12:00:00.000Z'), ('c2', 1, '2024-05-05T08:15:00.000Z');
-- `INTEGER PRIMARY KEY DESC` is not the rowid (a quirk): its ids are given, else they would be NULL.
INSERT INTO order_line (id, customer_id, order_number, album_id, quantity, unit_price, note) VALUES
  (1, 'c1', 1, 1, 2, 9.99, 'gift '), (2, 'c1', 2, 2, 1, 12.5, NULL), (3, 'c2', 1, 3, 1, 11.0, NULL);
INSERT INTO tag (name, kind) VALUES ('Chill', 'mood'), ('electronic', 'genre');
INSERT INTO edge (parent, child, weight) VALUES ('a', 'b', 1), ('b', 'a', 'heavy');
INSERT INTO album_search (title, artist) VALUES ('Moon Safari', 'Air');
