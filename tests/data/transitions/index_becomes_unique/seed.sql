INSERT INTO t (id, a) VALUES (1, 'x'), (2, 'y'), (3, NULL), (4, NULL);
