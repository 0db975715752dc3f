INSERT INTO audit VALUES (1, '2024', 'a');
INSERT INTO audit VALUES (2, NULL, 'b');
