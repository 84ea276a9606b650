package kpi

import (
	"strings"
	"time"
)

// Move is a workflow transition of an agency's quarter.
type Move string

// The moves. Who may make them is the web layer's policy (officers submit,
// leaders and admins approve, return and reopen); which state allows them
// is decided here.
const (
	MoveSubmit  Move = "submit"  // draft | returned -> submitted
	MoveApprove Move = "approve" // submitted -> approved
	MoveReturn  Move = "return"  // submitted -> returned, with a reason
	MoveReopen  Move = "reopen"  // approved -> returned, with a reason
)

// moves lists each move's starting states and where it leads.
var moves = map[Move]struct {
	from []string
	to   string
}{
	MoveSubmit:  {[]string{StateDraft, StateReturned}, StateSubmitted},
	MoveApprove: {[]string{StateSubmitted}, StateApproved},
	MoveReturn:  {[]string{StateSubmitted}, StateReturned},
	MoveReopen:  {[]string{StateApproved}, StateReturned},
}

// NeedsReason reports whether the move must say why: sending a report back
// or reopening an approved one does.
func (m Move) NeedsReason() bool { return m == MoveReturn || m == MoveReopen }

// Valid reports whether m is a known move.
func (m Move) Valid() bool { _, ok := moves[m]; return ok }

// stateNames are the states as messages name them.
var stateNames = map[string][2]string{
	StateNotStarted: {"chưa nhập", "not started"},
	StateDraft:      {"đang nhập (nháp)", "draft"},
	StateSubmitted:  {"đã gửi, chờ duyệt", "submitted, awaiting approval"},
	StateApproved:   {"đã duyệt", "approved"},
	StateReturned:   {"bị trả lại", "returned"},
}

// StateName returns a state's name in lang.
func StateName(lang, state string) string {
	n := stateNames[state]
	if lang == "en" {
		return n[1]
	}
	return n[0]
}

// moveNames name the moves in messages.
var moveNames = map[Move][2]string{
	MoveSubmit: {"gửi", "submit"}, MoveApprove: {"duyệt", "approve"},
	MoveReturn: {"trả lại", "return"}, MoveReopen: {"mở lại", "reopen"},
}

// Next returns the state a move leads to from state, or an ECONFLICT error
// that names the state ("cannot approve: the quarter is draft"); a move that
// needs a reason and has none is EINVALID.
func Next(state string, m Move, reason string) (string, error) {
	mv, ok := moves[m]
	if !ok {
		return "", Errorf(EINVALID, "Thao tác %q không hợp lệ.", "Action %q is not valid.", string(m))
	}
	allowed := false
	for _, f := range mv.from {
		allowed = allowed || f == state
	}
	if !allowed {
		return "", &Error{Code: ECONFLICT,
			MessageVI: "Không thể " + moveNames[m][0] + " vì quý này đang ở trạng thái “" + StateName("vi", state) + "”.",
			MessageEN: "Cannot " + moveNames[m][1] + ": this quarter is " + StateName("en", state) + "."}
	}
	if m.NeedsReason() && strings.TrimSpace(reason) == "" {
		return "", &Error{Code: EINVALID, MessageVI: "Cần ghi lý do khi " + moveNames[m][0] + ".",
			MessageEN: "A reason is required to " + moveNames[m][1] + "."}
	}
	return mv.to, nil
}

// PeriodOf returns the quarter that contains day t.
func PeriodOf(t time.Time) Period {
	return Period{Year: t.Year(), Quarter: (int(t.Month())-1)/3 + 1}
}
