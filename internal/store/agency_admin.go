package store

import (
	"context"
	"fmt"
	"strings"
	"unicode/utf8"

	"parkpi/internal/kpi"
)

// Administrators restructure the agency tree: add an agency,
// rename it or change its kind, and move a subtree under another parent —
// the 2025 reform removed the district tier, so communes move up to the
// province. Each change is one transaction with its audit rows and a bump
// of tree_version, so every cached tree reloads.

// Field keys of the agency form: the web form's input names and the keys of
// AgencyFieldErrors are the same constants, so a message cannot miss its
// field.
const (
	AgencyFieldCode   = "code"
	AgencyFieldName   = "name"
	AgencyFieldKind   = "kind"
	AgencyFieldParent = "parent"
)

var agencyFieldOrder = []string{AgencyFieldCode, AgencyFieldName, AgencyFieldKind, AgencyFieldParent}

// AgencyFieldErrors maps a field key to what is wrong with it. As an error
// it unwraps to one EINVALID error listing every message, for callers
// without a form.
type AgencyFieldErrors map[string]*kpi.Error

func (fe AgencyFieldErrors) Error() string { return fe.Unwrap().Error() }

// Unwrap joins the messages in form order.
func (fe AgencyFieldErrors) Unwrap() error {
	var vi, en []string
	for _, f := range agencyFieldOrder {
		if e := fe[f]; e != nil {
			vi, en = append(vi, e.MessageVI), append(en, e.MessageEN)
		}
	}
	return &kpi.Error{Code: kpi.EINVALID, MessageVI: strings.Join(vi, " "), MessageEN: strings.Join(en, " ")}
}

func (fe AgencyFieldErrors) orNil() error {
	if len(fe) == 0 {
		return nil
	}
	return fe
}

// AgencyWrite is an admin's agency: created with all its fields, or
// updated (name and kind; the code names it, the parent changes by
// MoveAgency only).
type AgencyWrite struct {
	Code       string
	ParentCode string // create only; "" makes a new root
	Kind       kpi.Kind
	Name       string
	Actor      string
	Source     string
}

// AgencyMove re-parents an agency with its whole subtree.
type AgencyMove struct {
	Code      string
	NewParent string
	Actor     string
	Source    string
}

const maxAgencyCode, maxAgencyName = 40, 200

// checkAgencyFields checks what the admin typed, every field at once.
func checkAgencyFields(w AgencyWrite, withCode bool) AgencyFieldErrors {
	fe := AgencyFieldErrors{}
	if withCode {
		switch {
		case w.Code == "":
			fe[AgencyFieldCode] = kpi.Errorf(kpi.EINVALID, "Vui lòng nhập mã cơ quan.", "Please enter the agency code.")
		case utf8.RuneCountInString(w.Code) > maxAgencyCode || strings.IndexFunc(w.Code, badCodeRune) >= 0:
			fe[AgencyFieldCode] = kpi.Errorf(kpi.EINVALID,
				"Mã cơ quan dài tối đa %d ký tự, chỉ gồm chữ cái không dấu, số và . _ -",
				"The agency code must be at most %d characters: letters without diacritics, digits and . _ - only.", maxAgencyCode)
		}
	}
	switch {
	case w.Name == "":
		fe[AgencyFieldName] = kpi.Errorf(kpi.EINVALID, "Vui lòng nhập tên cơ quan.", "Please enter the agency name.")
	case utf8.RuneCountInString(w.Name) > maxAgencyName:
		fe[AgencyFieldName] = kpi.Errorf(kpi.EINVALID, "Tên cơ quan dài tối đa %d ký tự.",
			"The agency name must be at most %d characters.", maxAgencyName)
	}
	if !w.Kind.Valid() {
		fe[AgencyFieldKind] = kpi.Errorf(kpi.EINVALID, "Vui lòng chọn loại cơ quan.", "Please choose the kind of agency.")
	}
	return fe
}

// badCodeRune refuses what would be unsafe in a URL or a file name: codes
// appear in both.
func badCodeRune(r rune) bool {
	ok := (r >= 'a' && r <= 'z') || (r >= 'A' && r <= 'Z') || (r >= '0' && r <= '9') || r == '.' || r == '_' || r == '-'
	return !ok
}

func trimAgencyWrite(w AgencyWrite) AgencyWrite {
	w.Code, w.ParentCode, w.Name = strings.TrimSpace(w.Code), strings.TrimSpace(w.ParentCode), strings.TrimSpace(w.Name)
	return w
}

