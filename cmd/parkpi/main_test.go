package main

import (
	"bytes"
	"path/filepath"
	"strings"
	"testing"

	"parkpi/internal/store/storetest"
)

// run executes the CLI with args and an environment, returning its output.
func run(t *testing.T, env map[string]string, args ...string) (string, error) {
	t.Helper()
	root := newRoot(func(k string) string { return env[k] })
	var out bytes.Buffer
	root.SetOut(&out)
	root.SetErr(&out)
	root.SetArgs(args)
	err := root.Execute()
	return out.String(), err
}

func TestCLI(t *testing.T) {
	db := filepath.Join(t.TempDir(), "cli.db")
	tests := []struct {
		name    string
		env     map[string]string
		args    []string
		wantOut string
		wantErr string
	}{
		{"version", nil, []string{"version"}, "parkpi dev", ""},
		{"help", nil, []string{"serve", "--help"}, "--addr", ""},
		{"unknown flag", nil, []string{"serve", "--nope"}, "", "unknown flag: --nope"},
		{"unknown command", nil, []string{"fly"}, "", "unknown command"},
		{"stray argument", nil, []string{"migrate", "extra", "--db", db}, "", "unknown command"},
		{"bad env", map[string]string{"PARKPI_DEADLINE_DAYS": "soon"}, []string{"migrate", "--db", db}, "", "PARKPI_DEADLINE_DAYS"},
		{"seed needs --demo", nil, []string{"seed", "--db", db}, "", "--demo"},
		{"migrate", nil, []string{"migrate", "--db", db}, "schema version", ""},
		{"seed", map[string]string{"PARKPI_DB": db}, []string{"seed", "--demo"}, "demo data loaded", ""},
		{"seed twice", map[string]string{"PARKPI_DB": db}, []string{"seed", "--demo"}, "", "already holds data"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			out, err := run(t, tc.env, tc.args...)
			if tc.wantErr != "" {
				if err == nil || !strings.Contains(cliMessage(err), tc.wantErr) {
					t.Fatalf("error = %v, want one containing %q", err, tc.wantErr)
				}
				return
			}
			if err != nil || !strings.Contains(out, tc.wantOut) {
				t.Fatalf("out = %q, err = %v; want %q", out, err, tc.wantOut)
			}
		})
	}
}

// TestMain stops the throwaway PostgreSQL cluster the tests may start.
func TestMain(m *testing.M) { storetest.Main(m) }
