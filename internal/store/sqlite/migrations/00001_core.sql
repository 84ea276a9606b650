-- +goose Up
-- The agency tree. Kind and parent are data: no fixed depth.
CREATE TABLE agencies (
    id          INTEGER PRIMARY KEY,
    code        TEXT NOT NULL UNIQUE,
    parent_id   INTEGER REFERENCES agencies(id),
    kind        TEXT NOT NULL,
    name        TEXT NOT NULL,
    sort_order  INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX agencies_parent ON agencies(parent_id);

-- Closure table: every (ancestor, descendant) pair including self (depth 0),
-- so subtree questions are one indexed join on any database.
CREATE TABLE agency_closure (
    ancestor_id   INTEGER NOT NULL REFERENCES agencies(id),
    descendant_id INTEGER NOT NULL REFERENCES agencies(id),
    depth         INTEGER NOT NULL,
    PRIMARY KEY (ancestor_id, descendant_id)
);
CREATE INDEX agency_closure_descendant ON agency_closure(descendant_id);

-- One entered number per (agency, indicator, year, quarter).
CREATE TABLE kpi_values (
    agency_id  INTEGER NOT NULL REFERENCES agencies(id),
    indicator  TEXT NOT NULL,
    year       INTEGER NOT NULL,
    quarter    INTEGER NOT NULL CHECK (quarter BETWEEN 1 AND 4),
    value      DOUBLE PRECISION NOT NULL,
    version    INTEGER NOT NULL DEFAULT 1,
    updated_by TEXT NOT NULL DEFAULT '',
    updated_at TIMESTAMP NOT NULL,
    PRIMARY KEY (agency_id, indicator, year, quarter)
);

-- Each agency's year figure per indicator, folded over its quarters by the
-- indicator's rule; kept in the same transaction as every value write.
CREATE TABLE agency_years (
    agency_id INTEGER NOT NULL REFERENCES agencies(id),
    indicator TEXT NOT NULL,
    year      INTEGER NOT NULL,
    value     DOUBLE PRECISION NOT NULL,
    PRIMARY KEY (agency_id, indicator, year)
);

-- Subtree totals: for every scope (an ancestor-or-self), the kind of the
-- reporting agency, indicator and period (quarter 0 = the year): the sum of
-- the agencies' figures and how many reported. Maintained by deltas in the
-- same transaction as each write, so dashboards read a few rows and are live.
CREATE TABLE rollups (
    scope_id  INTEGER NOT NULL REFERENCES agencies(id),
    kind      TEXT NOT NULL,
    indicator TEXT NOT NULL,
    year      INTEGER NOT NULL,
    quarter   INTEGER NOT NULL,
    sum       DOUBLE PRECISION NOT NULL,
    n         INTEGER NOT NULL,
    PRIMARY KEY (scope_id, year, quarter, indicator, kind)
);

-- The state of one agency's quarter.
CREATE TABLE submissions (
    agency_id  INTEGER NOT NULL REFERENCES agencies(id),
    year       INTEGER NOT NULL,
    quarter    INTEGER NOT NULL CHECK (quarter BETWEEN 1 AND 4),
    state      TEXT NOT NULL,
    reason     TEXT NOT NULL DEFAULT '',
    comment    TEXT NOT NULL DEFAULT '',
    version    INTEGER NOT NULL DEFAULT 1,
    updated_by TEXT NOT NULL DEFAULT '',
    updated_at TIMESTAMP NOT NULL,
    PRIMARY KEY (agency_id, year, quarter)
);
CREATE INDEX submissions_period ON submissions(year, quarter, state);

-- Planned figures for (agency or province, indicator, year).
CREATE TABLE targets (
    agency_id  INTEGER NOT NULL REFERENCES agencies(id),
    indicator  TEXT NOT NULL,
    year       INTEGER NOT NULL,
    value      DOUBLE PRECISION NOT NULL,
    updated_by TEXT NOT NULL DEFAULT '',
    updated_at TIMESTAMP NOT NULL,
    PRIMARY KEY (agency_id, indicator, year)
);

-- Every change: who, when, what, old -> new. Written in the same transaction.
CREATE TABLE audit_log (
    id         INTEGER PRIMARY KEY,
    at         TIMESTAMP NOT NULL,
    actor      TEXT NOT NULL,
    action     TEXT NOT NULL,
    entity     TEXT NOT NULL,
    agency_id  INTEGER,
    year       INTEGER,
    quarter    INTEGER,
    field      TEXT NOT NULL DEFAULT '',
    old_value  TEXT NOT NULL DEFAULT '',
    new_value  TEXT NOT NULL DEFAULT '',
    source     TEXT NOT NULL DEFAULT ''
);
CREATE INDEX audit_log_agency ON audit_log(agency_id, year, quarter);
CREATE INDEX audit_log_at ON audit_log(at);

-- +goose Down
DROP TABLE audit_log;
DROP TABLE targets;
DROP TABLE submissions;
DROP TABLE rollups;
DROP TABLE agency_years;
DROP TABLE kpi_values;
DROP TABLE agency_closure;
DROP TABLE agencies;
