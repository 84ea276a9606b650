-- +goose Up
-- Schema v2 of the figures: state-aware (buckets by report level), one
-- data set per report, indicators named by integer ids, periods by code,
-- breakdown options, integer Unix-second timestamps. Entered data is
-- converted in place; the derived tables start empty and are filled by the
-- rebuild in Go that Open runs once, because store_state says so.

-- The indicator registry: the store adds every catalogue code at Open and
-- never deletes one, so a stored id always names the same indicator.
CREATE TABLE indicators (
    id   INTEGER PRIMARY KEY,
    code TEXT NOT NULL UNIQUE
);
INSERT INTO indicators (code)
    SELECT indicator FROM kpi_values UNION SELECT indicator FROM targets ORDER BY 1;

-- Data sets: a named form reported per (agency, data set, period). One for
-- now, every kind, quarterly.
CREATE TABLE datasets (
    id          INTEGER PRIMARY KEY,
    code        TEXT NOT NULL UNIQUE,
    period_type TEXT NOT NULL
);
INSERT INTO datasets (id, code, period_type) VALUES (1, 'main', 'quarter');

-- What officers entered, for entry periods only ('Q1'..'Q4' now; 'M01'..
-- later). option_id 0 is the total of an indicator broken down.
CREATE TABLE kpi_values_v2 (
    agency_id    INTEGER NOT NULL REFERENCES agencies(id),
    year         INTEGER NOT NULL,
    period       TEXT NOT NULL,
    indicator_id INTEGER NOT NULL REFERENCES indicators(id),
    option_id    INTEGER NOT NULL DEFAULT 0,
    value        DOUBLE PRECISION NOT NULL,
    version      INTEGER NOT NULL DEFAULT 1,
    updated_by   TEXT NOT NULL DEFAULT '',
    updated_at   INTEGER NOT NULL,
    PRIMARY KEY (agency_id, year, period, indicator_id, option_id)
) WITHOUT ROWID;
INSERT INTO kpi_values_v2 (agency_id, year, period, indicator_id, option_id, value, version, updated_by, updated_at)
    SELECT v.agency_id, v.year, 'Q' || v.quarter, i.id, 0, v.value, v.version, v.updated_by,
        COALESCE(CAST(strftime('%s', v.updated_at) AS INTEGER), 0)
    FROM kpi_values v JOIN indicators i ON i.code = v.indicator
    ORDER BY v.agency_id, v.year, v.quarter, i.id;
DROP TABLE kpi_values;
ALTER TABLE kpi_values_v2 RENAME TO kpi_values;

-- The state of one report: an agency's data set for one period.
CREATE TABLE submissions_v2 (
    agency_id  INTEGER NOT NULL REFERENCES agencies(id),
    dataset_id INTEGER NOT NULL REFERENCES datasets(id),
    year       INTEGER NOT NULL,
    period     TEXT NOT NULL,
    state      TEXT NOT NULL,
    reason     TEXT NOT NULL DEFAULT '',
    comment    TEXT NOT NULL DEFAULT '',
    version    INTEGER NOT NULL DEFAULT 1,
    updated_by TEXT NOT NULL DEFAULT '',
    updated_at INTEGER NOT NULL,
    PRIMARY KEY (agency_id, dataset_id, year, period)
) WITHOUT ROWID;
INSERT INTO submissions_v2 (agency_id, dataset_id, year, period, state, reason, comment, version, updated_by, updated_at)
    SELECT agency_id, 1, year, 'Q' || quarter, state, reason, comment, version, updated_by,
        COALESCE(CAST(strftime('%s', updated_at) AS INTEGER), 0)
    FROM submissions ORDER BY agency_id, year, quarter;
DROP TABLE submissions;
ALTER TABLE submissions_v2 RENAME TO submissions;

