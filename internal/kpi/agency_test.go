package kpi

import (
	"os"
	"strings"
	"testing"
)

func TestTreeAnyDepth(t *testing.T) {
	// A province with a district tier, and a commune straight under the
	// province as after the 2025 reform: both must work.
	agencies := []Agency{
		{Code: "P", Kind: KindProvince, Name: "Tỉnh"},
		{Code: "D", ParentCode: "P", Kind: KindDistrict, Name: "Huyện"},
		{Code: "C1", ParentCode: "D", Kind: KindCommune, Name: "Xã 1"},
		{Code: "C2", ParentCode: "P", Kind: KindCommune, Name: "Xã 2"},
	}
	tree, err := NewTree(agencies)
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(tree.Ancestors("C1"), ","); got != "D,P" {
		t.Fatalf("Ancestors(C1) = %s", got)
	}
	if got := strings.Join(tree.Descendants("P"), ","); got != "D,C1,C2" {
		t.Fatalf("Descendants(P) = %s", got)
	}
	if !tree.InSubtree("D", "C1") || tree.InSubtree("D", "C2") || !tree.InSubtree("C2", "C2") {
		t.Fatal("InSubtree is wrong")
	}
}

func TestTreeRejects(t *testing.T) {
	tests := map[string][]Agency{
		"unknown parent": {{Code: "A", ParentCode: "X", Kind: KindCommune, Name: "a"}},
		"duplicate code": {{Code: "A", Kind: KindProvince, Name: "a"}, {Code: "A", Kind: KindProvince, Name: "b"}},
		"bad kind":       {{Code: "A", Kind: "planet", Name: "a"}},
		"no name":        {{Code: "A", Kind: KindProvince}},
		"cycle":          {{Code: "A", ParentCode: "B", Kind: KindCommune, Name: "a"}, {Code: "B", ParentCode: "A", Kind: KindCommune, Name: "b"}},
	}
	for name, list := range tests {
		t.Run(name, func(t *testing.T) {
			if _, err := NewTree(list); ErrorCode(err) != EINVALID {
				t.Fatalf("NewTree = %v, want an invalid error", err)
			}
		})
	}
}

func TestNinhBinhAgencies(t *testing.T) {
	f, err := os.Open("../../data/agencies.csv")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	list, err := ParseAgencies(f)
	if err != nil {
		t.Fatal(err)
	}
	tree, err := NewTree(list)
	if err != nil {
		t.Fatal(err)
	}
	count := map[Kind]int{}
	for _, a := range tree.All() {
		count[a.Kind]++
	}
	want := map[Kind]int{KindProvince: 1, KindDepartment: 18, KindDistrict: 8, KindCommune: 143, KindVertical: 3, KindServiceCentre: 1}
	for k, n := range want {
		if count[k] != n {
			t.Errorf("%s: %d agencies, want %d", k, count[k], n)
		}
	}
	if a := tree.Get("14722"); a == nil || a.ParentCode != "377" {
		t.Fatalf("Yên Hòa 14722 should sit under Yên Mô 377, got %+v", a)
	}
}

func TestCatalogueRejects(t *testing.T) {
	ok := Indicator{Code: "a", Group: "g", NameVI: "A", NameEN: "A", UnitVI: "u", UnitEN: "u", Kind: KindEntered,
		OverQuarters: AggSum, AcrossAgencies: AcrossSum, Max: 1, Outlier: DefaultOutlier}
	tests := map[string]func(i *Indicator){
		"unknown reference":  func(i *Indicator) { i.Code, i.Kind, i.Formula, i.OverQuarters = "r", KindDerived, "nope / a * 100", "" },
		"bad over_quarters":  func(i *Indicator) { i.OverQuarters = "median" },
		"min above max":      func(i *Indicator) { i.Min = 5 },
		"formula syntax":     func(i *Indicator) { i.Code, i.Kind, i.Formula, i.OverQuarters = "r", KindDerived, "a / (a", "" },
		"code not a name":    func(i *Indicator) { i.Code = "A-1" },
		"reserved code":      func(i *Indicator) { i.Code = "prev" },
		"outlier factor 1":   func(i *Indicator) { i.Outlier.Factor = 1 },
		"retired in year 12": func(i *Indicator) { i.RetiredFrom = 12 },
	}
	for name, change := range tests {
		t.Run(name, func(t *testing.T) {
			bad := ok
			change(&bad)
			if _, err := NewCatalogue([]Indicator{ok, bad}); ErrorCode(err) != EINVALID {
				t.Fatalf("NewCatalogue = %v, want invalid", err)
			}
		})
	}
	if _, err := NewCatalogue([]Indicator{ok}); err != nil {
		t.Fatalf("a sound indicator is refused: %v", err)
	}
}
