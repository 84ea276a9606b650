package web_test

import (
	"context"
	"math"
	"testing"

	"parkpi/internal/auth"
	"parkpi/internal/kpi"
	"parkpi/internal/seed"
	"parkpi/internal/store"
	"parkpi/internal/store/storetest"
)

// TestRankingWeightsRates is built so that weighting and averaging disagree.
// Commune C1 resolved 1 of 1 dossiers on time in Q1 and 90 of 100 in Q2:
// 91/101 = 90,1 % weighted, 95 % as the mean of its quarter rates. C2
// resolved 920 of 1000 on time: 92 %. Weighted, C2 ranks first; averaged,
// C1 would. Likewise district D1's subtree (C1 + C2) is 1011/1101 = 91,8 %,
// above district D2's 91,5 %, while the mean of D1's communes' rates
// (91,05 %) would put it below.
func TestRankingWeightsRates(t *testing.T) {
	db := storetest.Open(t)
	ctx := context.Background()
	tree := []kpi.Agency{
		{Code: "P", Kind: kpi.KindProvince, Name: "Tỉnh"},
		{Code: "D1", ParentCode: "P", Kind: kpi.KindDistrict, Name: "Huyện 1"},
		{Code: "C1", ParentCode: "D1", Kind: kpi.KindCommune, Name: "Xã 1"},
		{Code: "C2", ParentCode: "D1", Kind: kpi.KindCommune, Name: "Xã 2"},
		{Code: "D2", ParentCode: "P", Kind: kpi.KindDistrict, Name: "Huyện 2"},
	}
	if err := db.ImportAgencies(ctx, tree); err != nil {
		t.Fatal(err)
	}
	for _, e := range []struct {
		agency           string
		q                int
		ontime, resolved float64
	}{{"C1", 1, 1, 1}, {"C1", 2, 90, 100}, {"C2", 1, 920, 1000}, {"D2", 1, 915, 1000}} {
		vals := map[string]*float64{"dos_early": ptr(0), "dos_ontime": ptr(e.ontime), "dos_late": ptr(e.resolved - e.ontime), "dos_resolved": ptr(e.resolved)}
		w := store.ValueWrite{Agency: e.agency, Period: kpi.Period{Year: 2021, Quarter: e.q}, Values: vals, Version: -1, Actor: "test", Source: "test"}
		if _, err := db.SaveValues(ctx, w); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := auth.New(db).CreateUser(ctx, auth.Actor{Username: "test"}, auth.NewUser{Username: "leader", FullName: "Lãnh đạo",
		Role: auth.RoleLeader, AgencyCode: "P", Password: seed.DemoPassword}); err != nil {
		t.Fatal(err)
	}
	ts := newServerOn(t, db, nil)
	c := loginAs(t, ts, "leader")

	var r rankingJSON
	getJSON(t, c, ts.URL+"/api/v1/ranking?year=2021&indicator=ontime_rate&kind=commune", &r)
	if len(r.Rows) != 2 || r.Rows[0].Code != "C2" || r.Rows[0].Rank != 1 || r.Rows[1].Code != "C1" || r.Rows[1].Rank != 2 {
		t.Fatalf("ranking %+v: want C2 (92 %%) above C1 (91/101 weighted, not 95 %% averaged)", r.Rows)
	}
	if want := 91.0 / 101 * 100; math.Abs(r.Rows[1].Value-want) > 1e-9 {
		t.Fatalf("C1's rate = %v, want the weighted %v", r.Rows[1].Value, want)
	}

	var p struct {
		Columns  []struct{ Code string } `json:"child_columns"`
		Children []struct {
			Code  string
			Cells []kpi.Figure
		}
	}
	getJSON(t, c, ts.URL+"/api/v1/agencies/P?year=2021", &p)
	rate := map[string]float64{}
	for _, ch := range p.Children {
		for i, col := range p.Columns {
			if col.Code == "ontime_rate" {
				rate[ch.Code] = ch.Cells[i].Value
			}
		}
	}
	if want := 1011.0 / 1101 * 100; math.Abs(rate["D1"]-want) > 1e-9 || rate["D1"] <= rate["D2"] {
		t.Fatalf("district rates %v: want D1 = %v (its communes' counts) above D2 = 91,5", rate, want)
	}
}

func ptr(v float64) *float64 { return &v }
