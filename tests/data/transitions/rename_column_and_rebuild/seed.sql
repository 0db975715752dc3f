INSERT INTO users VALUES (1, 'ann', 30);
INSERT INTO users VALUES (2, 'bob', NULL);
