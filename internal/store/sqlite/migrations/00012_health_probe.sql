-- +goose Up
-- One row /healthz rewrites: the check proves the database accepts a
-- write (a full disk or a read-only file fails it), not only a read.
CREATE TABLE health_probe (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    at INTEGER NOT NULL
);

-- +goose Down
DROP TABLE health_probe;
