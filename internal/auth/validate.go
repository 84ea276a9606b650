package auth

import (
	"strings"
	"unicode/utf8"

	"parkpi/internal/kpi"
)

// Field keys of user forms: the web form's input names and the keys of
// FieldErrors are the same constants, so a message cannot miss its field.
const (
	FieldUsername = "username"
	FieldFullName = "full_name"
	FieldRole     = "role"
	FieldAgency   = "agency"
	FieldPassword = "password"
)

// fieldOrder is the order messages are joined in, as on the form.
var fieldOrder = []string{FieldUsername, FieldFullName, FieldRole, FieldAgency, FieldPassword, FieldEmail}

// FieldErrors maps a field key to what is wrong with it. As an error it
// unwraps to one EINVALID kpi error that lists every message, so callers
// without a form (the CLI) still say everything.
type FieldErrors map[string]*kpi.Error

func (fe FieldErrors) Error() string { return fe.Unwrap().Error() }

// Unwrap joins the messages in form order.
func (fe FieldErrors) Unwrap() error {
	var vi, en []string
	for _, f := range fieldOrder {
		if e := fe[f]; e != nil {
			vi, en = append(vi, e.MessageVI), append(en, e.MessageEN)
		}
	}
	return &kpi.Error{Code: kpi.EINVALID, MessageVI: strings.Join(vi, " "), MessageEN: strings.Join(en, " ")}
}

// orNil returns nil for no errors, so callers can return it as an error.
func (fe FieldErrors) orNil() error {
	if len(fe) == 0 {
		return nil
	}
	return fe
}

// NewUser is what creating an account needs.
type NewUser struct {
	Username   string
	FullName   string
	Role       Role
	AgencyCode string
	Password   string
}

// UserChange is what an admin may change on an account besides its
// password and whether it is disabled.
type UserChange struct {
	FullName   string
	Role       Role
	AgencyCode string
}

// NormalizeUsername is the stored form of a username: trimmed, lower case,
// so "Admin" and "admin" are one account.
func NormalizeUsername(s string) string { return strings.ToLower(strings.TrimSpace(s)) }

// validUsernameChar allows what is safe to type, print and put in a URL.
func validUsernameChar(r rune) bool {
	return (r >= 'a' && r <= 'z') || (r >= '0' && r <= '9') || r == '.' || r == '_' || r == '-'
}

func checkUsername(name string) *kpi.Error {
	n := utf8.RuneCountInString(name)
	if n < 3 || n > 40 || strings.IndexFunc(name, func(r rune) bool { return !validUsernameChar(r) }) >= 0 {
		return kpi.Errorf(kpi.EINVALID,
			"Tên đăng nhập phải dài 3–40 ký tự, chỉ gồm chữ thường không dấu, số và . _ -",
			"The username must be 3–40 characters: lower-case letters, digits and . _ - only.")
	}
	if IsSystemActor(name) {
		return kpi.Errorf(kpi.EINVALID, "Tên đăng nhập “%s” dành cho hệ thống; hãy chọn tên khác.",
			"The username “%s” is reserved for the system; choose another.", name)
	}
	return nil
}

// check validates the change's fields; the agency's existence is checked
// against the database in the writing transaction.
func (c UserChange) check(fe FieldErrors) {
	name := strings.TrimSpace(c.FullName)
	if name == "" {
		fe[FieldFullName] = kpi.Errorf(kpi.EINVALID, "Vui lòng nhập họ và tên.", "Please enter the full name.")
	} else if utf8.RuneCountInString(name) > 100 {
		fe[FieldFullName] = kpi.Errorf(kpi.EINVALID, "Họ và tên dài quá (tối đa 100 ký tự).", "The full name is too long (at most 100 characters).")
	}
	if !c.Role.Valid() {
		fe[FieldRole] = kpi.Errorf(kpi.EINVALID, "Vui lòng chọn vai trò.", "Please choose a role.")
	}
	if strings.TrimSpace(c.AgencyCode) == "" {
		fe[FieldAgency] = kpi.Errorf(kpi.EINVALID, "Vui lòng chọn cơ quan.", "Please choose an agency.")
	}
}

// Validate checks every field of a new user but the agency's existence and
// the username's uniqueness, which need the database.
func (n NewUser) Validate() FieldErrors {
	fe := FieldErrors{}
	if err := checkUsername(NormalizeUsername(n.Username)); err != nil {
		fe[FieldUsername] = err
	}
	UserChange{FullName: n.FullName, Role: n.Role, AgencyCode: n.AgencyCode}.check(fe)
	if err := checkPassword(n.Password); err != nil {
		fe[FieldPassword] = err
	}
	return fe
}

// Validate checks the fields of a change.
func (c UserChange) Validate() FieldErrors {
	fe := FieldErrors{}
	c.check(fe)
	return fe
}

// CheckPassword says what is wrong with a new password, or nil.
func CheckPassword(pw string) error {
	if err := checkPassword(pw); err != nil {
		return err
	}
	return nil
}