// CreateAgency adds one agency under an existing parent (or as a new root),
// last in display order, with an "agency.create" audit row.
func (db *DB) CreateAgency(ctx context.Context, w AgencyWrite) (kpi.Agency, error) {
	w = trimAgencyWrite(w)
	fe := checkAgencyFields(w, true)
	a := kpi.Agency{Code: w.Code, ParentCode: w.ParentCode, Kind: w.Kind, Name: w.Name}
	err := db.writeTree(ctx, func(ctx context.Context, x *writeTx) error {
		if fe[AgencyFieldCode] == nil {
			if _, err := agencyByCode(ctx, x, w.Code); err == nil {
				fe[AgencyFieldCode] = errCodeTaken(w.Code)
			} else if kpi.ErrorCode(err) != kpi.ENOTFOUND {
				return err
			}
		}
		if w.ParentCode != "" {
			if _, err := agencyByCode(ctx, x, w.ParentCode); kpi.ErrorCode(err) == kpi.ENOTFOUND {
				fe[AgencyFieldParent] = errNoParent(w.ParentCode)
			} else if err != nil {
				return err
			}
		}
		if err := fe.orNil(); err != nil {
			return err
		}
		var order int
		if err := x.GetContext(ctx, &order, "SELECT COALESCE(MAX(sort_order), 0) + 1 FROM agencies"); err != nil {
			return err
		}
		if err := x.addAgency(ctx, a, order); err != nil {
			return err
		}
		return db.auditCreated(ctx, x, a, w.Actor, w.Source)
	})
	if err != nil {
		return kpi.Agency{}, err
	}
	return db.Agency(ctx, a.Code)
}

// auditCreated writes the "agency.create" row of a new agency.
func (db *DB) auditCreated(ctx context.Context, tx *writeTx, a kpi.Agency, actor, source string) error {
	created, err := agencyByCode(ctx, tx, a.Code)
	if err != nil {
		return err
	}
	return db.audit(ctx, tx, AuditEntry{Actor: actor, Action: "agency.create", Entity: "agency", AgencyID: created.ID,
		Field: "agency", New: describeAgency(created), Source: source})
}

// describeAgency is the new value of a creation in the audit log.
func describeAgency(a kpi.Agency) string {
	parent := a.ParentCode
	if parent == "" {
		parent = "-"
	}
	return fmt.Sprintf("code=%s kind=%s parent=%s name=%s", a.Code, a.Kind, parent, a.Name)
}

// UpdateAgency renames an agency or changes its kind, with one audit row
// per changed field. Sums are kept by the kind of the reporting agency, so
// a change of kind takes the agency's own contribution of every year away
// from the old kind's rows and adds it to the new kind's, in every scope
// above it: a few hundred rows, in the same write.
func (db *DB) UpdateAgency(ctx context.Context, w AgencyWrite) (kpi.Agency, error) {
	w = trimAgencyWrite(w)
	fe := checkAgencyFields(w, false)
	err := db.writeTree(ctx, func(ctx context.Context, x *writeTx) error {
		old, err := agencyByCode(ctx, x, w.Code)
		if err != nil {
			return err
		}
		if err := fe.orNil(); err != nil {
			return err
		}
		changed := false
		for _, ch := range []struct{ field, old, new, col string }{
			{"name", old.Name, w.Name, "name"},
			{"kind", string(old.Kind), string(w.Kind), "kind"},
		} {
			if ch.old == ch.new {
				continue
			}
			changed = true
			// ch.col is one of two constants above, never input.
			if _, err := x.ExecContext(ctx, x.Rebind("UPDATE agencies SET "+ch.col+" = ? WHERE id = ?"), ch.new, old.ID); err != nil {
				return err
			}
			e := AuditEntry{Actor: w.Actor, Action: "agency.update", Entity: "agency", AgencyID: old.ID,
				Field: ch.field, Old: ch.old, New: ch.new, Source: w.Source}
			if err := db.audit(ctx, x, e); err != nil {
				return err
			}
		}
		if !changed {
			return nil
		}
		if old.Kind != w.Kind {
			if err := x.rekind(ctx, old, w.Kind); err != nil {
				return err
			}
		}
		x.all = true
		return bumpTreeVersion(ctx, x)
	})
	if err != nil {
		return kpi.Agency{}, err
	}
	return db.Agency(ctx, w.Code)
}

// rekind moves the agency's own contribution of every year from its old
// kind to the new one.
func (x *writeTx) rekind(ctx context.Context, a kpi.Agency, kind kpi.Kind) error {
	p, err := placementOf(ctx, x, a)
	if err != nil {
		return err
	}
	return x.eachOwnYear(ctx, a, func(before kpi.AgencyYear) error {
		after := before
		after.Kind = kind
		return x.moveYear(ctx, p, before, after)
	})
}

// eachOwnYear hands fn every year the agency has values or reports for.
func (x *writeTx) eachOwnYear(ctx context.Context, a kpi.Agency, fn func(kpi.AgencyYear) error) error {
	var years []int
	if err := x.SelectContext(ctx, &years, x.Rebind(`SELECT year FROM kpi_values WHERE agency_id = ?
		UNION SELECT year FROM submissions WHERE agency_id = ? ORDER BY 1`), a.ID, a.ID); err != nil {
		return err
	}
	for _, year := range years {
		y, err := x.db.readYear(ctx, x, a, year)
		if err != nil {
			return err
		}
		if err := fn(y); err != nil {
			return err
		}
	}
	return nil
}

