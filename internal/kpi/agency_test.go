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

func TestCatalogueFile(t *testing.T) {
	f, err := os.Open("../../data/indicators.csv")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	c, err := ParseCatalogue(f)
	if err != nil {
		t.Fatal(err)
	}
	for _, code := range []string{"tthc_simplified", "steps_cut", "hours_cut", "svc_total", "svc_level3", "svc_level4",
		"svc_full", "svc_partial", "dos_received", "dos_online", "dos_direct", "dos_carried", "dos_resolved", "dos_early",
		"dos_ontime", "dos_late", "dos_pending", "dos_pending_ontime", "dos_pending_overdue", "ontime_rate",
		"sat_responses", "sat_satisfied", "sat_very", "sat_rate", "sat_very_rate", "div_cut", "subdept_cut", "psu_cut",
		"has_lan", "lan_rate", "staff_total", "staff_pc", "pc_rate", "vc_endpoints", "portal_linked"} {
		if _, ok := c.Get(code); !ok {
			t.Errorf("catalogue lacks %s", code)
		}
	}
}

func TestCatalogueRejects(t *testing.T) {
	head := "code,group,name_vi,name_en,unit_vi,unit_en,kind,parts,numerator,denominator,over_quarters,across_agencies,min,max,higher_is_better,decimals,scale\n"
	tests := map[string]string{
		"unknown reference": "r,g,R,R,%,%,ratio,,nope,x,,,0,100,true,1,100\n",
		"bad over_quarters": "a,g,A,A,u,u,entered,,,,median,sum,0,1,true,0,1\n",
		"min above max":     "a,g,A,A,u,u,entered,,,,sum,sum,5,1,true,0,1\n",
		"not a number":      "a,g,A,A,u,u,entered,,,,sum,sum,zero,1,true,0,1\n",
		"missing column":    "",
	}
	for name, body := range tests {
		t.Run(name, func(t *testing.T) {
			h := head
			if body == "" {
				h = "code,group\n"
			}
			if _, err := ParseCatalogue(strings.NewReader(h + body)); ErrorCode(err) != EINVALID {
				t.Fatalf("ParseCatalogue = %v, want invalid", err)
			}
		})
	}
}
