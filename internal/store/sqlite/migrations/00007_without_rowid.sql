-- +goose Up
-- Fewer B-trees per saved value. kpi_values and agency_years were rowid
-- tables with a separate primary-key index and an agency-first covering
-- index (00003): four B-trees written per value. As WITHOUT ROWID tables
-- keyed agency-first, the table is its own covering index for every
-- agency-first read (the write path, templates, summaries), leaving one
-- secondary index each, the period-first one rankings need (00005).
CREATE TABLE kpi_values_new (
    agency_id  INTEGER NOT NULL REFERENCES agencies(id),
    indicator  TEXT NOT NULL,
    year       INTEGER NOT NULL,
    quarter    INTEGER NOT NULL CHECK (quarter BETWEEN 1 AND 4),
    value      DOUBLE PRECISION NOT NULL,
    version    INTEGER NOT NULL DEFAULT 1,
    updated_by TEXT NOT NULL DEFAULT '',
    updated_at TIMESTAMP NOT NULL,
    PRIMARY KEY (agency_id, year, quarter, indicator)
) WITHOUT ROWID;
INSERT INTO kpi_values_new (agency_id, indicator, year, quarter, value, version, updated_by, updated_at)
    SELECT agency_id, indicator, year, quarter, value, version, updated_by, updated_at FROM kpi_values
    ORDER BY agency_id, year, quarter, indicator;
DROP TABLE kpi_values;
ALTER TABLE kpi_values_new RENAME TO kpi_values;
CREATE INDEX kpi_values_ranking ON kpi_values(year, quarter, indicator, agency_id, value);

CREATE TABLE agency_years_new (
    agency_id INTEGER NOT NULL REFERENCES agencies(id),
    indicator TEXT NOT NULL,
    year      INTEGER NOT NULL,
    value     DOUBLE PRECISION NOT NULL,
    PRIMARY KEY (agency_id, year, indicator)
) WITHOUT ROWID;
INSERT INTO agency_years_new (agency_id, indicator, year, value)
    SELECT agency_id, indicator, year, value FROM agency_years ORDER BY agency_id, year, indicator;
DROP TABLE agency_years;
ALTER TABLE agency_years_new RENAME TO agency_years;
CREATE INDEX agency_years_ranking ON agency_years(year, indicator, agency_id, value);

-- +goose Down
-- The rowid layout of 00001 with the indexes of 00003 and 00005.
CREATE TABLE kpi_values_old (
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
INSERT INTO kpi_values_old SELECT agency_id, indicator, year, quarter, value, version, updated_by, updated_at FROM kpi_values;
DROP TABLE kpi_values;
ALTER TABLE kpi_values_old RENAME TO kpi_values;
CREATE INDEX kpi_values_agency_period ON kpi_values(agency_id, year, quarter, indicator, value);
CREATE INDEX kpi_values_ranking ON kpi_values(year, quarter, indicator, agency_id, value);
CREATE TABLE agency_years_old (
    agency_id INTEGER NOT NULL REFERENCES agencies(id),
    indicator TEXT NOT NULL,
    year      INTEGER NOT NULL,
    value     DOUBLE PRECISION NOT NULL,
    PRIMARY KEY (agency_id, indicator, year)
);
INSERT INTO agency_years_old SELECT agency_id, indicator, year, value FROM agency_years;
DROP TABLE agency_years;
ALTER TABLE agency_years_old RENAME TO agency_years;
CREATE INDEX agency_years_agency_year ON agency_years(agency_id, year, indicator, value);
CREATE INDEX agency_years_ranking ON agency_years(year, indicator, agency_id, value);
