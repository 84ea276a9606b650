-- +goose Up
-- The deltas that group writes leave for the fold (store/pending.go): one
-- row per committed group, appended, never updated, deleted by the fold
-- that writes them into rollups and report_counts. No other write touches
-- these rows, so concurrent groups never wait for each other on the
-- province's and the nation's totals.
CREATE TABLE pending_sums (
    id      bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    payload text NOT NULL
);

-- +goose Down
DROP TABLE pending_sums;
