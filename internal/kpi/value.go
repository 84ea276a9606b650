package kpi

import "time"

// Value is one entered number for (agency, indicator, year, quarter).
type Value struct {
	Agency    string  `json:"agency"`
	Indicator string  `json:"indicator"`
	Period    Period  `json:"period"`
	Value     float64 `json:"value"`
	// Option is the breakdown option the value is of (0: the total).
	Option int64 `json:"option,omitempty"`
}

// Submission states of one agency's quarter.
const (
	StateNotStarted = ""          // nothing saved yet
	StateDraft      = "draft"     // saved, still being edited
	StateSubmitted  = "submitted" // sent for approval
	StateApproved   = "approved"  // accepted by a leader; locked
	StateReturned   = "returned"  // sent back with a reason; editable again
)

// Submission is the state of one agency's quarter.
type Submission struct {
	Agency    string    `json:"agency"`
	Period    Period    `json:"period"`
	State     string    `json:"state"`
	Reason    string    `json:"reason,omitempty"`
	Comment   string    `json:"comment,omitempty"`
	Version   int       `json:"version"`
	UpdatedBy string    `json:"updated_by,omitempty"`
	UpdatedAt time.Time `json:"updated_at"`
	// Late is whether the report was (last) submitted after its due day;
	// approval, return and reopening keep it.
	Late bool `json:"late"`
}

// Editable reports whether values of a quarter in this state may change.
func Editable(state string) bool {
	return state == StateNotStarted || state == StateDraft || state == StateReturned
}
