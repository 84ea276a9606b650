package store_test

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"parkpi/internal/kpi"
	"parkpi/internal/store"
	"parkpi/internal/store/storetest"
)

// changes collects what a store's OnChange tells.
type changes struct {
	mu       sync.Mutex
	agencies map[int64]int
	all      int
}

func listen(db *store.DB) *changes {
	c := &changes{agencies: map[int64]int{}}
	db.OnChange(func(ch store.Change) {
		c.mu.Lock()
		defer c.mu.Unlock()
		if ch.All {
			c.all++
		}
		for _, id := range ch.Agencies {
			c.agencies[id]++
		}
	})
	return c
}

func (c *changes) seen(id int64) (int, int) {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.agencies[id], c.all
}

// TestOtherInstanceHearsEveryCommit: a save through one instance is known
// to the other as soon as the other's CheckChanges returns — every time,
// not only eventually (the exactness a cache needs for "on the next
// request") — and a change of the tree is heard as "all".
func TestOtherInstanceHearsEveryCommit(t *testing.T) {
	storetest.Each(t, func(t *testing.T, engine string) {
		ctx := context.Background()
		a, b := openTreeTwice(t, engine, smallTree)
		heard := listen(b)
		c1, err := b.Agency(ctx, "C1")
		if err != nil {
			t.Fatal(err)
		}
		for i := 1; i <= 30; i++ {
			save(t, a, "C1", 2021, 1+i%4, map[string]*float64{"hours_cut": f(float64(i))})
			if err := b.CheckChanges(ctx); err != nil {
				t.Fatal(err)
			}
			if n, all := heard.seen(c1.ID); n+all < i {
				t.Fatalf("after save %d through the other instance, heard %d changes of C1 and %d of all", i, n, all)
			}
		}
		_, allBefore := heard.seen(c1.ID)
		if _, err := a.CreateAgency(ctx, store.AgencyWrite{Code: "C9", ParentCode: "D", Kind: kpi.KindCommune, Name: "Xã 9", Actor: "admin"}); err != nil {
			t.Fatal(err)
		}
		if err := b.CheckChanges(ctx); err != nil {
			t.Fatal(err)
		}
		if _, all := heard.seen(c1.ID); all != allBefore+1 {
			t.Fatalf("a new agency through the other instance: heard %d changes of all, want %d", all, allBefore+1)
		}
		if tree, err := b.Tree(ctx); err != nil || tree.Get("C9") == nil {
			t.Fatalf("the other instance's tree lacks the new agency (%v)", err)
		}
		if got := figure(t, b, "P", 2021, 0, "hours_cut"); got.Value != 30+29+28+27 {
			t.Fatalf("the other instance reads hours_cut %v", got)
		}
	})
}

