package store

import (
	"context"
	"database/sql"
	"errors"

	"github.com/jmoiron/sqlx"

	"parkpi/internal/kpi"
)

// CommentFilter selects the commentary of one agency and period (quarter
// 0: the whole year); PublicOnly keeps only what a leader marked public.
type CommentFilter struct {
	Agency     string
	Period     kpi.Period
	PublicOnly bool
}

// CommentWrite is a save or a removal of one comment. Version is the
// comment's version the writer saw (0: there was none), so that two
// people editing the same comment never overwrite each other unseen.
type CommentWrite struct {
	Comment   kpi.Comment // agency, period, subject, kind, text, public
	Version   int
	Actor     string // username, kept as the author and in the audit log
	ActorName string // the author's full name as it is now
	Source    string // "form" or "api"
}

// commentRow is a comment as stored.
type commentRow struct {
	Agency     string `db:"code"`
	Year       int    `db:"year"`
	Period     string `db:"period"`
	Indicator  int64  `db:"indicator_id"`
	Group      string `db:"group_code"`
	Kind       string `db:"kind"`
	Body       string `db:"body"`
	Public     bool   `db:"public"`
	Author     string `db:"author"`
	AuthorName string `db:"author_name"`
	UpdatedAt  int64  `db:"updated_at"`
	Version    int    `db:"version"`
}

const selectComments = `SELECT a.code, c.year, c.period, c.indicator_id, c.group_code, c.kind, c.body, c.public,
	c.author, c.author_name, c.updated_at, c.version FROM commentary c JOIN agencies a ON a.id = c.agency_id`

func (db *DB) commentOf(r commentRow) kpi.Comment {
	q, _ := kpi.QuarterOfCode(r.Period)
	c := kpi.Comment{Agency: r.Agency, Period: kpi.Period{Year: r.Year, Quarter: q}, Group: r.Group, Kind: r.Kind,
		Text: r.Body, Public: r.Public, Author: r.Author, AuthorName: r.AuthorName, At: fromUnix(r.UpdatedAt), Version: r.Version}
	if r.Indicator != 0 {
		c.Indicator = db.codeOf(r.Indicator)
	}
	return c
}

// Commentary returns the comments of an agency for a period, in a stable
// order (groups first, then indicators by id; kind within). Comments on indicators no longer in the
// catalogue are left out.
func (db *DB) Commentary(ctx context.Context, f CommentFilter) ([]kpi.Comment, error) {
	q := selectComments + ` WHERE a.code = ? AND c.year = ? AND c.period = ?`
	if f.PublicOnly {
		q += ` AND c.public = 1`
	}
	var rows []commentRow
	if err := db.r.SelectContext(ctx, &rows, db.r.Rebind(q+` ORDER BY c.indicator_id, c.group_code, c.kind`),
		f.Agency, f.Period.Year, f.Period.Code()); err != nil {
		return nil, err
	}
	out := make([]kpi.Comment, 0, len(rows))
	for _, r := range rows {
		c := db.commentOf(r)
		if c.Indicator == "" && c.Group == "" {
			continue
		}
		out = append(out, c)
	}
	return out, nil
}

// commentKey is a comment's primary key.
type commentKey struct {
	agency    int64
	indicator int64
	c         kpi.Comment
}

func (k commentKey) args() []any {
	return []any{k.agency, k.c.Period.Year, k.c.Period.Code(), k.indicator, k.c.Group, k.c.Kind}
}

const whereComment = ` WHERE c.agency_id = ? AND c.year = ? AND c.period = ? AND c.indicator_id = ? AND c.group_code = ? AND c.kind = ?`

// SaveComment validates the comment and stores it with its audit rows in
// one write: a new comment (Version 0) or an edit of the version the
// writer saw; anything else is a conflict and nothing changes. It returns
// the comment as stored. Saving the same text again changes nothing.
func (db *DB) SaveComment(ctx context.Context, w CommentWrite) (kpi.Comment, error) {
	if err := db.validateComment(ctx, w.Comment); err != nil {
		return kpi.Comment{}, err
	}
	var saved kpi.Comment
	err := db.write(ctx, commentLock(w), func(ctx context.Context, x *writeTx) error {
		key, old, found, err := db.currentComment(ctx, x, w)
		if err != nil {
			return err
		}
		if found && old.Text == w.Comment.Text && old.Public == w.Comment.Public {
			saved = old
			return nil
		}
		saved = w.Comment
		saved.Author, saved.AuthorName, saved.At, saved.Version = w.Actor, w.ActorName, db.now(), old.Version+1
		_, err = x.ExecContext(ctx, x.Rebind(`INSERT INTO commentary
			(agency_id, year, period, indicator_id, group_code, kind, body, public, author, author_name, updated_at, version)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
			ON CONFLICT (agency_id, year, period, indicator_id, group_code, kind) DO UPDATE
			SET body = excluded.body, public = excluded.public, author = excluded.author, author_name = excluded.author_name,
			updated_at = excluded.updated_at, version = excluded.version`),
			append(key.args(), saved.Text, boolInt(saved.Public), saved.Author, saved.AuthorName, unix(saved.At), saved.Version)...)
		if err != nil {
			return err
		}
		x.touched(key.agency, key.c.Period.Year)
		return db.auditComment(ctx, x, key, old, saved, w)
	})
	return saved, err
}

