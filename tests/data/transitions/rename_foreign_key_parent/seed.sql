INSERT INTO authors VALUES (1, 'ann');
INSERT INTO authors VALUES (2, 'bob');
INSERT INTO posts VALUES (10, 1, 'ann');
INSERT INTO posts VALUES (11, 2, 'bob');
INSERT INTO posts VALUES (12, NULL, NULL);
