INSERT INTO t (id) VALUES (1);
INSERT INTO t (id, status) VALUES (2, 'x');
