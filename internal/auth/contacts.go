package auth

import (
	"context"
	"net/mail"
	"strings"

	"parkpi/internal/kpi"
	"parkpi/internal/store"
)

// FieldEmail is the contact form's address field.
const FieldEmail = "email"

// CheckEmail says what is wrong with an address reminders are to go to,
// or nil; "" is allowed (no reminder emails).
func CheckEmail(addr string) error {
	if addr == "" {
		return nil
	}
	a, err := mail.ParseAddress(addr)
	if err != nil || a.Address != addr || len(addr) > 254 || !strings.Contains(addr[strings.LastIndexByte(addr, '@'):], ".") {
		return kpi.Errorf(kpi.EINVALID, "Địa chỉ email “%s” không hợp lệ; nhập dạng ten@donvi.gov.vn.",
			"The email address “%s” is not valid; type it as name@agency.gov.vn.", addr)
	}
	return nil
}

// SetContact sets where u's reminders go and whether u wants them by
// email, audited; by is u, or an administrator on the command line.
func (s *Service) SetContact(ctx context.Context, by Actor, u *User, email string, remindersOff bool) error {
	email = strings.TrimSpace(email)
	if err := CheckEmail(email); err != nil {
		return FieldErrors{FieldEmail: err.(*kpi.Error)}
	}
	return s.db.SetContact(ctx, store.ContactWrite{Contact: store.Contact{UserID: u.ID, Email: email, RemindersOff: remindersOff},
		Actor: by.Username, Source: by.Source})
}
