-- Names, declared types and defaults as real databases have them (inspect's corpus).
CREATE TABLE "AlbumArt" (
  "AlbumArtId" INTEGER NOT NULL,
  "Album Title" NVARCHAR(160) NOT NULL,
  "Größe" VARCHAR(45),
  "say ""hi""" TEXT DEFAULT 'it''s',
  "price" NUMERIC(10,2) DEFAULT 0,
  "created" DATETIME DEFAULT CURRENT_TIMESTAMP,
  "is_active" BOOLEAN DEFAULT 1,
  "anything",
  "big" UNSIGNED BIG INT DEFAULT -42,
  "ratio" DOUBLE PRECISION DEFAULT 1.0,
  "blobby" BLOB DEFAULT x'00ff',
  "weird type" "quoted type",
  "json" json,
  "Null" TEXT DEFAULT 'NULL',
  "fn" TEXT DEFAULT 'lower(x)',
  "paren" TEXT DEFAULT '(1)',
  "empty" TEXT DEFAULT '',
  "spaces" TEXT DEFAULT '  padded  ',
  "bare" TEXT DEFAULT pending,
  "dq" TEXT DEFAULT "double quoted",
  "n_as_text" INTEGER DEFAULT 'n/a',
  "text_zero" TEXT DEFAULT 0,
  "yes" TEXT DEFAULT 'yes',
  "on" INTEGER DEFAULT TRUE,
  "multi
line" TEXT DEFAULT 'a
b',
  "日本" TEXT DEFAULT '日本語',
  CONSTRAINT "PK_AlbumArt" PRIMARY KEY ("AlbumArtId")
);
CREATE INDEX "IX Album Title" ON "AlbumArt" ("Album Title");
CREATE TABLE [Bracket Table] ([Id] INTEGER PRIMARY KEY, [Art Id] INTEGER REFERENCES "AlbumArt" ([AlbumArtId]), `back tick` TEXT);
CREATE TABLE lower_json (id integer primary key, payload json, doc JSON, body Text, ts timestamp);
CREATE TABLE "end" ("class" text, "PK" integer, "style" text REFERENCES "Bracket Table" ("Id"), "100%\" text);
