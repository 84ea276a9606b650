package store_test

import (
	"context"
	"strings"
	"testing"

	"parkpi/internal/kpi"
	"parkpi/internal/store"
	"parkpi/internal/store/storetest"
)

// validQuarter is a quarter of a commune that passes ValidateSubmission.
func validQuarter() map[string]*float64 {
	return map[string]*float64{
		"dos_received": f(100), "dos_online": f(60), "dos_direct": f(40), "dos_carried": f(0),
		"dos_resolved": f(95), "dos_early": f(50), "dos_ontime": f(45), "dos_late": f(0),
		"dos_pending": f(5), "dos_pending_ontime": f(5), "dos_pending_overdue": f(0),
		"staff_total": f(20), "staff_pc": f(18),
	}
}

func auditCount(t *testing.T, db *store.DB, action string) int {
	t.Helper()
	return storetest.Count(t, db, "SELECT COUNT(*) FROM audit_log WHERE action = ?", action)
}

// TestWorkflowTransitions walks a quarter through every state and tries
// every move from each state: allowed ones move it and leave an audit row,
// forbidden ones answer ECONFLICT and change nothing.
func TestWorkflowTransitions(t *testing.T) {
	storetest.Each(t, func(t *testing.T, engine string) {
		ctx := context.Background()
		db := openSmall(t, engine)
		p := kpi.Period{Year: 2024, Quarter: 1}
		tr := func(v int) store.Transition {
			return store.Transition{Agency: "C1", Period: p, Actor: "x", Reason: "thiếu số liệu", Comment: "ok", Version: v}
		}
		moves := map[kpi.Move]func(context.Context, store.Transition) (kpi.Submission, error){
			kpi.MoveSubmit: db.Submit, kpi.MoveApprove: db.Approve, kpi.MoveReturn: db.Return, kpi.MoveReopen: db.Reopen,
		}
		allowedFrom := map[string][]kpi.Move{
			kpi.StateNotStarted: nil,
			kpi.StateDraft:      {kpi.MoveSubmit},
			kpi.StateSubmitted:  {kpi.MoveApprove, kpi.MoveReturn},
			kpi.StateApproved:   {kpi.MoveReopen},
			kpi.StateReturned:   {kpi.MoveSubmit},
		}
		checkForbidden := func(state string) {
			t.Helper()
			sub, _ := db.Submission(ctx, "C1", p)
			for m, fn := range moves {
				allowed := false
				for _, a := range allowedFrom[state] {
					allowed = allowed || a == m
				}
				if allowed {
					continue
				}
				if _, err := fn(ctx, tr(sub.Version)); kpi.ErrorCode(err) != kpi.ECONFLICT {
					t.Errorf("%s from %q = %v, want ECONFLICT", m, state, err)
				}
			}
			after, _ := db.Submission(ctx, "C1", p)
			if after.State != state || after.Version != sub.Version {
				t.Fatalf("a forbidden move changed the quarter: %+v", after)
			}
		}
		do := func(m kpi.Move, want string) {
			t.Helper()
			sub, _ := db.Submission(ctx, "C1", p)
			got, err := moves[m](ctx, tr(sub.Version))
			if err != nil || got.State != want || got.Version != sub.Version+1 {
				t.Fatalf("%s = %+v, %v; want %s", m, got, err, want)
			}
			checkForbidden(want)
		}
		checkForbidden(kpi.StateNotStarted)
		save(t, db, "C1", 2024, 1, validQuarter())
		checkForbidden(kpi.StateDraft)
		do(kpi.MoveSubmit, kpi.StateSubmitted)
		do(kpi.MoveReturn, kpi.StateReturned)
		if s, _ := db.Submission(ctx, "C1", p); s.Reason != "thiếu số liệu" {
			t.Fatalf("reason not kept: %+v", s)
		}
		do(kpi.MoveSubmit, kpi.StateSubmitted)
		if s, _ := db.Submission(ctx, "C1", p); s.Reason != "" || s.Comment != "ok" {
			t.Fatalf("a submission keeps the old reason or loses the comment: %+v", s)
		}
		do(kpi.MoveApprove, kpi.StateApproved)
		do(kpi.MoveReopen, kpi.StateReturned)
		for action, want := range map[string]int{"submission.submit": 4, "submission.return": 2, "submission.approve": 1, "submission.reopen": 2} {
			if n := auditCount(t, db, action); n != want {
				t.Errorf("%d audit rows for %s, want %d (state and reason/comment rows)", n, action, want)
			}
		}
	})
}

