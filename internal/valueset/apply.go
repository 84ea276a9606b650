package valueset

import (
	"context"
	"sort"

	"parkpi/internal/kpi"
	"parkpi/internal/store"
)

// apply writes what the plan allows: nothing on a dry run; in an atomic
// import every write in one transaction (store.SaveValuesBatch) and only
// when no row has an error; otherwise each clean agency-quarter on its own
// (store.SaveValues), a refusal landing on that group alone.
func (im *importer) apply(ctx context.Context, db *store.DB, o Options) error {
	keys := im.writable()
	switch {
	case o.DryRun || len(keys) == 0:
		return nil
	case o.Atomic:
		if !im.rep.OK() {
			return nil
		}
		writes := make([]store.ValueWrite, len(keys))
		for i, k := range keys {
			writes[i] = im.writes[k]
		}
		versions, err := db.SaveValuesBatch(ctx, writes)
		if err != nil {
			return err
		}
		for i, k := range keys {
			im.groups[k].Version = versions[i]
			im.groups[k].Status = StatusApplied
		}
		im.rep.Applied = true
		return nil
	}
	for _, k := range keys {
		v, err := db.SaveValues(ctx, im.writes[k])
		if kpi.ErrorCode(err) == kpi.EINTERNAL {
			return err
		} else if err != nil {
			im.bad[k] = true
			im.rep.Errors = append(im.rep.Errors, RowError{Row: im.first[k], Agency: k.agency, Year: k.period.Year,
				Period: k.period.Address(), MessageVI: kpi.ErrorMessage(err, "vi"), MessageEN: kpi.ErrorMessage(err, "en")})
			continue
		}
		im.groups[k].Version, im.groups[k].Status = v, StatusApplied
		im.rep.Applied = true
	}
	return nil
}

// writable are the groups with a write and no error, in the body's order.
func (im *importer) writable() []groupKey {
	var out []groupKey
	for _, k := range im.order {
		if _, ok := im.writes[k]; ok && !im.bad[k] {
			out = append(out, k)
		}
	}
	return out
}

// finish gives every group its status and sorts the messages by row.
func (im *importer) finish() *Report {
	for _, k := range im.order {
		g := im.groups[k]
		_, hasWrite := im.writes[k]
		switch {
		case g.Status == StatusApplied:
		case im.bad[k]:
			g.Status = StatusError
		case !hasWrite:
			g.Status = StatusUnchanged
		case im.rep.DryRun && (im.rep.OK() || !im.rep.Atomic):
			g.Status = StatusWouldApply
		default:
			g.Status = StatusSkipped
		}
		im.rep.Groups = append(im.rep.Groups, *g)
	}
	for _, list := range [][]RowError{im.rep.Errors, im.rep.Warnings} {
		sort.SliceStable(list, func(i, j int) bool { return list[i].Row < list[j].Row })
	}
	if im.rep.Errors == nil {
		im.rep.Errors = []RowError{}
	}
	if im.rep.Warnings == nil {
		im.rep.Warnings = []RowError{}
	}
	if im.rep.Groups == nil {
		im.rep.Groups = []Group{}
	}
	return im.rep
}
