INSERT INTO docs (id, body) VALUES (1, 'hello world');