func TestWorkflowNeedsReasonAndVersion(t *testing.T) {
	storetest.Each(t, func(t *testing.T, engine string) {
		ctx := context.Background()
		db := openSmall(t, engine)
		p := kpi.Period{Year: 2024, Quarter: 1}
		save(t, db, "C1", 2024, 1, validQuarter())
		sub, _ := db.Submission(ctx, "C1", p)
		if _, err := db.Submit(ctx, store.Transition{Agency: "C1", Period: p, Actor: "o", Version: sub.Version - 1}); kpi.ErrorCode(err) != kpi.ECONFLICT {
			t.Fatalf("stale submit = %v, want ECONFLICT", err)
		}
		sub, err := db.Submit(ctx, store.Transition{Agency: "C1", Period: p, Actor: "o", Version: sub.Version})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := db.Return(ctx, store.Transition{Agency: "C1", Period: p, Actor: "l", Reason: "  ", Version: sub.Version}); kpi.ErrorCode(err) != kpi.EINVALID {
			t.Fatalf("return without a reason = %v, want EINVALID", err)
		}
		if _, err := db.Approve(ctx, store.Transition{Agency: "NOPE", Period: p, Actor: "l", Version: -1}); kpi.ErrorCode(err) != kpi.ENOTFOUND {
			t.Fatalf("unknown agency = %v", err)
		}
	})
}

// TestLockAfterApproval: an approved quarter refuses every save until it is
// reopened, and its values stay as approved.
func TestLockAfterApproval(t *testing.T) {
	storetest.Each(t, func(t *testing.T, engine string) {
		ctx := context.Background()
		db := openSmall(t, engine)
		p := kpi.Period{Year: 2024, Quarter: 1}
		save(t, db, "C1", 2024, 1, validQuarter())
		sub, _ := db.Submission(ctx, "C1", p)
		sub, err := db.Submit(ctx, store.Transition{Agency: "C1", Period: p, Actor: "o", Version: sub.Version})
		if err == nil {
			sub, err = db.Approve(ctx, store.Transition{Agency: "C1", Period: p, Actor: "l", Version: sub.Version})
		}
		if err != nil {
			t.Fatal(err)
		}
		w := store.ValueWrite{Agency: "C1", Period: p, Values: map[string]*float64{"staff_pc": f(19)}, Version: sub.Version, Actor: "o"}
		if _, err := db.SaveValues(ctx, w); kpi.ErrorCode(err) != kpi.ECONFLICT {
			t.Fatalf("save after approval = %v, want ECONFLICT", err)
		}
		if _, err := db.SubmitValues(ctx, w, ""); kpi.ErrorCode(err) != kpi.ECONFLICT {
			t.Fatalf("submit values after approval = %v, want ECONFLICT", err)
		}
		if v, _ := db.QuarterValues(ctx, "C1", p); v["staff_pc"] != 18 {
			t.Fatalf("an approved value changed: %v", v["staff_pc"])
		}
		sub, err = db.Reopen(ctx, store.Transition{Agency: "C1", Period: p, Actor: "l", Reason: "sai số cán bộ", Version: sub.Version})
		if err != nil {
			t.Fatal(err)
		}
		w.Version = sub.Version
		if _, err := db.SaveValues(ctx, w); err != nil {
			t.Fatalf("save after reopening: %v", err)
		}
	})
}

// TestSubmitValuesAllOrNothing: figures with an error, or with warnings and
// no comment, are neither saved nor submitted.
func TestSubmitValuesAllOrNothing(t *testing.T) {
	storetest.Each(t, func(t *testing.T, engine string) {
		ctx := context.Background()
		db := storetest.OpenDemoOn(t, engine)
		p := kpi.Period{Year: 2022, Quarter: 2}
		e, err := db.Entry(ctx, "14722", p)
		if err != nil {
			t.Fatal(err)
		}
		if e.Submission.State != kpi.StateNotStarted || len(e.Values) != 0 {
			t.Fatalf("the demo's Yên Hòa 2022 Q2 is not empty: %+v", e.Submission)
		}
		vals := map[string]*float64{}
		for code, v := range e.Previous {
			vals[code] = f(v)
		}
		vals["dos_carried"] = f(e.Previous["dos_pending"])
		// Keep the identities: received = online + direct + carried = resolved + pending.
		sumOf := func(codes ...string) float64 {
			s := 0.0
			for _, c := range codes {
				s += *vals[c]
			}
			return s
		}
		*vals["dos_received"] = sumOf("dos_online", "dos_direct", "dos_carried")
		*vals["dos_resolved"] = sumOf("dos_early", "dos_ontime", "dos_late")
		*vals["dos_pending"] = *vals["dos_received"] - *vals["dos_resolved"]
		*vals["dos_pending_ontime"] = *vals["dos_pending"] - *vals["dos_pending_overdue"]
		if c := kpi.ValidateSubmission(storetest.Catalogue(t, db), e.Input(deref(vals))); !c.OK() {
			t.Fatalf("the test quarter is not valid: %+v", c.Errors)
		}
		bad := copyVals(vals)
		*bad["dos_online"] += 1
		w := store.ValueWrite{Agency: "14722", Period: p, Values: bad, Version: 0, Actor: "officer.yenhoa", Source: "test"}
		if _, err := db.SubmitValues(ctx, w, ""); kpi.ErrorCode(err) != kpi.EINVALID || !strings.Contains(kpi.ErrorMessage(err, "vi"), "phải bằng") {
			t.Fatalf("submitting a broken identity = %v", err)
		}
		warn := copyVals(vals)
		*warn["dos_carried"] += 1
		*warn["dos_received"] += 1
		*warn["dos_pending"] += 1
		*warn["dos_pending_ontime"] += 1
		w.Values = warn
		if _, err := db.SubmitValues(ctx, w, ""); kpi.ErrorCode(err) != kpi.EINVALID || !strings.Contains(kpi.ErrorMessage(err, "vi"), "giải trình") {
			t.Fatalf("submitting warnings without a comment = %v", err)
		}
		if v, _ := db.QuarterValues(ctx, "14722", p); len(v) != 0 {
			t.Fatalf("a refused submission saved %d values", len(v))
		}
		sub, err := db.SubmitValues(ctx, w, "Có 1 hồ sơ chuyển từ bộ phận khác.")
		if err != nil || sub.State != kpi.StateSubmitted || sub.Version != 1 || sub.Comment == "" {
			t.Fatalf("submit with a comment = %+v, %v", sub, err)
		}
		if v, _ := db.QuarterValues(ctx, "14722", p); v["dos_carried"] != *warn["dos_carried"] {
			t.Fatalf("the submitted values were not saved: %v", v)
		}
	})
}

