INSERT INTO events VALUES (1, '2024', 'x');
INSERT INTO events VALUES (2, NULL, 'y');
