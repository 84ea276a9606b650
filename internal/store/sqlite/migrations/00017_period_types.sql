-- +goose Up
-- Reporting period types with their data cut-off (Decree 09/2019/NĐ-CP):
-- a period ends on end_day of its last month (0: the month's end) and
-- starts on start_day of the month before its first. Catalogue data, written
-- with the rest of a definition; the Decree's types seed every database.
CREATE TABLE catalogue_period_types (
    code      TEXT PRIMARY KEY,
    position  INTEGER NOT NULL,
    name_vi   TEXT NOT NULL,
    name_en   TEXT NOT NULL,
    start_day INTEGER NOT NULL,
    end_day   INTEGER NOT NULL
);
INSERT INTO catalogue_period_types (code, position, name_vi, name_en, start_day, end_day) VALUES
    ('month', 0, 'Tháng', 'Month', 15, 14),
    ('quarter', 1, 'Quý', 'Quarter', 15, 14),
    ('half', 2, '6 tháng', 'Six months', 15, 14),
    ('year', 3, 'Năm', 'Year', 15, 14);

-- +goose Down
DROP TABLE catalogue_period_types;
