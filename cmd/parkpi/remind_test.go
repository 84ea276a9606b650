package main

import (
	"strings"
	"testing"

	"parkpi/internal/store/storetest"
)

// TestRemindCLI: the dry run lists the notices due on a day and records
// nothing; the run records the same (in the application only, without an
// SMTP server); after it the dry run lists nothing.
func TestRemindCLI(t *testing.T) {
	env := map[string]string{"PARKPI_DB": storetest.DemoFile(t)}
	dry, err := run(t, env, "remind", "--dry-run", "--today", "2022-07-16")
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"officer.yenhoa", "officer.sotuphap", "leader", "deadline:2022-Q2:1", "digest:2022-Q2:1",
		"would be recorded", "in the application only"} {
		if !strings.Contains(dry, want) {
			t.Errorf("dry run lacks %q:\n%s", want, dry)
		}
	}
	if strings.Contains(dry, "disabled.user") || strings.Contains(dry, "admin") {
		t.Errorf("disabled users and admins get no reminders:\n%s", dry)
	}
	out, err := run(t, env, "remind", "--today", "2022-07-16")
	if err != nil {
		t.Fatal(err)
	}
	if lines(out) != lines(dry) || !strings.Contains(out, "in_app") {
		t.Fatalf("the run did other than the dry run said:\n%s\nvs\n%s", out, dry)
	}
	if again, _ := run(t, env, "remind", "--dry-run", "--today", "2022-07-16"); !strings.Contains(again, "0 notices") {
		t.Fatalf("after the run the dry run lists:\n%s", again)
	}
	if _, err := run(t, env, "remind", "--today", "16/07/2022"); err == nil || !strings.Contains(cliMessage(err), "2022-07-16") {
		t.Fatalf("bad --today: %v", err)
	}
}

func lines(s string) int { return strings.Count(s, "\n") }
