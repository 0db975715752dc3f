INSERT INTO t (id, status) VALUES (1, 'a');
