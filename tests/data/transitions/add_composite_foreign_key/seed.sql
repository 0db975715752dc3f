INSERT INTO orders (customer_id, number) VALUES ('c1', 1), ('c1', 2), ('c2', 1);
INSERT INTO lines (id, customer_id, order_number) VALUES (1, 'c1', 1), (2, 'c1', 2), (3, 'c2', 1);
