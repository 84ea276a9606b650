-- +goose Up
-- A counter bumped in the same transaction as every change to the agency
-- tree. The tree (5,000 agencies nationally, walked by every authorization)
-- stays cached across commits of values, and is reloaded only when this
-- moves, whichever process or instance changed it.
CREATE TABLE tree_version (
    id      INTEGER PRIMARY KEY CHECK (id = 1),
    version INTEGER NOT NULL
);
INSERT INTO tree_version (id, version) VALUES (1, 0);

-- +goose Down
DROP TABLE tree_version;
