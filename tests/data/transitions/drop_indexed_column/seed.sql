INSERT INTO t (id, name, legacy) VALUES (1, 'a', 'old');
