INSERT INTO t (id, n) VALUES (1, '42'), (2, NULL);
