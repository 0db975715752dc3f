INSERT INTO t (id, a, b) VALUES (1, 'x', 2);
