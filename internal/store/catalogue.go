package store

import (
	"context"
	"database/sql"
	"sync"
	"sync/atomic"

	"github.com/jmoiron/sqlx"

	"parkpi/internal/kpi"
)

// The catalogue lives in the database (catalogue_*, datasets, dataset_*):
// the store keeps the current one, built and compiled, with the indicator
// registry of the same moment, and reloads both when catalogue_version
// moves — bumped in the transaction of every change, whichever process or
// instance made it. Reading the version is one primary-key lookup, as for
// the agency tree.

// catState is a catalogue with the registry it was loaded with.
type catState struct {
	cat *kpi.Catalogue
	reg *registry
}

// catalogueCache holds the latest catalogue loaded outside a write.
type catalogueCache struct {
	mu    sync.Mutex // one load at a time
	state atomic.Pointer[catState]
	// gen is the changes of everything told when the stored version was
	// last found no newer than state's (see DB.Synced).
	gen atomic.Uint64
}

// checked records that at gen the stored version was no newer than the
// cached catalogue.
func (c *catalogueCache) checked(gen uint64) {
	for old := c.gen.Load(); gen > old && !c.gen.CompareAndSwap(old, gen); old = c.gen.Load() {
	}
}

// Catalogue returns the current catalogue: the cached one while the
// stored version has not moved, else the stored one, loaded anew. In a
// request that has seen the store's changes (Synced), the version is not
// read while no change of everything was heard since it was last checked:
// every change of the catalogue says All.
func (db *DB) Catalogue(ctx context.Context) (*kpi.Catalogue, error) {
	if s := db.cats.state.Load(); s != nil && db.trusted(ctx, db.cats.gen.Load()) {
		return s.cat, nil
	}
	gen := db.changes.allGen.Load()
	v, err := catalogueVersion(ctx, db.r)
	if err != nil {
		return nil, err
	}
	if s := db.cats.state.Load(); s != nil && s.cat.Version == v {
		db.cats.checked(gen)
		return s.cat, nil
	}
	db.cats.mu.Lock()
	defer db.cats.mu.Unlock()
	if s := db.cats.state.Load(); s != nil && s.cat.Version >= v {
		db.cats.checked(gen)
		return s.cat, nil
	}
	s, err := db.loadCatalogueSnapshot(ctx)
	if err != nil {
		return nil, err
	}
	db.cats.state.Store(s)
	db.cats.checked(gen)
	return s.cat, nil
}

// registry is the latest indicator registry. Ids are never reused or
// deleted, so a newer registry answers every code an older one did.
func (db *DB) registry() *registry { return db.cats.state.Load().reg }

// codeOf is the code of a stored indicator id. An id the cached registry
// does not know was added by another process since: the registry is read
// again (once per new indicator), so its rows are never dropped.
func (db *DB) codeOf(id int64) string {
	if c := db.registry().code(id); c != "" {
		return c
	}
	return db.freshRegistry().code(id)
}

// idOf is the stored id of a code, read again like codeOf on a miss.
func (db *DB) idOf(code string) (int64, bool) {
	if id, ok := db.registry().id(code); ok {
		return id, true
	}
	return db.freshRegistry().id(code)
}

// freshRegistry reads the registry again and keeps it beside the cached
// catalogue (a registry newer than its catalogue is harmless: it only
// knows more codes).
func (db *DB) freshRegistry() *registry {
	db.cats.mu.Lock()
	defer db.cats.mu.Unlock()
	s := db.cats.state.Load()
	reg, err := loadRegistry(context.Background(), db.r)
	if err != nil {
		return s.reg
	}
	db.cats.state.Store(&catState{cat: s.cat, reg: reg})
	return reg
}

// registry is the registry of the catalogue this write works with.
func (w *writeTx) registry() *registry {
	if w.reg != nil {
		return w.reg
	}
	return w.db.registry()
}

// catalogue is the catalogue as this write's transaction sees it: the
// cached one if the transaction's version is the cache's, else loaded in
// the transaction (a catalogue change earlier in the same group) and not
// cached, since the transaction may still roll back.
func (w *writeTx) catalogue(ctx context.Context) (*kpi.Catalogue, error) {
	if w.cat != nil {
		return w.cat, nil
	}
	v, err := catalogueVersion(ctx, w.stmtTx)
	if err != nil {
		return nil, err
	}
	return w.catalogueAt(ctx, v)
}

// catalogueAt is catalogue once the transaction's version v is read.
func (w *writeTx) catalogueAt(ctx context.Context, v int64) (*kpi.Catalogue, error) {
	if s := w.db.cats.state.Load(); s != nil && s.cat.Version == v {
		w.cat, w.reg = s.cat, s.reg
		return w.cat, nil
	}
	s, err := loadCatalogue(ctx, w.stmtTx)
	if err != nil {
		return nil, err
	}
	w.cat, w.reg = s.cat, s.reg
	return w.cat, nil
}

func catalogueVersion(ctx context.Context, q queryer) (int64, error) {
	var v int64
	err := sqlx.GetContext(ctx, q, &v, "SELECT version FROM catalogue_version WHERE id = 1")
	return v, err
}

// loadCatalogueSnapshot loads the catalogue in one read transaction, so
// the version and every table are of the same moment.
func (db *DB) loadCatalogueSnapshot(ctx context.Context) (*catState, error) {
	tx, err := db.r.BeginTxx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	return loadCatalogue(ctx, tx)
}

// loadCatalogue reads and builds the stored catalogue.
func loadCatalogue(ctx context.Context, q queryer) (*catState, error) {
	v, err := catalogueVersion(ctx, q)
	if err != nil {
		return nil, err
	}
	reg, err := loadRegistry(ctx, q)
	if err != nil {
		return nil, err
	}
	def, err := readDefinition(ctx, q, reg)
	if err != nil {
		return nil, err
	}
	cat, problems := kpi.Build(def)
	if len(problems) > 0 {
		return nil, kpi.ProblemsError(problems)
	}
	cat.Version = v
	return &catState{cat: cat, reg: reg}, nil
}

// seedCatalogue stores seed as the first catalogue of a database that has
// none (version 0), in one transaction that checks the version itself, so
// two processes opening one new database store it once.
func (db *DB) seedCatalogue(ctx context.Context, seed *kpi.Catalogue) error {
	if seed == nil {
		return kpi.Errorf(kpi.EINTERNAL, "Chưa có danh mục chỉ tiêu.", "There is no catalogue to start from.")
	}
	// The tree held exclusive: on a server, a second process opening the
	// same new database waits here, then reads version 1 and stores nothing.
	return db.inStmtTx(ctx, Locks{Tree: TreeExclusive}, func(t *stmtTx) error {
		v, err := catalogueVersion(ctx, t)
		if err != nil || v != 0 {
			return err
		}
		if err := writeDefinition(ctx, t, seed.Definition()); err != nil {
			return err
		}
		if _, err := t.ExecContext(ctx, "UPDATE catalogue_version SET version = 1 WHERE id = 1"); err != nil {
			return err
		}
		return db.audit(ctx, t, AuditEntry{Actor: "system", Action: "catalogue.seed", Entity: "catalogue",
			New: "data/", Source: "seed"})
	})
}

// idOrZero is idOf's id, 0 for a code without one (which matches no row).
func (db *DB) idOrZero(code string) int64 {
	id, _ := db.idOf(code)
	return id
}
