package store

import (
	"context"
	"database/sql"
	"errors"
	"strconv"

	"github.com/jmoiron/sqlx"

	"parkpi/internal/kpi"
)

// agencyRow is an agency as stored, with its id and its parent's code.
type agencyRow struct {
	ID         int64          `db:"id"`
	Code       string         `db:"code"`
	ParentCode sql.NullString `db:"parent_code"`
	Kind       string         `db:"kind"`
	Name       string         `db:"name"`
}

func (r agencyRow) agency() kpi.Agency {
	return kpi.Agency{ID: r.ID, Code: r.Code, ParentCode: r.ParentCode.String, Kind: kpi.Kind(r.Kind), Name: r.Name}
}

const selectAgencies = `SELECT a.id, a.code, p.code AS parent_code, a.kind, a.name
	FROM agencies a LEFT JOIN agencies p ON p.id = a.parent_id`

// CountAgencies tells whether the database holds data; a start seeds only
// an empty database.
func (db *DB) CountAgencies(ctx context.Context) (int, error) {
	var n int
	err := db.r.GetContext(ctx, &n, "SELECT COUNT(*) FROM agencies")
	return n, err
}

// ImportAgencies adds agencies (parents before children, under parents
// given earlier in the list or already stored) and their closure rows in
// one write, with one "agency.create" audit row each.
func (db *DB) ImportAgencies(ctx context.Context, agencies []kpi.Agency) error {
	// Parents may already be in the database, so each agency is checked on
	// its own here and its parent when it is inserted.
	for _, a := range agencies {
		if err := a.Validate(); err != nil {
			return err
		}
	}
	return db.writeTree(ctx, func(ctx context.Context, w *writeTx) error {
		for i, a := range agencies {
			if err := w.addAgency(ctx, a, i); err != nil {
				return err
			}
			if err := db.auditCreated(ctx, w, a, importActor, importActor); err != nil {
				return err
			}
		}
		return nil
	})
}

// importActor names ImportAgencies in the audit log: it has no user.
const importActor = "import"

// addAgency inserts an agency inside a write; a parent that had no child
// becomes a scope of its own, so its own contribution joins its sums.
func (w *writeTx) addAgency(ctx context.Context, a kpi.Agency, order int) error {
	var parent kpi.Agency
	leafParent := false
	if a.ParentCode != "" {
		var err error
		if parent, err = agencyByCode(ctx, w, a.ParentCode); err != nil {
			return kpi.Errorf(kpi.EINVALID, "Cơ quan cấp trên %s chưa có.", "Parent agency %s is not there.", a.ParentCode)
		}
		if leafParent, err = isLeaf(ctx, w, parent.ID); err != nil {
			return err
		}
	}
	if err := insertAgency(ctx, w.stmtTx, a, order); err != nil {
		return err
	}
	w.all = true
	if leafParent {
		return w.promote(ctx, parent)
	}
	return nil
}

func isLeaf(ctx context.Context, q queryer, id int64) (bool, error) {
	var children int
	err := sqlx.GetContext(ctx, q, &children, q.Rebind("SELECT COUNT(*) FROM agencies WHERE parent_id = ?"), id)
	return children == 0, err
}

