INSERT INTO lines (id, qty, price) VALUES (1, 1, 9.5), (2, 0, NULL), (3, 2, -1), (4, -5, -2);
