INSERT INTO parent (id, name) VALUES (1, 'one'), (2, 'two');
INSERT INTO child (id, parent_id) VALUES (10, 1), (11, 1), (12, 2);
