-- +goose Up
-- Whether a report was submitted after its due day (the data cut-off of
-- its period plus its data set's deadline), recorded by the submission and
-- kept through approval, return and reopening, so late reporting stays
-- visible once the report is in.
ALTER TABLE submissions ADD COLUMN late INTEGER NOT NULL DEFAULT 0;

-- +goose Down
ALTER TABLE submissions DROP COLUMN late;