CREATE TABLE targets_v2 (
    agency_id    INTEGER NOT NULL REFERENCES agencies(id),
    indicator_id INTEGER NOT NULL REFERENCES indicators(id),
    year         INTEGER NOT NULL,
    value        DOUBLE PRECISION NOT NULL,
    updated_by   TEXT NOT NULL DEFAULT '',
    updated_at   INTEGER NOT NULL,
    PRIMARY KEY (agency_id, indicator_id, year)
);
INSERT INTO targets_v2 (agency_id, indicator_id, year, value, updated_by, updated_at)
    SELECT t.agency_id, i.id, t.year, t.value, t.updated_by, COALESCE(CAST(strftime('%s', t.updated_at) AS INTEGER), 0)
    FROM targets t JOIN indicators i ON i.code = t.indicator;
DROP TABLE targets;
ALTER TABLE targets_v2 RENAME TO targets;

-- Derived tables (docs/DESIGN.md): each is what the contribution function
-- (kpi.Contribute) of every agency-year adds up to, kept by deltas with
-- every write. bucket is a level: 3 approved, 2 what submitted reports add,
-- 1 what drafts add; the figure at level L is the sum of buckets >= L.
DROP TABLE rollups;
DROP TABLE agency_years;

-- An agency's own figures of derived periods (the year).
CREATE TABLE own_figures (
    agency_id    INTEGER NOT NULL,
    year         INTEGER NOT NULL,
    period       TEXT NOT NULL,
    indicator_id INTEGER NOT NULL,
    option_id    INTEGER NOT NULL,
    bucket       INTEGER NOT NULL,
    value        DOUBLE PRECISION NOT NULL,
    n            INTEGER NOT NULL,
    PRIMARY KEY (agency_id, year, period, indicator_id, option_id, bucket)
) WITHOUT ROWID;

-- Sums over the subtree of every agency that has children (a leaf's
-- figures are its own rows), by the kind of the reporting agency.
CREATE TABLE rollups (
    scope_id     INTEGER NOT NULL,
    year         INTEGER NOT NULL,
    period       TEXT NOT NULL,
    indicator_id INTEGER NOT NULL,
    option_id    INTEGER NOT NULL,
    kind         TEXT NOT NULL,
    bucket       INTEGER NOT NULL,
    sum          DOUBLE PRECISION NOT NULL,
    n            INTEGER NOT NULL,
    PRIMARY KEY (scope_id, year, period, indicator_id, option_id, kind, bucket)
) WITHOUT ROWID;

-- Each agency's own figure of a ranking indicator under each proper
-- ancestor: the top and bottom of any scope are an index range with LIMIT.
-- levels is a bit set of the levels the figure answers (bit L-1).
CREATE TABLE rank_entries (
    scope_id     INTEGER NOT NULL,
    indicator_id INTEGER NOT NULL,
    year         INTEGER NOT NULL,
    period       TEXT NOT NULL,
    value        DOUBLE PRECISION NOT NULL,
    agency_id    INTEGER NOT NULL,
    levels       INTEGER NOT NULL,
    PRIMARY KEY (scope_id, indicator_id, year, period, value, agency_id)
) WITHOUT ROWID;

-- How many agencies of the subtree of every agency with children have
-- their report in each state (not started: the rest of the tree's count).
CREATE TABLE report_counts (
    scope_id   INTEGER NOT NULL,
    dataset_id INTEGER NOT NULL,
    year       INTEGER NOT NULL,
    period     TEXT NOT NULL,
    kind       TEXT NOT NULL,
    state      TEXT NOT NULL,
    n          INTEGER NOT NULL,
    PRIMARY KEY (scope_id, dataset_id, year, period, kind, state)
) WITHOUT ROWID;

-- What each write transaction changed, for other processes on the same
-- file: they notice a commit by PRAGMA data_version and read what it
-- touched here (agency_id NULL: everything). Pruned by age.
CREATE TABLE changes (
    id        INTEGER PRIMARY KEY,
    origin    TEXT NOT NULL,
    agency_id INTEGER,
    at        INTEGER NOT NULL
);

-- Store markers: 'rebuild' = 'needed' makes Open fill the derived tables.
CREATE TABLE store_state (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
INSERT INTO store_state (key, value) VALUES ('rebuild', 'needed');

-- +goose Down
-- Irreversible: schema v1 kept indicator codes and quarters in every row.
SELECT 1;
