INSERT INTO users VALUES (1, 'a@x', 'ann', 1);
INSERT INTO users VALUES (2, 'b@x', 'bob', 0);
