INSERT INTO t (id, created_at) VALUES (1, '2026-01-01T00:00:00.000Z'), (2, NULL);