// TestConstraintsBecomeWords: what the database refuses for a constraint
// reaches the caller as the domain's coded error, never an internal one —
// a username taken by a write through the other instance at the same
// moment, a contact for an account that does not exist.
func TestConstraintsBecomeWords(t *testing.T) {
	storetest.Each(t, func(t *testing.T, engine string) {
		ctx := context.Background()
		a, b := openTreeTwice(t, engine, smallTree)
		var wg sync.WaitGroup
		errs := make([]error, 8)
		for i := range errs {
			db := []*store.DB{a, b}[i%2]
			wg.Go(func() {
				_, errs[i] = db.CreateUser(ctx, store.UserWrite{Username: "same.name", FullName: "X", Role: "officer",
					AgencyCode: "C1", Hash: "x", Actor: "admin", Source: "test"})
			})
		}
		wg.Wait()
		created := 0
		for _, err := range errs {
			var fe store.UserFieldErrors
			switch {
			case err == nil:
				created++
			case errors.As(err, &fe) && fe[store.UserFieldUsername] != nil:
			default:
				t.Errorf("a second account of one username: %v, want the username's field error", err)
			}
		}
		if created != 1 {
			t.Fatalf("%d accounts made of one username, want 1", created)
		}
		// A username another transaction has inserted and not yet
		// committed: the new account's own check cannot see it, the
		// constraint refuses it once the other commits.
		tx, err := a.Reader().BeginTx(ctx, nil)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := tx.Exec(a.Reader().Rebind(`INSERT INTO users (username, role, agency_id, password_hash, created_at, updated_at)
			SELECT 'held.name', 'officer', id, 'x', 0, 0 FROM agencies WHERE code = 'C1'`)); err != nil {
			t.Fatal(err)
		}
		held := make(chan error, 1)
		go func() {
			_, err := b.CreateUser(ctx, store.UserWrite{Username: "held.name", FullName: "Y", Role: "officer", AgencyCode: "C1", Hash: "y", Actor: "admin"})
			held <- err
		}()
		time.Sleep(200 * time.Millisecond) // let the new account reach its insert
		if err := tx.Commit(); err != nil {
			t.Fatal(err)
		}
		var fe store.UserFieldErrors
		if err := <-held; !errors.As(err, &fe) || fe[store.UserFieldUsername] == nil {
			t.Fatalf("an account of a username committed meanwhile: %v, want the username's field error", err)
		}
		err = a.SetContact(ctx, store.ContactWrite{Contact: store.Contact{UserID: 999999, Email: "x@y.vn"}, Actor: "admin"})
		if code := kpi.ErrorCode(err); code != kpi.ECONFLICT {
			t.Fatalf("a contact of no account: %v (%s), want a conflict in words", err, code)
		}
	})
}

// TestJobAnswersOnEveryInstance: a job recorded and finished through one
// instance is seen, with its file, through the other; another user's job is
// not found; a job that failed says why in both languages; finished jobs
// past their keeping are removed by the next job.
func TestJobAnswersOnEveryInstance(t *testing.T) {
	storetest.Each(t, func(t *testing.T, engine string) {
		ctx := context.Background()
		a, b := openTreeTwice(t, engine, smallTree)
		id, err := a.CreateJob(ctx, store.NewJob{Owner: "leader", Name: "tong-hop.xlsx", Keep: time.Hour})
		if err != nil {
			t.Fatal(err)
		}
		if j, err := b.Job(ctx, id, "leader"); err != nil || j.State != store.JobRunning || j.Name != "tong-hop.xlsx" {
			t.Fatalf("the running job on the other instance: %+v (%v)", j, err)
		}
		file := []byte("PK\x03\x04 a workbook")
		if err := a.FinishJob(ctx, id, file, nil); err != nil {
			t.Fatal(err)
		}
		if got, err := b.JobFile(ctx, id, "leader"); err != nil || string(got) != string(file) {
			t.Fatalf("the file on the other instance: %q (%v)", got, err)
		}
		if _, err := b.Job(ctx, id, "staff"); kpi.ErrorCode(err) != kpi.ENOTFOUND {
			t.Fatalf("another user's job: %v, want not found", err)
		}
		failed, err := b.CreateJob(ctx, store.NewJob{Owner: "leader", Name: "x.xlsx", Keep: time.Hour})
		if err != nil {
			t.Fatal(err)
		}
		if err := b.FinishJob(ctx, failed, nil, kpi.Errorf(kpi.EINVALID, "Năm không hợp lệ.", "The year is not valid.")); err != nil {
			t.Fatal(err)
		}
		if j, err := a.Job(ctx, failed, "leader"); err != nil || j.State != store.JobFailed || j.Failure.MessageEN != "The year is not valid." {
			t.Fatalf("the failed job: %+v (%v)", j, err)
		}
		a.SetClock(func() time.Time { return time.Now().Add(2 * time.Hour) })
		if _, err := a.CreateJob(ctx, store.NewJob{Owner: "leader", Name: "later.xlsx", Keep: time.Hour}); err != nil {
			t.Fatal(err)
		}
		if _, err := b.Job(ctx, id, "leader"); kpi.ErrorCode(err) != kpi.ENOTFOUND {
			t.Fatalf("a job finished past its keeping: %v, want removed", err)
		}
	})
}
