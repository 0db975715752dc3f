INSERT INTO t (id, n, label) VALUES ('a', 1, 'x'), ('b', '2', 'y'), ('c', NULL, NULL);
