package store

import (
	"strings"
	"testing"
)

// TestAgencySetWhere: asked indicators whose ids fit in 0–62 are tested as
// the bits of one argument; one id past that (or below 0) sends the whole
// list to an IN list, since its bit would shift past the mask's.
func TestAgencySetWhere(t *testing.T) {
	cond, args := agencySet{ids: []int64{7, 9}, indicators: []int64{1, 5, 62}}.where("v.agency_id", "v.indicator_id")
	if !strings.Contains(cond, "v.indicator_id < 63 AND ((CAST(? AS BIGINT) >> v.indicator_id) & 1) = 1") || len(args) != 2 || args[1] != int64(1<<1|1<<5|1<<62) {
		t.Errorf("ids below 63: %q %v", cond, args)
	}
	for _, inds := range [][]int64{{1, 63}, {-1, 2}} {
		cond, args := agencySet{ids: []int64{7}, indicators: inds}.where("v.agency_id", "v.indicator_id")
		if !strings.HasSuffix(cond, "+v.indicator_id IN (?)") || len(args) != 2 {
			t.Errorf("ids %v: %q %v", inds, cond, args)
		}
	}
	if cond, args := (agencySet{ids: []int64{7}}).where("v.agency_id", "v.indicator_id"); cond != "v.agency_id IN (?)" || len(args) != 1 {
		t.Errorf("no indicators: %q %v", cond, args)
	}
}
