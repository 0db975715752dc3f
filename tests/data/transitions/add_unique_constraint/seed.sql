INSERT INTO t (id, a, b) VALUES (1, 'x', 'y'), (2, 'x', 'z'), (3, NULL, 'y'), (4, NULL, 'y');