// DeleteComment removes a comment the writer saw at Version, with its
// audit row (the text removed is kept there): never silently.
func (db *DB) DeleteComment(ctx context.Context, w CommentWrite) error {
	w.Comment.Text = "-" // a removal carries no text; the subject and kind are checked
	if err := db.validateComment(ctx, w.Comment); err != nil {
		return err
	}
	return db.write(ctx, commentLock(w), func(ctx context.Context, x *writeTx) error {
		key, old, found, err := db.currentComment(ctx, x, w)
		if err != nil {
			return err
		}
		if !found {
			return kpi.Errorf(kpi.ENOTFOUND, "Không có nhận xét này (có thể đã bị xóa).", "There is no such comment (it may have been removed).")
		}
		if _, err := x.ExecContext(ctx, x.Rebind(`DELETE FROM commentary AS c`+whereComment), key.args()...); err != nil {
			return err
		}
		x.touched(key.agency, key.c.Period.Year)
		return db.audit(ctx, x, AuditEntry{Actor: w.Actor, Action: "commentary.delete", Entity: "commentary", AgencyID: key.agency,
			Period: old.Period, Field: commentField(old), Old: old.Text, Source: w.Source})
	})
}

// commentLock is the agency-year a comment's write holds: two edits of one
// comment through two connections check their versions one after the other.
func commentLock(w CommentWrite) []LockKey {
	return []LockKey{yearKey(w.Comment.Agency, w.Comment.Period.Year)}
}

// validateComment checks a comment against the current catalogue.
func (db *DB) validateComment(ctx context.Context, c kpi.Comment) error {
	cat, err := db.Catalogue(ctx)
	if err != nil {
		return err
	}
	return kpi.ValidateComment(cat, c)
}

// currentComment reads the stored comment a write is about and checks
// the version the writer saw against it.
func (db *DB) currentComment(ctx context.Context, x *writeTx, w CommentWrite) (commentKey, kpi.Comment, bool, error) {
	a, err := agencyByCode(ctx, x, w.Comment.Agency)
	if err != nil {
		return commentKey{}, kpi.Comment{}, false, err
	}
	key := commentKey{agency: a.ID, c: w.Comment}
	if w.Comment.Indicator != "" {
		cat, err := x.catalogue(ctx)
		if err != nil {
			return key, kpi.Comment{}, false, err
		}
		if key.indicator, err = db.indicatorID(cat, w.Comment.Indicator); err != nil {
			return key, kpi.Comment{}, false, err
		}
	}
	var r commentRow
	err = sqlx.GetContext(ctx, x, &r, x.Rebind(selectComments+whereComment), key.args()...)
	found := err == nil
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return key, kpi.Comment{}, false, err
	}
	var old kpi.Comment
	if found {
		old = db.commentOf(r)
	}
	if old.Version != w.Version {
		return key, old, found, kpi.Errorf(kpi.ECONFLICT, "Nhận xét này vừa được %s sửa; hãy xem nội dung mới rồi lưu lại (nội dung của bạn vẫn được giữ).",
			"%s changed this comment meanwhile; read the new text and save again (yours is kept).", nameOr(old.AuthorName, old.Author))
	}
	return key, old, found, nil
}

// auditComment writes what a save changed: the text, and whether the
// comment is public, each as its own row.
func (db *DB) auditComment(ctx context.Context, x *writeTx, key commentKey, old, saved kpi.Comment, w CommentWrite) error {
	field := commentField(saved)
	if old.Text != saved.Text {
		if err := db.audit(ctx, x, AuditEntry{Actor: w.Actor, Action: "commentary.save", Entity: "commentary", AgencyID: key.agency,
			Period: saved.Period, Field: field, Old: old.Text, New: saved.Text, Source: w.Source}); err != nil {
			return err
		}
	}
	if old.Public != saved.Public {
		return db.audit(ctx, x, AuditEntry{Actor: w.Actor, Action: "commentary.public", Entity: "commentary", AgencyID: key.agency,
			Period: saved.Period, Field: field + "/public", Old: yesNo(old.Public), New: yesNo(saved.Public), Source: w.Source})
	}
	return nil
}

// commentField names a comment in the audit log: "indicator:CODE/assessment".
func commentField(c kpi.Comment) string { return c.Subject() + "/" + c.Kind }

func yesNo(b bool) string {
	if b {
		return "1"
	}
	return "0"
}

func nameOr(name, fallback string) string {
	if name != "" {
		return name
	}
	return fallback
}
