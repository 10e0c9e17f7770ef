INSERT INTO notes (id, body) VALUES (1, 'first');
ALTER TABLE notes ADD COLUMN author VARCHAR(50);
