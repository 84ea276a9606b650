package kpi

// Level says what a figure is made of: which reports it counts. Every
// aggregate can be asked at one of three levels; a higher level counts
// fewer reports.
type Level int

// The levels, lowest first. Their numbers are also the buckets the stored
// sums are split into (see Contribute): the total at level L is the sum of
// the buckets at or above L.
const (
	LevelAll       Level = 1 // draft, returned, submitted or approved
	LevelSubmitted Level = 2 // submitted or approved
	LevelApproved  Level = 3 // approved: the official figure
)

// Levels lists the levels, lowest first.
var Levels = []Level{LevelAll, LevelSubmitted, LevelApproved}

// levelNames are the levels as the state= parameter spells them.
var levelNames = map[Level]string{LevelAll: "all", LevelSubmitted: "submitted", LevelApproved: "approved"}

// ParseLevel reads a state= parameter: "all", "submitted" or "approved";
// empty gives def.
func ParseLevel(s string, def Level) (Level, error) {
	if s == "" {
		return def, nil
	}
	for l, name := range levelNames {
		if name == s {
			return l, nil
		}
	}
	return 0, Errorf(EINVALID, "Trạng thái số liệu %q không hợp lệ (all, submitted hoặc approved).",
		"Data state %q is not valid (all, submitted or approved).", s)
}

// String is the level as the state= parameter spells it.
func (l Level) String() string { return levelNames[l.OrAll()] }

// OrAll is the level, with the zero value (not asked) meaning LevelAll, so
// a caller that says nothing gets every report, as before levels existed.
func (l Level) OrAll() Level {
	if l < LevelAll || l > LevelApproved {
		return LevelAll
	}
	return l
}

// bit is the level's bit in a set of levels.
func (l Level) bit() uint8 { return 1 << uint(l-1) }

// LevelSet is a set of levels as a bit set: bit L-1 for level L.
type LevelSet uint8

// Has reports whether the set holds l.
func (s LevelSet) Has(l Level) bool { return uint8(s)&l.OrAll().bit() != 0 }

// ReportLevel is the highest level a report in state is counted at:
// approved 3, submitted 2, draft or returned 1. Values without a report (a
// bulk load that gave no state) count as a draft, so they are never hidden.
func ReportLevel(state string) Level {
	switch state {
	case StateApproved:
		return LevelApproved
	case StateSubmitted:
		return LevelSubmitted
	}
	return LevelAll
}

// StatesAtLeast lists the report states counted at level l or above, in
// order (submitted: submitted and approved). At LevelAll every report counts,
// and values without a report too: there is nothing to filter by.
func StatesAtLeast(l Level) []string {
	var out []string
	for _, st := range []string{StateReturned, StateDraft, StateSubmitted, StateApproved} {
		if ReportLevel(st) >= l.OrAll() {
			out = append(out, st)
		}
	}
	return out
}

// stateOrder ranks states for "the lowest state of a period's reports":
// not started < returned < draft < submitted < approved.
var stateOrder = map[string]int{StateNotStarted: 0, StateReturned: 1, StateDraft: 2, StateSubmitted: 3, StateApproved: 4}

// LowestState is the state that says how far a derived period (a year) is
// reported: the lowest of its entry periods' states.
func LowestState(states ...string) string {
	if len(states) == 0 {
		return StateNotStarted
	}
	low := states[0]
	for _, s := range states[1:] {
		if stateOrder[s] < stateOrder[low] {
			low = s
		}
	}
	return low
}
