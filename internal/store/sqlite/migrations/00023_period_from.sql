-- +goose Up
-- The first year a data set is entered at its period type (0: every
-- year): a data set that became monthly keeps its past quarters.
ALTER TABLE datasets ADD COLUMN period_from INTEGER NOT NULL DEFAULT 0;

-- +goose Down
ALTER TABLE datasets DROP COLUMN period_from;
