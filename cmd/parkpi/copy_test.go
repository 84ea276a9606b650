package main

import (
	"net/http"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"parkpi/internal/store/storetest"
)

// overviewPaths are the answers a copy must give as its source did: the
// province's overview of an approved year and of the year being reported
// (every state), its ranking, an agency's page and the cockpit's counts.
var overviewPaths = []string{
	"/api/v1/overview?year=2021",
	"/api/v1/overview?year=2022&quarter=2&state=all",
	"/api/v1/overview?year=2022&state=submitted",
	"/api/v1/ranking?year=2021&indicator=ontime_rate&per_page=100",
	"/api/v1/agencies/377?year=2021",
}

// answers serves target and returns the leader's answers to overviewPaths.
// asOfField is the overview's time of reading its totals.
var asOfField = regexp.MustCompile(`"totals_as_of":"[^"]*"`)

func answers(t *testing.T, target string) []string {
	t.Helper()
	in := startInstance(t, target)
	c := loggedIn(t, in.base, "leader")
	var out []string
	for _, p := range overviewPaths {
		st, body := fetch(t, c, "GET", in.base+p, "", nil)
		if st != http.StatusOK {
			t.Fatalf("GET %s on %s = %d: %.300s", p, target, st, body)
		}
		out = append(out, asOfField.ReplaceAllString(body, `"totals_as_of":"…"`)) // when it was read differs, not what
	}
	if err := in.stop(); err != nil {
		t.Fatal(err)
	}
	return out
}

// TestCopyBetweenEngines moves the demo from a SQLite file to a new
// PostgreSQL database and from there to a new SQLite file with `parkpi
// copy`: every answer of the overview, the ranking and an agency's page is
// the same on all three, the copy refuses a destination that holds data,
// and the copy takes new rows (its identity counters moved past the copied
// ones).
func TestCopyBetweenEngines(t *testing.T) {
	file := storetest.DemoFile(t)
	pg := storetest.PostgresURL(t)
	back := filepath.Join(t.TempDir(), "back.db")
	for _, c := range []struct{ from, to string }{{file, pg}, {pg, back}} {
		out, err := run(t, nil, "copy", "--from", c.from, "--to", c.to)
		if err != nil || !strings.Contains(out, "174 agencies") {
			t.Fatalf("copy %s to %s: %q, %v", c.from, c.to, out, err)
		}
	}
	if _, err := run(t, nil, "copy", "--from", file, "--to", pg); err == nil || !strings.Contains(cliMessage(err), "already holds data") {
		t.Fatalf("a copy into a database that holds data: %v, want it refused", err)
	}
	want := answers(t, file)
	for _, target := range []string{pg, back} {
		got := answers(t, target)
		for i := range want {
			if got[i] != want[i] {
				t.Errorf("%s after the copy differs from the source:\n got %.400s\nwant %.400s", overviewPaths[i], got[i], want[i])
			}
		}
		out, err := run(t, nil, "user", "add", "new.officer", "--role", "officer", "--agency", "14722", "--name", "Cán bộ mới",
			"--password", "a-long-password", "--db", target)
		if err != nil || !strings.Contains(out, "added") {
			t.Fatalf("a new user on the copy %s: %q, %v", target, out, err)
		}
	}
}
