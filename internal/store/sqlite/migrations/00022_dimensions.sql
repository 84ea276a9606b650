-- +goose Up
-- Breakdown dimensions (phân tổ: "Lĩnh vực", the fields of procedures of
-- Biểu 06) and their options, catalogue data written with the rest of a
-- definition. An option's id is what kpi_values.option_id and the derived
-- tables carry (0: the total); the catalogue fixes it so history keeps it.
CREATE TABLE catalogue_dimensions (
    code     TEXT PRIMARY KEY,
    position INTEGER NOT NULL,
    name_vi  TEXT NOT NULL,
    name_en  TEXT NOT NULL
);
CREATE TABLE catalogue_options (
    id        INTEGER PRIMARY KEY,
    dimension TEXT NOT NULL,
    position  INTEGER NOT NULL,
    code      TEXT NOT NULL,
    name_vi   TEXT NOT NULL,
    name_en   TEXT NOT NULL
);
-- The dimension an indicator is entered by ('': totals only).
ALTER TABLE catalogue_indicators ADD COLUMN breakdown TEXT NOT NULL DEFAULT '';

-- +goose Down
ALTER TABLE catalogue_indicators DROP COLUMN breakdown;
DROP TABLE catalogue_options;
DROP TABLE catalogue_dimensions;
