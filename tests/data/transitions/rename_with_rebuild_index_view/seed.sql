INSERT INTO events VALUES (1, '2024', 'a');
INSERT INTO events VALUES (2, NULL, 'b');
