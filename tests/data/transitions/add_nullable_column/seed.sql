INSERT INTO t (id, name) VALUES (1, 'a'), (2, NULL);