func insertAgency(ctx context.Context, tx *stmtTx, a kpi.Agency, order int) error {
	var taken int
	if err := tx.GetContext(ctx, &taken, tx.Rebind("SELECT COUNT(*) FROM agencies WHERE code = ?"), a.Code); err != nil {
		return err
	}
	if taken > 0 {
		return kpi.Errorf(kpi.EINVALID, "Mã cơ quan %s đã có.", "Agency code %s is already taken.", a.Code)
	}
	var parentID sql.NullInt64
	if a.ParentCode != "" {
		if err := tx.GetContext(ctx, &parentID, tx.Rebind("SELECT id FROM agencies WHERE code = ?"), a.ParentCode); err != nil {
			return kpi.Errorf(kpi.EINVALID, "Cơ quan cấp trên %s chưa có.", "Parent agency %s is not there.", a.ParentCode)
		}
	}
	var id int64
	err := tx.GetContext(ctx, &id, tx.Rebind(`INSERT INTO agencies (code, parent_id, kind, name, sort_order)
		VALUES (?, ?, ?, ?, ?) RETURNING id`), a.Code, parentID, string(a.Kind), a.Name, order)
	if err != nil {
		return err
	}
	// Self, then every ancestor of the parent one level further away. The
	// casts give the parameters a type where the server cannot infer one.
	_, err = tx.ExecContext(ctx, tx.Rebind(`INSERT INTO agency_closure (ancestor_id, descendant_id, depth)
		SELECT CAST(? AS INTEGER), CAST(? AS INTEGER), 0
		UNION ALL
		SELECT ancestor_id, CAST(? AS INTEGER), depth + 1 FROM agency_closure WHERE descendant_id = ?`), id, id, id, parentID)
	if err != nil {
		return err
	}
	return bumpTreeVersion(ctx, tx)
}

// bumpTreeVersion marks the tree changed, in the transaction that changes
// it: every cached copy (this process's or another instance's) reloads.
func bumpTreeVersion(ctx context.Context, tx execer) error {
	_, err := tx.ExecContext(ctx, "UPDATE tree_version SET version = version + 1 WHERE id = 1")
	return err
}

// Tree returns the whole agency tree, kept in memory until the tree itself
// changes (tree_version, bumped by every agency write): unlike the figures
// it survives commits of values, since every authorization walks it and
// reloading 5,000 agencies after each save would dominate the next request.
// The tree is shared with every caller: read it, never change it.
func (db *DB) Tree(ctx context.Context) (*kpi.Tree, error) {
	return db.trees.get(ctx, db)
}

// scopeID is the id of the scope's agency, read from the tree before a
// query of its subtree: the query then names the closure's ancestor by a
// constant, which PostgreSQL plans for that subtree's real size (a join on
// the code is estimated at a handful of rows, even for the nation's 5,000).
// An unknown code is 0, which has no subtree.
func (db *DB) scopeID(ctx context.Context, code string) (int64, error) {
	tree, err := db.Tree(ctx)
	if err != nil {
		return 0, err
	}
	if a := tree.Get(code); a != nil {
		return a.ID, nil
	}
	return 0, nil
}

// ancestorIs is the condition "the closure row c is below the scope id":
// the id is written into the statement, never bound. Each scope is then a
// statement of its own, which the server plans for that scope's subtree
// even where it reuses plans: a plan made once for `ancestor_id = $1`
// would be made for an average subtree (three agencies) and then used for
// the nation's 5,000. The id is an integer from the tree, never input.
func ancestorIs(c string, id int64) string {
	return c + ".ancestor_id = " + strconv.FormatInt(id, 10)
}

// Agency returns one agency by code, or a not-found error.
func (db *DB) Agency(ctx context.Context, code string) (kpi.Agency, error) {
	return agencyByCode(ctx, db.r, code)
}

func agencyByCode(ctx context.Context, q queryer, code string) (kpi.Agency, error) {
	var r agencyRow
	err := sqlx.GetContext(ctx, q, &r, q.Rebind(selectAgencies+" WHERE a.code = ?"), code)
	if errors.Is(err, sql.ErrNoRows) {
		return kpi.Agency{}, kpi.NoAgency(code)
	}
	return r.agency(), err
}

// RootAgency returns the top of the tree (the province); with several roots,
// the first in order.
func (db *DB) RootAgency(ctx context.Context) (kpi.Agency, error) {
	var r agencyRow
	err := db.r.GetContext(ctx, &r, selectAgencies+" WHERE a.parent_id IS NULL ORDER BY a.sort_order, a.id LIMIT 1")
	if errors.Is(err, sql.ErrNoRows) {
		return kpi.Agency{}, kpi.Errorf(kpi.ENOTFOUND, "Chưa có cơ quan nào.", "There are no agencies yet.")
	}
	return r.agency(), err
}
