INSERT INTO t (id, a, b) VALUES (1, 5, 'x'), (2, -1, NULL);
