package excel_test

import (
	"context"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"parkpi/internal/excel"
	"parkpi/internal/kpi"
	"parkpi/internal/store"
	"parkpi/internal/store/storetest"
)

// TestFormulaInjection: agency names, and the names of Biểu 06's fields
// (catalogue data), that start with = + - @ are written as text in every
// report, never as formulas.
func TestFormulaInjection(t *testing.T) {
	db := storetest.Open(t)
	ctx := context.Background()
	names := []string{`=HYPERLINK("http://evil.example","x")`, "+1+1", "-2+3", "@SUM(1,1)"}
	agencies := []kpi.Agency{{Code: "P", Kind: kpi.KindProvince, Name: "Tỉnh Thử"}}
	for i, n := range names {
		agencies = append(agencies, kpi.Agency{Code: string(rune('A' + i)), ParentCode: "P", Kind: kpi.KindCommune, Name: n})
	}
	if err := db.ImportAgencies(ctx, agencies); err != nil {
		t.Fatal(err)
	}
	for _, a := range agencies[1:] {
		v := 5.0
		if _, err := db.SaveValues(ctx, store.ValueWrite{Agency: a.Code, Period: kpi.Period{Year: 2021, Quarter: 1},
			Values: map[string]*float64{"dos_online": &v}, Version: -1, Actor: "t", Source: "test"}); err != nil {
			t.Fatal(err)
		}
	}
	// The fields of Biểu 06 are the catalogue's options: an administrator
	// names one like the agencies above, and a commune has dossiers in it.
	def := storetest.Catalogue(t, db).Definition()
	for i := range def.Dimensions {
		for j := range def.Dimensions[i].Options {
			def.Dimensions[i].Options[j].NameVI = names[j%len(names)]
		}
	}
	if _, err := db.SaveCatalogue(ctx, store.CatalogueWrite{Definition: def, Actor: "admin", Source: "test"}); err != nil {
		t.Fatal(err)
	}
	five := 5.0
	if _, err := db.SaveValues(ctx, store.ValueWrite{Agency: "A", Period: kpi.Period{Year: 2021, Quarter: 1},
		Values: map[string]*float64{"dos_direct": &five}, Options: map[string]map[int64]*float64{"dos_direct": {1: &five}},
		Version: -1, Actor: "t", Source: "test"}); err != nil {
		t.Fatal(err)
	}
	drafts := fixedDate
	drafts.Level = kpi.LevelAll // the values above are drafts
	build := map[string]func() (*excelize.File, error){
		excel.SheetSummary: func() (*excelize.File, error) { return excel.Summary(ctx, db, "", 2021, drafts) },
		excel.SheetForm06: func() (*excelize.File, error) {
			return excel.Form06(ctx, db, excel.Form06Request{Year: 2021}, drafts)
		},
		excel.SheetReport: func() (*excelize.File, error) { return excel.AgencyYear(ctx, db, "A", 2021, drafts) },
	}
	for sheet, fn := range build {
		f, err := fn()
		if err != nil {
			t.Fatal(err)
		}
		g, _ := roundTrip(t, f)
		rows, _ := g.GetRows(sheet)
		found := 0
		for r, row := range rows {
			for c, v := range row {
				cell, _ := excelize.CoordinatesToCellName(c+1, r+1)
				for _, n := range names {
					if v == n || strings.HasPrefix(v, "Đơn vị báo cáo: "+n+".") {
						found++
						if fm, _ := g.GetCellFormula(sheet, cell); fm != "" {
							t.Errorf("%s!%s holds the formula %q", sheet, cell, fm)
						}
					}
				}
			}
		}
		if found == 0 {
			t.Errorf("%s: no agency name found as text", sheet)
		}
	}
}
