-- +goose Up
-- Commentary beside the figures: per agency, period (year and code, 'Y'
-- for the whole year) and subject (an indicator by id, or an indicator
-- group by code; the other is 0 / ''), an officer's explanation and a
-- leader's assessment. One row per kind: an edit replaces the text, and
-- the audit log keeps every old one. The author's name is copied as it was
-- when written, like the audit log's agency names.
CREATE TABLE commentary (
    agency_id    INTEGER NOT NULL REFERENCES agencies(id),
    year         INTEGER NOT NULL,
    period       TEXT NOT NULL,
    indicator_id INTEGER NOT NULL DEFAULT 0,
    group_code   TEXT NOT NULL DEFAULT '',
    kind         TEXT NOT NULL CHECK (kind IN ('explanation', 'assessment')),
    body         TEXT NOT NULL,
    public       INTEGER NOT NULL DEFAULT 0,
    author       TEXT NOT NULL,
    author_name  TEXT NOT NULL DEFAULT '',
    updated_at   INTEGER NOT NULL,
    version      INTEGER NOT NULL,
    PRIMARY KEY (agency_id, year, period, indicator_id, group_code, kind),
    CHECK ((indicator_id = 0) <> (group_code = ''))
);

-- +goose Down
DROP TABLE commentary;
