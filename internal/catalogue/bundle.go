// Package catalogue reads and writes the catalogue bundle: the CSV files
// (UTF-8, one per kind of metadata) that `parkpi catalogue export` writes,
// `parkpi catalogue import` applies and data/ holds as the seed an empty
// database starts from. Reading one reports every problem by file and
// line; writing one then reading it back gives the same definition.
package catalogue

import (
	"strconv"
	"strings"

	"parkpi/internal/kpi"
)

// file is one CSV file of the bundle: its name, its table in the
// definition and its columns, each documented.
type file struct {
	name    string
	table   string
	columns []column
}

type column struct{ name, doc string }

// The files of a bundle, in the order they are read (a later file refers
// to codes of earlier ones).
var files = []file{
	{"period_types.csv", kpi.TablePeriodTypes, []column{
		{"code", "month, quarter, half or year (Decree 09/2019/NĐ-CP)"}, {"name_vi", "name in Vietnamese"}, {"name_en", "name in English"},
		{"start_day", "day of the month before its first month a period starts on (the day after end_day; 1 with end_day 0)"},
		{"end_day", "data cut-off: day of its last month a period ends on (0: the month's last day)"}}},
	{"dimensions.csv", kpi.TableDimensions, []column{
		{"code", "the breakdown's code (e.g. linh_vuc, the fields of procedures of Biểu 06)"}, {"name_vi", "name in Vietnamese"}, {"name_en", "name in English"}}},
	{"dimension_options.csv", kpi.TableOptions, []column{
		{"dimension", "the breakdown (dimensions.csv)"}, {"id", "the option's permanent number, stored with its values (never reuse one)"},
		{"code", "the option's code"}, {"name_vi", "name in Vietnamese"}, {"name_en", "name in English"}}},
	{"groups.csv", kpi.TableGroups, []column{
		{"code", "the group's code"}, {"name_vi", "name in Vietnamese"}, {"name_en", "name in English"}}},
	{"indicators.csv", kpi.TableIndicators, []column{
		{"code", "the indicator's code: lower-case letters, digits, _ (a name in formulas and rules)"},
		{"group", "its group (groups.csv)"}, {"name_vi", "name in Vietnamese"}, {"name_en", "name in English"},
		{"unit_vi", "unit in Vietnamese (% makes it a percentage)"}, {"unit_en", "unit in English"},
		{"kind", "entered (typed in each quarter) or derived (computed by its formula)"},
		{"parts", "entered indicators whose year figures add up to this one's (over_quarters parts), joined by +"},
		{"formula", "derived: an expression over entered codes, evaluated over a scope's totals; reported(\"code\") is how many agencies have a value"},
		{"over_quarters", "entered: how quarters make a year: sum, last, first, avg or parts"},
		{"across_agencies", "entered: how agencies make a scope: sum or avg"},
		{"min", "smallest valid value"}, {"max", "largest valid value"},
		{"higher_is_better", "true or false: the direction of targets and rankings"},
		{"decimals", "decimals shown and accepted (0: whole counts)"},
		{"rank", "place among the ranking columns (1 first); 0: agencies are not ranked by it"},
		{"retired_from", "first year it is no longer entered (empty: in use)"},
		{"outlier_factor", "entered: a value more than this times its past (or less than past / this) warns; 0: never"},
		{"outlier_window", "how many past quarters the outlier rule looks at"},
		{"outlier_floor", "the smallest difference that warns"},
		{"breakdown", "entered: the breakdown it is entered by (dimensions.csv); its total is the sum over the options (empty: totals only)"}}},
	{"datasets.csv", kpi.TableDataSets, []column{
		{"code", "the data set's code"}, {"name_vi", "name in Vietnamese"}, {"name_en", "name in English"},
		{"period_type", "quarter or month (period_types.csv)"},
		{"period_from", "first year it is entered at period_type; the years before were entered by quarter (empty: every year)"},
		{"deadline_days", "days after a period ends until its report is due (0: the configured default)"},
		{"kinds", "agency kinds that report it, joined by + (each kind reports one data set)"}}},
	{"dataset_fields.csv", kpi.TableFields, []column{
		{"dataset", "the data set (datasets.csv)"}, {"section", "the section the field is shown under: a group code"},
		{"indicator", "an entered indicator; rows are in form order"}}},
	{"rules.csv", kpi.TableRules, []column{
		{"code", "the rule's code"}, {"severity", "error (blocks saving) or warning (saved; submitting needs a comment)"},
		{"left", "an expression over the period's indicator codes, and prev.code for the previous period"},
		{"op", "== != <= < >= >"}, {"right", "an expression like left"},
		{"field", "the field the message is shown beside (empty: the first code of left)"},
		{"message_vi", "message in Vietnamese; {left}, {right}, {code}, {prev.code} are the values"},
		{"message_en", "message in English, with the same placeholders"},
		{"datasets", "data sets it applies to, joined by + (empty: all)"},
		{"complete", "true: a submission must fill every field of the rule once one is filled"},
		{"retired_from", "first year it no longer applies (empty: in force)"}}},
	{"display.csv", kpi.TableDisplay, []column{
		{"view", "overview (cards), summary (columns), summary_chart, agency_chart, form06"},
		{"indicator", "the indicator shown; rows are in display order"},
		{"option", "overview: by_kind; summary: target; summary_chart: bar|col; agency_chart: col|line; form06: column 3–13"}}},
	{"index766.csv", kpi.TableScores, []column{
		{"code", "the score group's code"}, {"name_vi", "name in Vietnamese"}, {"name_en", "name in English"},
		{"points", "the group's points (Decision 766: 100 in all)"},
		{"formula", "the group's ratio (0–1, capped) as an expression over entered codes; rows are in display order"}}},
}

// Files are the names of the bundle's CSV files, in order.
func Files() []string {
	out := make([]string, len(files))
	for i, f := range files {
		out[i] = f.name
	}
	return out
}

func (f file) header() []string {
	out := make([]string, len(f.columns))
	for i, c := range f.columns {
		out[i] = c.name
	}
	return out
}

// joinCodes and splitCodes write and read a list of codes in one cell.
func joinCodes(codes []string) string { return strings.Join(codes, "+") }

func splitCodes(s string) []string {
	if strings.TrimSpace(s) == "" {
		return nil
	}
	parts := strings.Split(s, "+")
	for i := range parts {
		parts[i] = strings.TrimSpace(parts[i])
	}
	return parts
}

// formatFloat writes a number the way the bundle reads it: a decimal
// point, no exponent, no trailing zeros.
func formatFloat(v float64) string { return strconv.FormatFloat(v, 'f', -1, 64) }

func formatInt(n int) string {
	if n == 0 {
		return ""
	}
	return strconv.Itoa(n)
}

func formatBool(b bool) string {
	if b {
		return "true"
	}
	return "false"
}
