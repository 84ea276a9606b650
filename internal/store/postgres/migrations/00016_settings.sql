-- +goose Up
-- Switches an administrator sets for the whole application (as SQLite's
-- 00014): one row each, written with an audit row. Times are Unix seconds.
CREATE TABLE settings (
    name       TEXT COLLATE "C" PRIMARY KEY,
    value      TEXT NOT NULL,
    updated_by TEXT COLLATE "C" NOT NULL,
    updated_at BIGINT NOT NULL
);

-- +goose Down
DROP TABLE settings;
