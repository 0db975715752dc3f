INSERT INTO users (id, email, deleted_at) VALUES (1, 'A@x', NULL), (2, 'a@x', '2026-01-01'), (3, 'b@x', NULL);
