INSERT INTO "user accounts" VALUES (1, 'ann');
