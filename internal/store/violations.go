package store

import (
	"errors"
	"slices"
	"strings"

	"parkpi/internal/kpi"
)

// domainError turns what the engine refused for a constraint into the
// domain's words: a unique violation is something that already exists, a
// foreign-key violation something that refers to what is not there (or no
// longer). Constraints a write can meet in normal use — a username or an
// agency code taken by a write at the same moment — have their own
// message; every other one a general one. Nothing of the kind reaches a
// user as an internal error.
func (db *DB) domainError(err error) error {
	if err == nil {
		return nil
	}
	var coded *kpi.Error
	if errors.As(err, &coded) {
		return err
	}
	v, ok := db.eng.Violation(err)
	if !ok {
		return err
	}
	if v.Kind == ForeignKeyViolation {
		return kpi.Errorf(kpi.ECONFLICT, "Dữ liệu này tham chiếu tới một mục không có (hoặc vừa bị thay đổi); hãy tải lại trang và thử lại.",
			"This refers to something that is not there (or was just changed); reload the page and try again.")
	}
	for _, known := range knownUniques {
		if known.table == v.Table && slices.Equal(known.columns, v.Columns) {
			return known.err
		}
	}
	what := v.Table
	if len(v.Columns) > 0 {
		what += " (" + strings.Join(v.Columns, ", ") + ")"
	}
	return kpi.Errorf(kpi.ECONFLICT, "Dữ liệu này đã có (%s), có thể vừa được lưu cùng lúc; hãy tải lại trang.",
		"This already exists (%s), perhaps saved at the same moment; reload the page.", what)
}

// knownUniques are the unique constraints two people can meet at the same
// moment, with what to tell them.
var knownUniques = []struct {
	table   string
	columns []string
	err     error
}{
	{"users", []string{"username"}, ErrUsernameTaken},
	{"agencies", []string{"code"}, kpi.Errorf(kpi.EINVALID, "Mã cơ quan này đã có.", "This agency code is already taken.")},
}

// ErrUsernameTaken is the refusal of a new account whose username another
// account has.
var ErrUsernameTaken = kpi.Errorf(kpi.EINVALID, "Tên đăng nhập này đã có người dùng.", "This username is taken.")
