package kpi

// Coverage says how complete a figure is: of the scope's agencies that
// report it, how many have their report for the period approved,
// submitted, in draft (returned counts as draft) or missing.
type Coverage struct {
	Agencies  int `json:"agencies"`
	Approved  int `json:"approved"`
	Submitted int `json:"submitted"`
	Draft     int `json:"draft"`
	Missing   int `json:"missing"`
}

// Add counts n reports in state.
func (c *Coverage) Add(state string, n int) {
	switch state {
	case StateApproved:
		c.Approved += n
	case StateSubmitted:
		c.Submitted += n
	case StateDraft, StateReturned:
		c.Draft += n
	}
}

// Close sets Missing from the number of agencies: those without a report.
func (c *Coverage) Close(agencies int) {
	c.Agencies = agencies
	c.Missing = max(0, agencies-c.Approved-c.Submitted-c.Draft)
}

// Counted is how many agencies a figure at level l is made of.
func (c Coverage) Counted(l Level) int {
	switch l.OrAll() {
	case LevelApproved:
		return c.Approved
	case LevelSubmitted:
		return c.Approved + c.Submitted
	}
	return c.Approved + c.Submitted + c.Draft
}

// Complete reports whether every agency is counted at level l.
func (c Coverage) Complete(l Level) bool { return c.Counted(l) >= c.Agencies }
