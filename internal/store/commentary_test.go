package store_test

import (
	"context"
	"strings"
	"sync"
	"testing"

	"parkpi/internal/kpi"
	"parkpi/internal/store"
	"parkpi/internal/store/storetest"
)

// commentOn is a write of one comment on steps_cut of agency D for 2021.
func commentOn(kind, text string, version int) store.CommentWrite {
	return store.CommentWrite{Comment: kpi.Comment{Agency: "D", Period: kpi.Period{Year: 2021}, Indicator: "steps_cut", Kind: kind, Text: text},
		Version: version, Actor: "writer", ActorName: "Nguyễn Văn A", Source: "test"}
}

func TestCommentarySaveEditDelete(t *testing.T) {
	storetest.Each(t, func(t *testing.T, engine string) {
		db := openSmall(t, engine)
		ctx := context.Background()
		var changed []store.Change
		var mu sync.Mutex
		db.OnChange(func(c store.Change) { mu.Lock(); changed = append(changed, c); mu.Unlock() })
		saved, err := db.SaveComment(ctx, commentOn(kpi.CommentExplanation, "Cắt giảm nhờ liên thông.", 0))
		if err != nil {
			t.Fatal(err)
		}
		if saved.Version != 1 || saved.Author != "writer" || saved.AuthorName != "Nguyễn Văn A" || saved.At.IsZero() {
			t.Fatalf("saved = %+v", saved)
		}
		group := store.CommentWrite{Comment: kpi.Comment{Agency: "D", Period: kpi.Period{Year: 2021}, Group: "tthc",
			Kind: kpi.CommentAssessment, Text: "Hoàn thành tốt.", Public: true}, Actor: "leader", Source: "test"}
		if _, err := db.SaveComment(ctx, group); err != nil {
			t.Fatal(err)
		}
		// An edit from a stale version is a conflict and changes nothing.
		if _, err := db.SaveComment(ctx, commentOn(kpi.CommentExplanation, "Khác", 0)); kpi.ErrorCode(err) != kpi.ECONFLICT {
			t.Fatalf("stale edit: %v, want a conflict", err)
		} else if !strings.Contains(kpi.ErrorMessage(err, "vi"), "Nguyễn Văn A") {
			t.Fatalf("the conflict does not name who wrote: %v", kpi.ErrorMessage(err, "vi"))
		}
		if _, err := db.SaveComment(ctx, commentOn(kpi.CommentExplanation, "Cắt giảm nhờ liên thông điện tử.", 1)); err != nil {
			t.Fatal(err)
		}
		got, err := db.Commentary(ctx, store.CommentFilter{Agency: "D", Period: kpi.Period{Year: 2021}})
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != 2 || got[0].Subject() != "group:tthc" || got[1].Text != "Cắt giảm nhờ liên thông điện tử." || got[1].Version != 2 {
			t.Fatalf("commentary = %+v", got)
		}
		public, _ := db.Commentary(ctx, store.CommentFilter{Agency: "D", Period: kpi.Period{Year: 2021}, PublicOnly: true})
		if len(public) != 1 || public[0].Group != "tthc" {
			t.Fatalf("public commentary = %+v", public)
		}
		other, _ := db.Commentary(ctx, store.CommentFilter{Agency: "D", Period: kpi.Period{Year: 2021, Quarter: 1}})
		if len(other) != 0 {
			t.Fatalf("a quarter shows the year's commentary: %+v", other)
		}
		if err := db.DeleteComment(ctx, commentOn(kpi.CommentExplanation, "", 1)); kpi.ErrorCode(err) != kpi.ECONFLICT {
			t.Fatalf("stale delete: %v, want a conflict", err)
		}
		if err := db.DeleteComment(ctx, commentOn(kpi.CommentExplanation, "", 2)); err != nil {
			t.Fatal(err)
		}
		got, _ = db.Commentary(ctx, store.CommentFilter{Agency: "D", Period: kpi.Period{Year: 2021}})
		if len(got) != 1 {
			t.Fatalf("after the delete: %+v", got)
		}
		var trail []string
		if err := db.Reader().Select(&trail, `SELECT action || ' ' || field || ' ' || old_value || ' > ' || new_value FROM audit_log
			WHERE entity = 'commentary' ORDER BY id`); err != nil {
			t.Fatal(err)
		}
		want := []string{
			"commentary.save indicator:steps_cut/explanation  > Cắt giảm nhờ liên thông.",
			"commentary.save group:tthc/assessment  > Hoàn thành tốt.",
			"commentary.public group:tthc/assessment/public 0 > 1",
			"commentary.save indicator:steps_cut/explanation Cắt giảm nhờ liên thông. > Cắt giảm nhờ liên thông điện tử.",
			"commentary.delete indicator:steps_cut/explanation Cắt giảm nhờ liên thông điện tử. > ",
		}
		if strings.Join(trail, "\n") != strings.Join(want, "\n") {
			t.Fatalf("audit trail:\n%s\nwant:\n%s", strings.Join(trail, "\n"), strings.Join(want, "\n"))
		}
		mu.Lock()
		defer mu.Unlock()
		if len(changed) != 4 || len(changed[0].Agencies) != 1 {
			t.Fatalf("changes told = %+v, want one per write (the caches of D drop)", changed)
		}
	})
}

func TestCommentaryRefusesBadInput(t *testing.T) {
	storetest.Each(t, func(t *testing.T, engine string) {
		db := openSmall(t, engine)
		ctx := context.Background()
		long := strings.Repeat("ạ", kpi.MaxCommentRunes+1)
		cases := map[string]store.CommentWrite{
			"empty":           commentOn(kpi.CommentExplanation, "  \n ", 0),
			"too long":        commentOn(kpi.CommentExplanation, long, 0),
			"control":         commentOn(kpi.CommentExplanation, "a\x00b", 0),
			"unknown kind":    commentOn("praise", "x", 0),
			"unknown subject": {Comment: kpi.Comment{Agency: "D", Period: kpi.Period{Year: 2021}, Indicator: "nope", Kind: kpi.CommentExplanation, Text: "x"}},
			"both subjects":   {Comment: kpi.Comment{Agency: "D", Period: kpi.Period{Year: 2021}, Indicator: "steps_cut", Group: "tthc", Kind: kpi.CommentExplanation, Text: "x"}},
			"no subject":      {Comment: kpi.Comment{Agency: "D", Period: kpi.Period{Year: 2021}, Kind: kpi.CommentExplanation, Text: "x"}},
			"bad quarter":     {Comment: kpi.Comment{Agency: "D", Period: kpi.Period{Year: 2021, Quarter: 5}, Group: "tthc", Kind: kpi.CommentExplanation, Text: "x"}},
		}
		for name, w := range cases {
			if _, err := db.SaveComment(ctx, w); kpi.ErrorCode(err) != kpi.EINVALID {
				t.Errorf("%s: %v, want invalid", name, err)
			}
		}
		w := commentOn(kpi.CommentExplanation, "x", 0)
		w.Comment.Agency = "NO-SUCH"
		if _, err := db.SaveComment(ctx, w); kpi.ErrorCode(err) != kpi.ENOTFOUND {
			t.Errorf("unknown agency: %v, want not found", err)
		}
		var n int
		if err := db.Reader().Get(&n, "SELECT COUNT(*) FROM commentary"); err != nil || n != 0 {
			t.Fatalf("refused writes stored %d comments (%v)", n, err)
		}
	})
}
