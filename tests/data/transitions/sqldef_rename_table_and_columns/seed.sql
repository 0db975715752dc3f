INSERT INTO old_accounts VALUES (1, 'ann', 1, 'x');
INSERT INTO old_accounts VALUES (2, 'bob', NULL, NULL);
