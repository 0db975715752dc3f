INSERT INTO t (id, status) VALUES (1, 'a'), (2, 'b');
