-- +goose Up
-- The year of the figures a logged change touched (NULL: any year, as every
-- row logged before): another process reading the log keeps what it built
-- from other years' figures.
ALTER TABLE changes ADD COLUMN year INTEGER;

-- +goose Down
ALTER TABLE changes DROP COLUMN year;
