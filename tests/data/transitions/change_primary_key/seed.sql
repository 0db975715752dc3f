INSERT INTO t (id, code) VALUES (1, 'a'), (2, 'b');
