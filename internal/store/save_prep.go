package store

import (
	"context"

	"parkpi/internal/kpi"
)

// A form save is worked out before it reaches the writer: the caller's
// goroutine reads the agency's year on a read connection, plans the value
// and audit rows and runs the contribution function before and after. The
// writer, which is the one thing every save waits for, then only checks
// that nothing the plan rests on has changed — the agency's kind, the
// catalogue's version and the version of each quarter of the year, which every write of values or of a
// report's state moves — and writes. When anything moved (a save of the
// same agency-year earlier in the group, a kind change), the writer works
// the save out again itself, as before.

// savePrep is a save worked out beforehand, with what it rests on.
type savePrep struct {
	kind       kpi.Kind
	versions   [5]int
	catVersion int64 // the catalogue the delta was worked out with
	plan       writePlan
	delta      kpi.RowDelta
}

// prepareSave works out a save on a read connection; nil when it cannot
// (the writer then works it out). The agency comes from the last tree
// loaded, which may be older than the write: holds checks it again there.
func (db *DB) prepareSave(ctx context.Context, w ValueWrite, codes []string) *savePrep {
	cat, err := db.Catalogue(ctx)
	if err != nil {
		return nil
	}
	a, err := db.lastAgency(ctx, w.Agency)
	if err != nil {
		return nil
	}
	before, versions, err := db.readSaveYear(ctx, cat, a, w, codes)
	if err != nil {
		return nil
	}
	plan, after := db.planQuarter(a, w, codes, before, kpi.StateDraft)
	return &savePrep{kind: a.Kind, versions: versions, catVersion: cat.Version, plan: plan,
		delta: saveDelta(cat, before, after, codes, w.Period.Quarter)}
}

// lastAgency is the agency of code in the last tree this process loaded,
// or read when there is none or it is not there.
func (db *DB) lastAgency(ctx context.Context, code string) (kpi.Agency, error) {
	if tree := db.trees.last(); tree != nil {
		if a := tree.Get(code); a != nil {
			return *a, nil
		}
	}
	return agencyByCode(ctx, db.r, code)
}

// readSaveYear reads the agency's year as a draft save of codes needs it:
// when the quarter is a draft already (no report changes state), only the
// series saveDelta runs through the contribution function (kpi.Catalogue.TouchedCodes);
// otherwise the whole year.
func (db *DB) readSaveYear(ctx context.Context, cat *kpi.Catalogue, a kpi.Agency, w ValueWrite, codes []string) (kpi.AgencyYear, [5]int, error) {
	y, versions, err := readReports(ctx, db.r, a, w.Period.Year)
	if err != nil {
		return y, versions, err
	}
	var ids []int64
	if y.States[w.Period.Quarter] == kpi.StateDraft {
		ids = []int64{}
		for code := range cat.TouchedCodes(codes) {
			if id, ok := db.idOf(code); ok {
				ids = append(ids, id)
			}
		}
		if len(ids) == 0 {
			return y, versions, nil
		}
	}
	return y, versions, db.readValues(ctx, db.r, &y, a.ID, ids)
}

// saveDelta is what a save of the series of codes in quarter changes in
// the derived tables: when no report changes state, only what the save can
// change is run through the contribution function (kpi.Catalogue.SaveDiff).
func saveDelta(cat *kpi.Catalogue, before, after kpi.AgencyYear, codes []string, quarter int) kpi.RowDelta {
	if before.States == after.States {
		return cat.SaveDiff(before, after, codes, quarter)
	}
	return kpi.Diff(kpi.Contribute(cat, before), kpi.Contribute(cat, after))
}

// holdsAt reports whether the prepared save still describes the
// agency-year inside the write: same agency, same kind, every quarter's
// version (versions, read in the write) as it was read, the catalogue at
// catVersion.
func (p *savePrep) holdsAt(a kpi.Agency, year int, catVersion int64, versions [5]int) bool {
	return p != nil && p.kind == a.Kind && p.plan.agency.ID == a.ID && p.plan.w.Period.Year == year &&
		catVersion == p.catVersion && versions == p.versions
}
