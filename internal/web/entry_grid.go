package web

import (
	"errors"
	"strings"

	"github.com/gin-gonic/gin"

	"parkpi/internal/i18n"

	"parkpi/internal/kpi"
)

// EntryGrid is the breakdown of a section's indicators: one line per
// option (a field of procedures), one column per indicator broken down.
// A line's rule messages are shown on that line.
type EntryGrid struct {
	Code      string // the section's
	Dimension string
	Caption   string
	Columns   []string // the indicators' names
	Rows      []EntryGridRow
}

// EntryGridRow is one option's line of the grid.
type EntryGridRow struct {
	ID       int64
	Name     string
	Span     int // the line's columns, its own name's included
	Cells    []EntryGridCell
	Errors   []string
	Warnings []string
}

// EntryGridCell is one value box of the grid: its form key (code@option).
type EntryGridCell struct {
	Key       string
	Input     string
	InputMode string
	Invalid   bool
}

// optionInputs is the grid's part of a POST: the text per cell, the values
// by option after the save (stored overlaid by posted), the writes, and a
// field error per cell that does not parse.
type optionInputs struct {
	text      map[string]string
	values    map[int64]map[string]float64
	writes    map[string]map[int64]*float64
	parseErrs []kpi.FieldError
}

// readOptionInputs reads the grid cells of the indicators broken down:
// like readEntryInputs, a cell the POST lacks keeps its stored value and
// an empty one clears it.
func readOptionInputs(c *gin.Context, lang string, cat *kpi.Catalogue, stored map[int64]map[string]float64, fields []kpi.Indicator) optionInputs {
	in := optionInputs{text: map[string]string{}, values: map[int64]map[string]float64{}, writes: map[string]map[int64]*float64{}}
	for id, vals := range stored {
		in.values[id] = map[string]float64{}
		for code, v := range vals {
			in.values[id][code] = v
			in.text[kpi.OptionKey(code, id)] = kpi.FormatNumber(lang, v)
		}
	}
	for _, ind := range fields {
		for _, o := range cat.OptionsOf(ind.Code) {
			key := kpi.OptionKey(ind.Code, o.ID)
			raw, ok := c.GetPostForm(key)
			if !ok {
				continue
			}
			in.text[key] = raw
			if in.values[o.ID] == nil {
				in.values[o.ID] = map[string]float64{}
			}
			_, had := in.values[o.ID][ind.Code]
			delete(in.values[o.ID], ind.Code)
			v, err := kpi.ParseNumber(lang, raw)
			switch {
			case errors.Is(err, kpi.ErrNoValue):
				if had {
					in.write(ind.Code, o.ID, nil)
				}
			case err != nil:
				in.parseErrs = append(in.parseErrs, kpi.FieldError{Field: key, MessageVI: kpi.ErrorMessage(err, "vi"), MessageEN: kpi.ErrorMessage(err, "en")})
			default:
				in.values[o.ID][ind.Code] = v
				in.write(ind.Code, o.ID, &v)
			}
		}
	}
	return in
}

func (in optionInputs) write(code string, id int64, v *float64) {
	if in.writes[code] == nil {
		in.writes[code] = map[int64]*float64{}
	}
	in.writes[code][id] = v
}

// totals makes each indicator with values by option total the sum over its
// options: the total box shows the sum, and a total typed that differs
// from it is an error on the total. An indicator without values by option
// keeps the total typed.
func (in optionInputs) totals(lang string, cat *kpi.Catalogue, tot *entryInputs, fields []kpi.Indicator) {
	sums := kpi.OptionTotals(in.values)
	for _, ind := range fields {
		sum, some := sums[ind.Code]
		if !some {
			continue
		}
		if typed, ok := tot.values[ind.Code]; ok && tot.posted[ind.Code] && typed != sum && len(in.writes[ind.Code]) == 0 {
			tot.parseErrs = append(tot.parseErrs, cat.TotalAgainstLines(ind, sum))
			continue
		}
		tot.values[ind.Code], tot.text[ind.Code], tot.posted[ind.Code] = sum, kpi.FormatNumber(lang, sum), true
	}
}

func dimensionName(cat *kpi.Catalogue, ind kpi.Indicator, lang string) string {
	if d := cat.Dimension(ind.Breakdown); d != nil {
		return d.Name(lang)
	}
	return ind.Breakdown
}

// buildGrid lays out the breakdown of a section's fields, nil when none is
// broken down. The cells show what was typed, else the stored values.
func buildGrid(lang string, fields []kpi.Indicator, f entryForm) *EntryGrid {
	var cols []kpi.Indicator
	for _, ind := range fields {
		if len(f.cat.OptionsOf(ind.Code)) > 0 {
			cols = append(cols, ind)
		}
	}
	if len(cols) == 0 {
		return nil
	}
	g := &EntryGrid{Dimension: dimensionName(f.cat, cols[0], lang)}
	g.Caption = i18n.Tf(lang, "entry.grid", strings.ToLower(g.Dimension))
	for _, ind := range cols {
		g.Columns = append(g.Columns, ind.Name(lang))
	}
	for _, o := range f.cat.OptionsOf(cols[0].Code) {
		row := EntryGridRow{ID: o.ID, Name: o.Name(lang), Span: len(cols) + 1}
		for _, ind := range cols {
			key := kpi.OptionKey(ind.Code, o.ID)
			cell := EntryGridCell{Key: key, InputMode: "numeric"}
			if f.optInputs != nil {
				cell.Input = f.optInputs[key]
			} else if v, ok := f.entry.Options[o.ID][ind.Code]; ok {
				cell.Input = kpi.FormatNumber(lang, v)
			}
			errs, warns := f.check.For(key)
			cell.Invalid = len(errs) > 0
			for _, e := range errs {
				row.Errors = append(row.Errors, e.Message(lang))
			}
			for _, w := range warns {
				row.Warnings = append(row.Warnings, w.Message(lang))
			}
			row.Cells = append(row.Cells, cell)
		}
		g.Rows = append(g.Rows, row)
	}
	return g
}
