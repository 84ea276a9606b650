package kpi

import (
	"slices"
	"testing"
)

// TestStatesAtLeast lists the report states each level counts, each of
// them counted at that level by ReportLevel and no other state.
func TestStatesAtLeast(t *testing.T) {
	want := map[Level][]string{
		LevelApproved:  {StateApproved},
		LevelSubmitted: {StateSubmitted, StateApproved},
		LevelAll:       {StateReturned, StateDraft, StateSubmitted, StateApproved},
	}
	for l, states := range want {
		got := StatesAtLeast(l)
		if !slices.Equal(got, states) {
			t.Errorf("StatesAtLeast(%s) = %v, want %v", l, got, states)
		}
		for _, st := range got {
			if ReportLevel(st) < l {
				t.Errorf("%s counts %s, which ReportLevel puts below it", l, st)
			}
		}
	}
}
