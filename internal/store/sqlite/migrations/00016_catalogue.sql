-- +goose Up
-- The catalogue as data: indicators, groups, data sets (forms), validation
-- rules, display choices and the score index, edited by administrators. The store writes a
-- whole definition at once and bumps catalogue_version in the same
-- transaction; every process reloads it when the version moves. An empty
-- database (version 0) is seeded from the bundle in data/ at Open.
CREATE TABLE catalogue_version (
    id      INTEGER PRIMARY KEY CHECK (id = 1),
    version INTEGER NOT NULL
);
INSERT INTO catalogue_version (id, version) VALUES (1, 0);

CREATE TABLE catalogue_groups (
    code     TEXT PRIMARY KEY,
    position INTEGER NOT NULL,
    name_vi  TEXT NOT NULL,
    name_en  TEXT NOT NULL
);

-- An indicator's definition; indicators (the registry) keeps its id.
CREATE TABLE catalogue_indicators (
    indicator_id     INTEGER PRIMARY KEY REFERENCES indicators(id),
    position         INTEGER NOT NULL,
    group_code       TEXT NOT NULL,
    name_vi          TEXT NOT NULL,
    name_en          TEXT NOT NULL,
    unit_vi          TEXT NOT NULL,
    unit_en          TEXT NOT NULL,
    kind             TEXT NOT NULL,
    parts            TEXT NOT NULL,
    formula          TEXT NOT NULL,
    over_quarters    TEXT NOT NULL,
    across_agencies  TEXT NOT NULL,
    min_value        DOUBLE PRECISION NOT NULL,
    max_value        DOUBLE PRECISION NOT NULL,
    higher_is_better INTEGER NOT NULL,
    decimals         INTEGER NOT NULL,
    rank_order       INTEGER NOT NULL,
    retired_from     INTEGER NOT NULL,
    outlier_factor   DOUBLE PRECISION NOT NULL,
    outlier_window   INTEGER NOT NULL,
    outlier_floor    DOUBLE PRECISION NOT NULL
);

-- Data sets keep their row (submissions name them by id); position -1
-- marks one no longer in the catalogue.
ALTER TABLE datasets ADD COLUMN name_vi TEXT NOT NULL DEFAULT '';
ALTER TABLE datasets ADD COLUMN name_en TEXT NOT NULL DEFAULT '';
ALTER TABLE datasets ADD COLUMN deadline_days INTEGER NOT NULL DEFAULT 0;
ALTER TABLE datasets ADD COLUMN position INTEGER NOT NULL DEFAULT -1;

-- Each agency kind reports one data set.
CREATE TABLE dataset_kinds (
    kind       TEXT PRIMARY KEY,
    dataset_id INTEGER NOT NULL REFERENCES datasets(id),
    position   INTEGER NOT NULL
);

CREATE TABLE dataset_fields (
    dataset_id   INTEGER NOT NULL REFERENCES datasets(id),
    position     INTEGER NOT NULL,
    section      TEXT NOT NULL,
    indicator_id INTEGER NOT NULL REFERENCES indicators(id),
    PRIMARY KEY (dataset_id, position)
);

CREATE TABLE catalogue_rules (
    code         TEXT PRIMARY KEY,
    position     INTEGER NOT NULL,
    severity     TEXT NOT NULL,
    lhs          TEXT NOT NULL,
    op           TEXT NOT NULL,
    rhs          TEXT NOT NULL,
    field        TEXT NOT NULL,
    message_vi   TEXT NOT NULL,
    message_en   TEXT NOT NULL,
    datasets     TEXT NOT NULL,
    complete     INTEGER NOT NULL,
    retired_from INTEGER NOT NULL
);

CREATE TABLE catalogue_display (
    view         TEXT NOT NULL,
    position     INTEGER NOT NULL,
    indicator_id INTEGER NOT NULL REFERENCES indicators(id),
    option_value TEXT NOT NULL,
    PRIMARY KEY (view, position)
);

-- The score index (Decision 766): groups, their points and each group's
-- ratio as a formula over entered codes.
CREATE TABLE catalogue_scores (
    code     TEXT PRIMARY KEY,
    position INTEGER NOT NULL,
    name_vi  TEXT NOT NULL,
    name_en  TEXT NOT NULL,
    points   DOUBLE PRECISION NOT NULL,
    formula  TEXT NOT NULL
);

-- +goose Down
DROP TABLE catalogue_scores;
DROP TABLE catalogue_display;
DROP TABLE catalogue_rules;
DROP TABLE dataset_fields;
DROP TABLE dataset_kinds;
DROP TABLE catalogue_indicators;
DROP TABLE catalogue_groups;
DROP TABLE catalogue_version;
