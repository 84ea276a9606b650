package auth_test

import (
	"errors"
	"testing"

	"parkpi/internal/auth"
	"parkpi/internal/kpi"
	"parkpi/internal/store"
)

func auditRows(t *testing.T, db *store.DB, action string) int {
	t.Helper()
	var n int
	if err := db.Reader().Get(&n, "SELECT COUNT(*) FROM audit_log WHERE entity = 'user' AND action = ?", action); err != nil {
		t.Fatal(err)
	}
	return n
}

// TestUserWritesAudited: every kind of user write leaves its audit rows,
// and every failed write leaves none (the audit row is in the same
// transaction as the write).
func TestUserWritesAudited(t *testing.T) {
	db, svc, _ := demo(t)
	by := auth.Actor{Username: "tester", Source: "test"}
	nu := auth.NewUser{Username: "audit.me", FullName: "Kiểm toán", Role: auth.RoleOfficer, AgencyCode: "14722", Password: "long-enough-pw"}
	u, err := svc.CreateUser(ctx, by, nu)
	if err != nil {
		t.Fatal(err)
	}
	steps := []struct {
		name   string
		action string
		rows   int // audit rows the step adds; 0: the step must fail
		do     func() error
	}{
		{"duplicate create fails", "user.create", 0, func() error { _, err := svc.CreateUser(ctx, by, nu); return err }},
		{"update role and agency", "user.update", 2, func() error {
			return svc.UpdateUser(ctx, by, u.ID, auth.UserChange{FullName: nu.FullName, Role: auth.RoleLeader, AgencyCode: "377"})
		}},
		{"update to an unknown agency fails", "user.update", 0, func() error {
			return svc.UpdateUser(ctx, by, u.ID, auth.UserChange{FullName: "X", Role: auth.RoleStaff, AgencyCode: "nowhere"})
		}},
		{"disable", "user.disable", 1, func() error { return svc.SetDisabled(ctx, by, u.ID, true) }},
		{"enable", "user.enable", 1, func() error { return svc.SetDisabled(ctx, by, u.ID, false) }},
		{"password", "user.password", 1, func() error { return svc.SetPassword(ctx, by, u.ID, "another-long-pw") }},
		{"short password fails", "user.password", 0, func() error { return svc.SetPassword(ctx, by, u.ID, "short") }},
	}
	if n := auditRows(t, db, "user.create"); n != 1+len(seedUsers) {
		t.Fatalf("user.create rows = %d", n)
	}
	for _, st := range steps {
		before := auditRows(t, db, st.action)
		err := st.do()
		if (err != nil) != (st.rows == 0) {
			t.Fatalf("%s: err = %v", st.name, err)
		}
		if got := auditRows(t, db, st.action) - before; got != st.rows {
			t.Errorf("%s: %d audit rows, want %d", st.name, got, st.rows)
		}
	}
	var oldRole, newRole, field string
	if err := db.Reader().QueryRow("SELECT old_value, new_value, field FROM audit_log WHERE action = 'user.update' AND field LIKE '%:role'").
		Scan(&oldRole, &newRole, &field); err != nil || oldRole != "officer" || newRole != "leader" || field != "audit.me:role" {
		t.Fatalf("role change audited as %q: %q -> %q (%v)", field, oldRole, newRole, err)
	}
}

// seedUsers are the demo users the demo seed created (not the admin).
var seedUsers = []string{"leader", "staff", "officer.yenhoa", "officer.yenmo", "officer.sotuphap", "disabled.user"}

func TestLastAdminStays(t *testing.T) {
	_, svc, _ := demo(t)
	by := auth.Actor{Username: "tester"}
	admin, err := svc.CreateUser(ctx, by, auth.NewUser{Username: "only.admin", FullName: "A", Role: auth.RoleAdmin, AgencyCode: "37", Password: "long-enough-pw"})
	if err != nil {
		t.Fatal(err)
	}
	if err := svc.SetDisabled(ctx, by, admin.ID, true); kpi.ErrorCode(err) != kpi.ECONFLICT {
		t.Fatalf("disabling the last admin: %v", err)
	}
	if err := svc.UpdateUser(ctx, by, admin.ID, auth.UserChange{FullName: "A", Role: auth.RoleStaff, AgencyCode: "37"}); kpi.ErrorCode(err) != kpi.ECONFLICT {
		t.Fatalf("demoting the last admin: %v", err)
	}
	if err := svc.SetDisabled(ctx, auth.Actor{Username: "only.admin"}, admin.ID, true); kpi.ErrorCode(err) != kpi.ECONFLICT {
		t.Fatalf("self-disable: %v", err)
	}
}

func TestNewUserValidation(t *testing.T) {
	fe := auth.NewUser{Username: "Bad Name!", Role: "boss", Password: "short"}.Validate()
	for _, f := range []string{auth.FieldUsername, auth.FieldFullName, auth.FieldRole, auth.FieldAgency, auth.FieldPassword} {
		if fe[f] == nil {
			t.Errorf("no error for %s", f)
		}
	}
	var err error = fe
	var got auth.FieldErrors
	if !errors.As(err, &got) || kpi.ErrorCode(err) != kpi.EINVALID {
		t.Fatalf("FieldErrors is not an EINVALID error: %v", err)
	}
	if ok := (auth.NewUser{Username: "Ok.User_1", FullName: "Tên", Role: auth.RoleStaff, AgencyCode: "37", Password: "ten chars!"}).Validate(); len(ok) != 0 {
		t.Fatalf("a valid user was refused: %v", ok)
	}
}
