INSERT INTO items VALUES (1, 'pen', NULL);