// TestEntryReads: the previous quarter, last year and history come from
// the agency's own values.
func TestEntryReads(t *testing.T) {
	storetest.Each(t, func(t *testing.T, engine string) {
		ctx := context.Background()
		db := openSmall(t, engine)
		for _, q := range []struct{ y, q int }{{2023, 1}, {2023, 2}, {2023, 3}, {2023, 4}, {2024, 1}} {
			save(t, db, "C1", q.y, q.q, map[string]*float64{"staff_total": f(float64(q.y*10 + q.q))})
		}
		e, err := db.Entry(ctx, "C1", kpi.Period{Year: 2024, Quarter: 2})
		if err != nil {
			t.Fatal(err)
		}
		if e.Previous["staff_total"] != 20241 || e.LastYear["staff_total"] != 20232 || len(e.Values) != 0 {
			t.Fatalf("previous %v, last year %v, values %v", e.Previous, e.LastYear, e.Values)
		}
		h := e.History["staff_total"]
		if len(h) != 5 || h[0] != 20231 || h[4] != 20241 {
			t.Fatalf("history = %v, want the 5 quarters oldest first", h)
		}
		e, _ = db.Entry(ctx, "C1", kpi.Period{Year: 2023, Quarter: 4})
		if e.Values["staff_total"] != 20234 || len(e.History["staff_total"]) != 3 {
			t.Fatalf("2023 Q4: values %v history %v", e.Values, e.History)
		}
		if _, err := db.Entry(ctx, "NOPE", kpi.Period{Year: 2024, Quarter: 1}); kpi.ErrorCode(err) != kpi.ENOTFOUND {
			t.Fatalf("unknown agency = %v", err)
		}
	})
}

// TestDemoPassesValidation: every quarter of the demo passes the shared
// validation, so officers can save over what the demo left them.
func TestDemoPassesValidation(t *testing.T) {
	storetest.Each(t, func(t *testing.T, engine string) {
		ctx := context.Background()
		db := storetest.OpenDemoOn(t, engine)
		tree, err := db.Tree(ctx)
		if err != nil {
			t.Fatal(err)
		}
		for _, a := range tree.All() {
			for _, p := range []kpi.Period{{Year: 2021, Quarter: 4}, {Year: 2022, Quarter: 1}, {Year: 2022, Quarter: 2}} {
				e, err := db.Entry(ctx, a.Code, p)
				if err != nil {
					t.Fatal(err)
				}
				if c := kpi.ValidateEntry(storetest.Catalogue(t, db), e.Input(e.Values)); !c.OK() {
					t.Errorf("%s %s: %+v", a.Code, p, c.Errors)
				}
			}
		}
	})
}

func deref(m map[string]*float64) map[string]float64 {
	out := map[string]float64{}
	for k, v := range m {
		out[k] = *v
	}
	return out
}

func copyVals(m map[string]*float64) map[string]*float64 {
	out := map[string]*float64{}
	for k, v := range m {
		out[k] = f(*v)
	}
	return out
}

func BenchmarkEntry(b *testing.B) {
	db := storetest.OpenDemo(b)
	ctx := context.Background()
	for b.Loop() {
		if _, err := db.Entry(ctx, "14722", kpi.Period{Year: 2022, Quarter: 1}); err != nil {
			b.Fatal(err)
		}
	}
}
