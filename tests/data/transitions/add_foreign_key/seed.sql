INSERT INTO parent (id, name) VALUES ('p1', 'one');
INSERT INTO child (id, parent_id) VALUES (1, 'p1'), (2, NULL);
