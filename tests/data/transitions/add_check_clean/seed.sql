INSERT INTO lines (id, qty, price) VALUES (1, 1, 9.5), (2, 3, NULL);
