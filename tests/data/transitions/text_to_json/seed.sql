INSERT INTO t (id, tags) VALUES (1, '["a"]'), (2, NULL);
