INSERT INTO t (name) VALUES ('a'), ('b'), ('c');
DELETE FROM t WHERE id = 3;
