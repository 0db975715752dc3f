INSERT INTO old (id) VALUES (1);
INSERT INTO t (id, name) VALUES (1, 'a');
