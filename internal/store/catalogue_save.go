package store

import (
	"context"

	"github.com/jmoiron/sqlx"

	"parkpi/internal/kpi"
)

// CatalogueWrite is a whole new definition of the catalogue: an
// administrator's edit of one item (the current definition with that item
// changed) or an imported bundle.
type CatalogueWrite struct {
	Definition kpi.Definition
	Actor      string
	Source     string // "admin", "import", ...
	DryRun     bool   // check and list the changes, write nothing
	// BaseVersion is the catalogue version the definition was made from
	// (0: not checked). A save made from an older version is refused with
	// ECONFLICT: it would undo what another administrator saved since.
	BaseVersion int64
}

// SaveCatalogue checks the definition and applies what changes in one
// transaction: the catalogue tables, the version bump every process
// reloads by, one audit row per changed item, and a recomputation of the
// stored figures of every indicator whose derivation changed (its rule
// over quarters, parts, formula, or ranking), so no rollup is left stale.
// It refuses to remove an indicator that has values or targets (retire it
// instead) and returns the changes; none when the definition is the
// current one.
func (db *DB) SaveCatalogue(ctx context.Context, w CatalogueWrite) ([]kpi.DefChange, error) {
	next, problems := kpi.Build(w.Definition)
	if len(problems) > 0 {
		return nil, kpi.ProblemsError(problems)
	}
	var changes []kpi.DefChange
	run := func(ctx context.Context, x *writeTx) error {
		cur, err := x.catalogue(ctx)
		if err != nil {
			return err
		}
		if w.BaseVersion != 0 && cur.Version != w.BaseVersion {
			return kpi.Errorf(kpi.ECONFLICT, "Danh mục vừa được người khác thay đổi (phiên bản %d, bạn sửa từ phiên bản %d).",
				"The catalogue was just changed by someone else (version %d; you edited version %d).", cur.Version, w.BaseVersion)
		}
		changes = kpi.DiffDefinitions(cur.Definition(), next.Definition())
		if err := x.refuseRemovals(ctx, cur, next); err != nil || w.DryRun || len(changes) == 0 {
			return err
		}
		return x.applyCatalogue(ctx, cur, next, changes, w)
	}
	if w.DryRun {
		// A dry run reads the catalogue as the writer would, but on a read
		// transaction: nothing of it is ever written.
		err := db.readTx(ctx, func(t *stmtTx) error { return run(ctx, newWriteTx(db, t)) })
		return changes, err
	}
	err := db.writeTree(ctx, run)
	return changes, err
}

// readTx runs fn in a transaction that is always rolled back.
func (db *DB) readTx(ctx context.Context, fn func(t *stmtTx) error) error {
	tx, err := db.r.BeginTxx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	t := db.newStmtTx(tx)
	return fn(t)
}

func (x *writeTx) applyCatalogue(ctx context.Context, cur, next *kpi.Catalogue, changes []kpi.DefChange, w CatalogueWrite) error {
	if err := writeDefinition(ctx, x.stmtTx, next.Definition()); err != nil {
		return err
	}
	if _, err := x.ExecContext(ctx, "UPDATE catalogue_version SET version = version + 1 WHERE id = 1"); err != nil {
		return err
	}
	for _, c := range changes {
		if err := x.db.audit(ctx, x, AuditEntry{Actor: w.Actor, Action: "catalogue." + c.Action, Entity: "catalogue",
			Field: c.Table + "/" + c.Key, Old: c.Old, New: c.New, Source: w.Source}); err != nil {
			return err
		}
	}
	x.cat = nil // the rest of this transaction reads the new catalogue
	if codes := kpi.DerivationChanged(cur, next); len(codes) > 0 {
		if err := x.rebuildIndicators(ctx, next, codes); err != nil {
			return err
		}
	}
	x.all = true
	return nil
}

// refuseRemovals refuses a definition that drops an indicator with stored
// values or targets: its history would be orphaned. Retiring keeps it.
func (x *writeTx) refuseRemovals(ctx context.Context, cur, next *kpi.Catalogue) error {
	for _, ind := range cur.All() {
		if _, kept := next.Get(ind.Code); kept {
			continue
		}
		id, ok := x.registry().id(ind.Code)
		if !ok {
			continue
		}
		var n int
		if err := sqlx.GetContext(ctx, x, &n, x.Rebind(`SELECT COUNT(*) FROM (SELECT 1 FROM kpi_values WHERE indicator_id = ?
			UNION ALL SELECT 1 FROM targets WHERE indicator_id = ?) AS used`), id, id); err != nil {
			return err
		}
		if n > 0 {
			return kpi.Errorf(kpi.EINVALID, "Chỉ tiêu %s đã có %d số liệu hoặc kế hoạch: không xóa được, hãy cho thôi sử dụng (retired_from) để giữ lịch sử.",
				"Indicator %s has %d values or targets: it cannot be removed; retire it (retired_from) to keep its history.", ind.Code, n)
		}
	}
	return nil
}

// rebuildIndicators recomputes the stored figures of the named indicators
// with cat: their own figures, sums and rank entries are deleted and the
// contribution of every agency-year holding their inputs is added again,
// keeping only the rows of these indicators (report counts do not depend
// on them). It is the rebuild of a few indicators, inside the caller's
// transaction.
func (x *writeTx) rebuildIndicators(ctx context.Context, cat *kpi.Catalogue, codes []string) error {
	if err := x.flushShared(ctx); err != nil {
		return err
	}
	reg, err := loadRegistry(ctx, x)
	if err != nil {
		return err
	}
	only := map[string]bool{}
	var ids []any
	inputs := map[int64]bool{}
	for _, code := range codes {
		only[code] = true
		if id, ok := reg.id(code); ok {
			ids = append(ids, id)
			inputs[id] = true
		}
		if ind, ok := cat.Get(code); ok {
			in := append([]string(nil), ind.Parts...)
			if e := ind.Compiled(); e != nil {
				in = append(in, e.Inputs()...)
			}
			for _, c := range in {
				inputs[reg.ids[c]] = true
			}
		}
	}
	if len(ids) == 0 {
		return nil
	}
	for _, table := range []string{"own_figures", "rollups", "rank_entries"} {
		if _, err := x.ExecContext(ctx, x.Rebind("DELETE FROM "+table+" WHERE indicator_id IN ("+placeholders(len(ids))+")"), ids...); err != nil {
			return err
		}
	}
	tree, err := loadTree(ctx, x)
	if err != nil {
		return err
	}
	b := newBuilder(x.db, tree, cat)
	b.only, b.reg = only, reg
	states, err := x.db.allStates(ctx, x)
	if err != nil {
		return err
	}
	err = x.db.eachYearOf(ctx, x, inputs, states, func(id int64, y kpi.AgencyYear) error { return b.addWriting(ctx, x.stmtTx, id, y) })
	if err != nil {
		return err
	}
	return b.finish(ctx, x.stmtTx)
}