// promote makes a leaf a scope of its own, now that it has a child: its
// own contribution of every year goes into its own sums and counts.
func (x *writeTx) promote(ctx context.Context, a kpi.Agency) error {
	cat, err := x.catalogue(ctx)
	if err != nil {
		return err
	}
	return x.eachOwnYear(ctx, a, func(y kpi.AgencyYear) error {
		c := kpi.Contribute(cat, y)
		for _, r := range c.Sums {
			x.sums.add(a.ID, y.Year, r)
		}
		for _, r := range c.Counts {
			x.counts.add(a.ID, y.Year, r)
		}
		return nil
	})
}

// MoveAgency puts an agency, with everything below it, under a new parent,
// by deltas in one short write: the subtree's contribution (the moved
// root's own sums and counts, or its own rows if it is a leaf) is taken
// from the old ancestors and added to the new ones, its agencies' rank
// entries are copied under the new ancestors and removed from the old
// ones, and the closure rows are rewritten. It refuses a parent inside the
// moved subtree (a cycle). A parent left without children stops keeping
// sums (its own rows are its figures); one that gets its first child
// starts.
func (db *DB) MoveAgency(ctx context.Context, m AgencyMove) error {
	m.Code, m.NewParent = strings.TrimSpace(m.Code), strings.TrimSpace(m.NewParent)
	return db.writeTree(ctx, func(ctx context.Context, x *writeTx) error {
		moved, err := agencyByCode(ctx, x, m.Code)
		if err != nil {
			return err
		}
		parent, err := moveTarget(ctx, x, moved, m.NewParent)
		if err != nil || parent.Code == moved.ParentCode {
			return err // a move to the same parent changes nothing
		}
		if err := x.moveSubtree(ctx, moved, parent); err != nil {
			return err
		}
		e := AuditEntry{Actor: m.Actor, Action: "agency.move", Entity: "agency", AgencyID: moved.ID,
			Field: "parent", Old: moved.ParentCode, New: parent.Code, Source: m.Source}
		if err := db.audit(ctx, x, e); err != nil {
			return err
		}
		x.all = true
		return bumpTreeVersion(ctx, x)
	})
}

// moveTarget finds the new parent and refuses one that does not exist or
// lies in the moved subtree (itself included).
func moveTarget(ctx context.Context, tx *writeTx, moved kpi.Agency, code string) (kpi.Agency, error) {
	if code == "" {
		return kpi.Agency{}, AgencyFieldErrors{AgencyFieldParent: kpi.Errorf(kpi.EINVALID,
			"Vui lòng chọn cơ quan cấp trên mới.", "Please choose the new parent agency.")}
	}
	parent, err := agencyByCode(ctx, tx, code)
	if kpi.ErrorCode(err) == kpi.ENOTFOUND {
		return kpi.Agency{}, AgencyFieldErrors{AgencyFieldParent: errNoParent(code)}
	} else if err != nil {
		return kpi.Agency{}, err
	}
	var below int
	err = tx.GetContext(ctx, &below, tx.Rebind(
		"SELECT COUNT(*) FROM agency_closure WHERE ancestor_id = ? AND descendant_id = ?"), moved.ID, parent.ID)
	if err != nil {
		return kpi.Agency{}, err
	}
	if below > 0 {
		return kpi.Agency{}, AgencyFieldErrors{AgencyFieldParent: kpi.Errorf(kpi.EINVALID,
			"Không thể chuyển %s vào dưới chính nó hoặc một cơ quan trực thuộc nó (%s).",
			"%s cannot be moved under itself or an agency below it (%s).", moved.Code, parent.Code)}
	}
	return parent, nil
}

// rewriteClosure re-links the subtree rooted at moved to the ancestors of
// newParent, in SQL that SQLite and PostgreSQL both run: the pairs (outside
// ancestor, subtree member) go, the pairs (ancestor-or-self of the new
// parent, subtree member) come, at the depth through the new parent. Pairs
// within the subtree stay as they are.
func rewriteClosure(ctx context.Context, tx execer, moved, newParent int64) error {
	_, err := tx.ExecContext(ctx, tx.Rebind(`DELETE FROM agency_closure
		WHERE descendant_id IN (SELECT descendant_id FROM agency_closure WHERE ancestor_id = ?)
		  AND ancestor_id NOT IN (SELECT descendant_id FROM agency_closure WHERE ancestor_id = ?)`), moved, moved)
	if err != nil {
		return err
	}
	_, err = tx.ExecContext(ctx, tx.Rebind(`INSERT INTO agency_closure (ancestor_id, descendant_id, depth)
		SELECT up.ancestor_id, sub.descendant_id, up.depth + sub.depth + 1
		FROM agency_closure up, agency_closure sub
		WHERE up.descendant_id = ? AND sub.ancestor_id = ?`), newParent, moved)
	return err
}

func errCodeTaken(code string) *kpi.Error {
	return kpi.Errorf(kpi.EINVALID, "Mã cơ quan %s đã có.", "Agency code %s is already taken.", code)
}

func errNoParent(code string) *kpi.Error {
	return kpi.Errorf(kpi.EINVALID, "Cơ quan cấp trên %s chưa có.", "There is no parent agency %s.", code)
}
