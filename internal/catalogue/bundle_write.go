package catalogue

import (
	"bytes"
	"encoding/csv"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"parkpi/internal/kpi"
)

// Encode writes a definition as the bundle's files, by name.
func Encode(def kpi.Definition) (map[string][]byte, error) {
	rows := map[string][][]string{
		kpi.TablePeriodTypes: periodTypeRows(def.PeriodTypes),
		kpi.TableDimensions:  dimensionRows(def.Dimensions),
		kpi.TableOptions:     optionRows(def.Dimensions),
		kpi.TableGroups:      groupRows(def.Groups),
		kpi.TableIndicators:  indicatorRows(def.Indicators),
		kpi.TableDataSets:    dataSetRows(def.DataSets),
		kpi.TableFields:      fieldRows(def.DataSets),
		kpi.TableRules:       ruleRows(def.Rules),
		kpi.TableDisplay:     displayRows(def.Display),
		kpi.TableScores:      scoreRows(def.Scores),
	}
	out := map[string][]byte{}
	for _, f := range files {
		var buf bytes.Buffer
		w := csv.NewWriter(&buf)
		if err := w.Write(f.header()); err != nil {
			return nil, err
		}
		if err := w.WriteAll(rows[f.table]); err != nil {
			return nil, err
		}
		out[f.name] = buf.Bytes()
	}
	out["README.md"] = []byte(readme())
	return out, nil
}

// WriteDir writes a definition as a bundle into dir (made if needed).
func WriteDir(dir string, def kpi.Definition) error {
	enc, err := Encode(def)
	if err != nil {
		return err
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	for name, b := range enc {
		if err := os.WriteFile(filepath.Join(dir, name), b, 0o644); err != nil {
			return err
		}
	}
	return nil
}

// readme documents the bundle's columns beside its files.
func readme() string {
	var b strings.Builder
	b.WriteString("# parkpi catalogue bundle\n\nCSV files, UTF-8, one header row; `parkpi catalogue import DIR` applies them in one\ntransaction (`--dry-run` shows what would change). Rows are kept in file order.\n")
	for _, f := range files {
		b.WriteString("\n## " + f.name + "\n\n| column | meaning |\n|---|---|\n")
		for _, c := range f.columns {
			b.WriteString("| " + c.name + " | " + strings.ReplaceAll(c.doc, "|", "\\|") + " |\n")
		}
	}
	return b.String()
}

func periodTypeRows(types []kpi.PeriodType) [][]string {
	out := make([][]string, 0, len(types))
	for _, t := range types {
		out = append(out, []string{t.Code, t.NameVI, t.NameEN, strconv.Itoa(t.StartDay), strconv.Itoa(t.EndDay)})
	}
	return out
}

func dimensionRows(dims []kpi.Dimension) [][]string {
	out := make([][]string, 0, len(dims))
	for _, d := range dims {
		out = append(out, []string{d.Code, d.NameVI, d.NameEN})
	}
	return out
}

func optionRows(dims []kpi.Dimension) [][]string {
	var out [][]string
	for _, d := range dims {
		for _, o := range d.Options {
			out = append(out, []string{d.Code, strconv.FormatInt(o.ID, 10), o.Code, o.NameVI, o.NameEN})
		}
	}
	return out
}

func groupRows(groups []kpi.Group) [][]string {
	out := make([][]string, 0, len(groups))
	for _, g := range groups {
		out = append(out, []string{g.Code, g.NameVI, g.NameEN})
	}
	return out
}

func indicatorRows(list []kpi.Indicator) [][]string {
	out := make([][]string, 0, len(list))
	for _, i := range list {
		out = append(out, []string{i.Code, i.Group, i.NameVI, i.NameEN, i.UnitVI, i.UnitEN, i.Kind,
			joinCodes(i.Parts), i.Formula, i.OverQuarters, i.AcrossAgencies, formatFloat(i.Min), formatFloat(i.Max),
			formatBool(i.HigherIsBetter), strconv.Itoa(i.Decimals), strconv.Itoa(i.Rank), formatInt(i.RetiredFrom),
			formatFloat(i.Outlier.Factor), strconv.Itoa(i.Outlier.Window), formatFloat(i.Outlier.Floor), i.Breakdown})
	}
	return out
}

func dataSetRows(sets []kpi.DataSet) [][]string {
	out := make([][]string, 0, len(sets))
	for _, d := range sets {
		kinds := make([]string, len(d.Kinds))
		for i, k := range d.Kinds {
			kinds[i] = string(k)
		}
		from := ""
		if d.PeriodFrom != 0 {
			from = strconv.Itoa(d.PeriodFrom)
		}
		out = append(out, []string{d.Code, d.NameVI, d.NameEN, d.PeriodType, from, strconv.Itoa(d.DeadlineDays), joinCodes(kinds)})
	}
	return out
}

func fieldRows(sets []kpi.DataSet) [][]string {
	var out [][]string
	for _, d := range sets {
		for _, f := range d.Fields {
			out = append(out, []string{d.Code, f.Section, f.Indicator})
		}
	}
	return out
}

func ruleRows(rules []kpi.Rule) [][]string {
	out := make([][]string, 0, len(rules))
	for _, r := range rules {
		out = append(out, []string{r.Code, r.Severity, r.Left, r.Op, r.Right, r.Field, r.MessageVI, r.MessageEN,
			joinCodes(r.DataSets), formatBool(r.Complete), formatInt(r.RetiredFrom)})
	}
	return out
}

func displayRows(items []kpi.DisplayItem) [][]string {
	out := make([][]string, 0, len(items))
	for _, d := range items {
		out = append(out, []string{d.View, d.Indicator, d.Option})
	}
	return out
}

func scoreRows(groups []kpi.ScoreGroup) [][]string {
	out := make([][]string, 0, len(groups))
	for _, g := range groups {
		out = append(out, []string{g.Code, g.NameVI, g.NameEN, formatFloat(g.Points), g.Formula})
	}
	return out
}
