-- +goose Up
-- National scale (5,000 agencies × 40 quarters × ~32 indicators): reads that
-- take one period of every agency of a subtree (rankings, the province
-- summary, upload templates) must not walk each agency's whole history.
-- Both indexes carry the indicator and value, so those reads never touch
-- the tables.
CREATE INDEX agency_years_agency_year ON agency_years(agency_id, year, indicator, value);
CREATE INDEX kpi_values_agency_period ON kpi_values(agency_id, year, quarter, indicator, value);

-- +goose Down
DROP INDEX kpi_values_agency_period;
DROP INDEX agency_years_agency_year;
