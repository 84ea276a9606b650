package seed

import (
	"context"
	"errors"

	"parkpi/internal/auth"
	"parkpi/internal/store"
)

// DemoPassword is the password of every demo user. It is public (printed at
// start, written in the README): demo databases only.
const DemoPassword = "parkpi-demo"

// AdminUsername is the account a fresh database gets.
const AdminUsername = "admin"

// DemoUsers are the demo's accounts: one per role, officers at three levels,
// and a disabled one.
var DemoUsers = []auth.NewUser{
	{Username: "leader", FullName: "Lãnh đạo UBND tỉnh", Role: auth.RoleLeader, AgencyCode: "37"},
	{Username: "staff", FullName: "Chuyên viên Sở Nội vụ", Role: auth.RoleStaff, AgencyCode: "37"},
	{Username: "officer.yenhoa", FullName: "Cán bộ UBND xã Yên Hòa", Role: auth.RoleOfficer, AgencyCode: "14722"},
	{Username: "officer.yenmo", FullName: "Cán bộ UBND huyện Yên Mô", Role: auth.RoleOfficer, AgencyCode: "377"},
	{Username: "officer.sotuphap", FullName: "Cán bộ Sở Tư pháp", Role: auth.RoleOfficer, AgencyCode: "37-S03"},
	{Username: "disabled.user", FullName: "Tài khoản đã khóa", Role: auth.RoleOfficer, AgencyCode: "14722"},
}

// demoUsers adds the demo accounts with the demo password; the last one is
// disabled, for tests and for showing what a disabled account looks like.
func demoUsers(ctx context.Context, db *store.DB) error {
	svc := auth.New(db)
	by := auth.Actor{Username: Actor, Source: "demo"}
	for _, nu := range DemoUsers {
		nu.Password = DemoPassword
		u, err := svc.CreateUser(ctx, by, nu)
		if err != nil {
			return err
		}
		if u.Username == "disabled.user" {
			if err := svc.SetDisabled(ctx, by, u.ID, true); err != nil {
				return err
			}
		}
	}
	return nil
}

// Admin makes sure the database has an administrator: when it has none, it
// creates "admin", scoped at the root agency, with a random password that
// it returns so the caller prints it once. It returns "" when an admin
// already exists. The password is never stored in clear nor logged here.
func Admin(ctx context.Context, db *store.DB) (string, error) {
	svc := auth.New(db)
	users, err := svc.Users(ctx)
	if err != nil {
		return "", err
	}
	for _, u := range users {
		if u.Role == auth.RoleAdmin {
			return "", nil
		}
	}
	root, err := db.RootAgency(ctx)
	if err != nil {
		return "", err
	}
	pw, err := auth.GeneratePassword()
	if err != nil {
		return "", err
	}
	_, err = svc.CreateUser(ctx, auth.Actor{Username: Actor, Source: "start"}, auth.NewUser{
		Username: AdminUsername, FullName: "Quản trị hệ thống", Role: auth.RoleAdmin, AgencyCode: root.Code, Password: pw})
	var fe auth.FieldErrors
	if errors.As(err, &fe) && fe[auth.FieldUsername] != nil {
		return "", nil // another instance starting at the same moment made it
	}
	if err != nil {
		return "", err
	}
	return pw, nil
}
