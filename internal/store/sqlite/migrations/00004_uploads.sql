-- +goose Up
-- Parsed Excel uploads waiting for confirmation: the preview is shown, the
-- planned writes are kept here under a random id, tied to the user who
-- uploaded, until confirmed or expired.
CREATE TABLE uploads (
    id          TEXT PRIMARY KEY,
    username    TEXT NOT NULL,
    file_name   TEXT NOT NULL DEFAULT '',
    year        INTEGER NOT NULL,
    quarter     INTEGER NOT NULL,
    payload     TEXT NOT NULL,
    created_at  TIMESTAMP NOT NULL,
    expires_at  TIMESTAMP NOT NULL
);
CREATE INDEX uploads_expires ON uploads(expires_at);

-- +goose Down
DROP TABLE uploads;
