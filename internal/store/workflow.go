package store

import (
	"context"
	"strings"
	"unicode/utf8"

	"parkpi/internal/kpi"
)

// Transition is one workflow move of an agency's quarter: who makes it,
// why (a reason is required to return or reopen), the officer's comment
// (required to submit figures that carry warnings), and the version of the
// quarter the actor saw; -1 skips that check.
type Transition struct {
	Agency  string
	Period  kpi.Period
	Actor   string
	Reason  string
	Comment string
	Version int
	Source  string // "form", "api"; "web" when empty
}

// maxNote bounds reasons and comments: a paragraph, not a document.
const maxNote = 2000

// Submit sends a draft or returned quarter for approval. The stored figures
// must pass kpi.ValidateSubmission, and warnings need a comment.
func (db *DB) Submit(ctx context.Context, t Transition) (kpi.Submission, error) {
	return db.move(ctx, t, kpi.MoveSubmit, nil)
}

// Approve accepts a submitted quarter; it is locked from then on.
func (db *DB) Approve(ctx context.Context, t Transition) (kpi.Submission, error) {
	return db.move(ctx, t, kpi.MoveApprove, nil)
}

// Return sends a submitted quarter back to its officers with a reason.
func (db *DB) Return(ctx context.Context, t Transition) (kpi.Submission, error) {
	return db.move(ctx, t, kpi.MoveReturn, nil)
}

// Reopen unlocks an approved quarter (to returned), with a reason.
func (db *DB) Reopen(ctx context.Context, t Transition) (kpi.Submission, error) {
	return db.move(ctx, t, kpi.MoveReopen, nil)
}

// SubmitValues saves the form's values and submits the quarter in one
// write, so a submission that fails (stale version, locked quarter, an
// error in the figures, warnings without a comment) saves nothing.
// w.Version is checked; t takes the actor, comment and source from w.
func (db *DB) SubmitValues(ctx context.Context, w ValueWrite, comment string) (kpi.Submission, error) {
	if err := w.Period.Validate(); err != nil {
		return kpi.Submission{}, err
	}
	codes, err := db.sortedCodes(ctx, w.Values)
	if err != nil {
		return kpi.Submission{}, err
	}
	if err := db.checkOptions(ctx, w.Options); err != nil {
		return kpi.Submission{}, err
	}
	t := Transition{Agency: w.Agency, Period: w.Period, Actor: w.Actor, Comment: comment, Version: w.Version, Source: w.Source}
	return db.move(ctx, t, kpi.MoveSubmit, func(ctx context.Context, x *writeTx, a kpi.Agency, sub *kpi.Submission) error {
		if !kpi.Editable(sub.State) {
			return kpi.Errorf(kpi.ECONFLICT, "Quý này đã gửi hoặc đã duyệt, không sửa được.", "This quarter is submitted or approved and cannot be changed.")
		}
		if err := x.writeQuarter(ctx, a, w, codes, kpi.StateDraft); err != nil {
			return err
		}
		sub.State = kpi.StateDraft // what the save makes of it; the move goes on from here
		return nil
	})
}

// beforeMove is work a move does first in its write (SubmitValues' save).
type beforeMove func(ctx context.Context, x *writeTx, a kpi.Agency, sub *kpi.Submission) error

// move runs one transition as one write: read the state, check the
// version, run before (SubmitValues' save), check the move, validate a
// submission, write the new state, the audit rows and what the new state
// changes in the derived tables (a move changes buckets, not values).
func (db *DB) move(ctx context.Context, t Transition, m kpi.Move, before beforeMove) (kpi.Submission, error) {
	if err := t.Period.Validate(); err != nil {
		return kpi.Submission{}, err
	}
	t.Reason, t.Comment = strings.TrimSpace(t.Reason), strings.TrimSpace(t.Comment)
	if utf8.RuneCountInString(t.Reason) > maxNote || utf8.RuneCountInString(t.Comment) > maxNote {
		return kpi.Submission{}, kpi.Errorf(kpi.EINVALID, "Lý do hoặc ghi chú dài quá %d ký tự.", "The reason or comment is longer than %d characters.", maxNote)
	}
	var out kpi.Submission
	err := db.write(ctx, []LockKey{yearKey(t.Agency, t.Period.Year)}, func(ctx context.Context, x *writeTx) error {
		var err error
		out, err = x.transition(ctx, t, m, before)
		return err
	})
	return out, err
}

