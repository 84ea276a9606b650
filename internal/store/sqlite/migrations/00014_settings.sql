-- +goose Up
-- Switches an administrator sets for the whole application (the public
-- scoreboard, …): one row each, written with an audit row.
CREATE TABLE settings (
    name       TEXT PRIMARY KEY,
    value      TEXT NOT NULL,
    updated_by TEXT NOT NULL,
    updated_at INTEGER NOT NULL
);

-- +goose Down
DROP TABLE settings;
