INSERT INTO user_accounts VALUES (1, 'ann', 30);
INSERT INTO user_accounts VALUES (2, 'bob', NULL);