// transition is the body of a move inside its write.
func (x *writeTx) transition(ctx context.Context, t Transition, m kpi.Move, before beforeMove) (kpi.Submission, error) {
	a, err := agencyByCode(ctx, x, t.Agency)
	if err != nil {
		return kpi.Submission{}, err
	}
	sub, err := submissionTx(ctx, x, a.ID, t.Period)
	if err != nil {
		return kpi.Submission{}, err
	}
	if t.Version >= 0 && sub.Version != t.Version {
		return kpi.Submission{}, kpi.Errorf(kpi.ECONFLICT, "Quý này vừa được người khác thay đổi; hãy tải lại trang.", "Someone else changed this quarter meanwhile; reload the page.")
	}
	from := sub.State
	if before != nil {
		if err := before(ctx, x, a, &sub); err != nil {
			return kpi.Submission{}, err
		}
	}
	to, err := kpi.Next(sub.State, m, t.Reason)
	if err != nil {
		return kpi.Submission{}, err
	}
	out := next(sub, a.Code, to, m, t)
	out.UpdatedAt = x.db.now()
	if m == kpi.MoveSubmit {
		cat, err := x.catalogue(ctx)
		if err != nil {
			return kpi.Submission{}, err
		}
		if err := checkSubmittable(ctx, x, cat, a, t); err != nil {
			return kpi.Submission{}, err
		}
		// Recorded now, by the calendar the pages show, so a late report
		// stays late after it is in.
		out.Late = x.db.Deadlines(cat, a.Kind).Late(t.Period, out.UpdatedAt)
	}
	if err := x.moveState(ctx, a, t.Period, sub.State, to); err != nil {
		return kpi.Submission{}, err
	}
	if err := putSubmission(ctx, x, a.ID, out); err != nil {
		return kpi.Submission{}, err
	}
	return out, x.db.auditMove(ctx, x, a.ID, from, out, m, t)
}

// moveState moves the derived tables by a quarter's report going from one
// state to another (from is what the write has made of it so far, which a
// save in the same write may not have stored yet).
func (x *writeTx) moveState(ctx context.Context, a kpi.Agency, p kpi.Period, from, to string) error {
	pl, err := placementOf(ctx, x, a)
	if err != nil {
		return err
	}
	before, err := x.db.readYear(ctx, x, a, p.Year)
	if err != nil {
		return err
	}
	before.States[p.Quarter] = from
	after := before
	after.States[p.Quarter] = to
	return x.moveYear(ctx, pl, before, after)
}

// next is the submission after the move: a submission clears the old
// reason and records the comment; a return or reopen records its reason.
func next(sub kpi.Submission, agency, to string, m kpi.Move, t Transition) kpi.Submission {
	out := sub
	out.Agency, out.State, out.Version, out.UpdatedBy = agency, to, sub.Version+1, t.Actor
	switch m {
	case kpi.MoveSubmit:
		out.Reason, out.Comment = "", t.Comment
	case kpi.MoveApprove:
		out.Reason = ""
	case kpi.MoveReturn, kpi.MoveReopen:
		out.Reason = t.Reason
	}
	return out
}

// checkSubmittable validates the quarter's stored figures (after any save
// in the same transaction) with the one shared validation.
func checkSubmittable(ctx context.Context, x *writeTx, cat *kpi.Catalogue, a kpi.Agency, t Transition) error {
	e, err := x.db.entryTx(ctx, x, a, t.Period)
	if err != nil {
		return err
	}
	c := kpi.ValidateSubmission(cat, e.Input(e.Values))
	if err := c.Err(); err != nil {
		return err
	}
	if len(c.Warnings) > 0 && t.Comment == "" {
		return kpi.Errorf(kpi.EINVALID, "Số liệu có %d cảnh báo: hãy ghi chú giải trình trước khi gửi.",
			"The figures have %d warnings: add a comment explaining them before submitting.", len(c.Warnings))
	}
	return nil
}

// auditMove writes the state change, and the reason or comment given with
// it, as audit rows of the same transaction.
func (db *DB) auditMove(ctx context.Context, tx execer, agencyID int64, from string, s kpi.Submission, m kpi.Move, t Transition) error {
	src := t.Source
	if src == "" {
		src = "web"
	}
	e := AuditEntry{Actor: t.Actor, Action: "submission." + string(m), Entity: "submission", AgencyID: agencyID,
		Period: s.Period, Field: "state", Old: from, New: s.State, Source: src}
	if err := db.audit(ctx, tx, e); err != nil {
		return err
	}
	note := struct{ field, text string }{}
	switch {
	case m.NeedsReason():
		note.field, note.text = "reason", t.Reason
	case m == kpi.MoveSubmit && t.Comment != "":
		note.field, note.text = "comment", t.Comment
	default:
		return nil
	}
	e.Field, e.Old, e.New = note.field, "", note.text
	return db.audit(ctx, tx, e)
}
