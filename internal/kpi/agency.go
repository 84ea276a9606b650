package kpi

import (
	"encoding/csv"
	"fmt"
	"io"
	"sort"
	"strings"
	"sync"
)

// Kind is what an agency is. Kinds are data: the tree has no fixed depth,
// since the 2025 reform removed the district tier.
type Kind string

// The agency kinds parkpi knows how to label and group.
const (
	KindProvince      Kind = "province"
	KindDepartment    Kind = "department"
	KindDistrict      Kind = "district"
	KindCommune       Kind = "commune"
	KindVertical      Kind = "vertical"
	KindServiceCentre Kind = "service_centre"
)

// Kinds lists the kinds in display order.
var Kinds = []Kind{KindProvince, KindDepartment, KindDistrict, KindCommune, KindVertical, KindServiceCentre}

// Valid reports whether k is a known kind.
func (k Kind) Valid() bool {
	for _, x := range Kinds {
		if x == k {
			return true
		}
	}
	return false
}

// Agency is a node of the agency tree (cơ quan, đơn vị).
type Agency struct {
	ID         int64  `db:"id" json:"-"`
	Code       string `db:"code" json:"code"`
	ParentCode string `db:"parent_code" json:"parent_code,omitempty"`
	Kind       Kind   `db:"kind" json:"kind"`
	Name       string `db:"name" json:"name"`
}

// Validate checks an agency's own fields.
func (a Agency) Validate() error {
	if strings.TrimSpace(a.Code) == "" {
		return Errorf(EINVALID, "Mã cơ quan không được để trống.", "The agency code is required.")
	}
	if strings.TrimSpace(a.Name) == "" {
		return Errorf(EINVALID, "Tên cơ quan %s không được để trống.", "The name of agency %s is required.", a.Code)
	}
	if !a.Kind.Valid() {
		return Errorf(EINVALID, "Loại cơ quan %q của %s không hợp lệ.", "Agency kind %q of %s is not valid.", a.Kind, a.Code)
	}
	return nil
}

// Tree is the agency hierarchy, indexed by code.
type Tree struct {
	byCode   map[string]*Agency
	byID     map[int64]*Agency
	children map[string][]string
	order    []string
	roots    []string // the agencies without a parent, in order
	// kinds counts each agency's subtree (itself included) by kind, worked
	// out once on first use: coverage asks it on every dashboard request.
	kindsOnce sync.Once
	kinds     map[string]map[Kind]int
}

// NewTree builds a tree and checks that every parent exists and that there
// are no cycles. Agencies keep the order given.
func NewTree(agencies []Agency) (*Tree, error) {
	t := &Tree{byCode: map[string]*Agency{}, byID: map[int64]*Agency{}, children: map[string][]string{}}
	for i := range agencies {
		a := agencies[i]
		if err := a.Validate(); err != nil {
			return nil, err
		}
		if _, dup := t.byCode[a.Code]; dup {
			return nil, Errorf(EINVALID, "Mã cơ quan %s bị trùng.", "Agency code %s appears twice.", a.Code)
		}
		t.byCode[a.Code] = &a
		if a.ID != 0 {
			t.byID[a.ID] = &a
		}
		t.order = append(t.order, a.Code)
	}
	for _, code := range t.order {
		p := t.byCode[code].ParentCode
		if p == "" {
			t.roots = append(t.roots, code)
			continue
		}
		if _, ok := t.byCode[p]; !ok {
			return nil, Errorf(EINVALID, "Cơ quan cấp trên %s của %s không tồn tại.", "Parent %s of agency %s does not exist.", p, code)
		}
		t.children[p] = append(t.children[p], code)
	}
	for _, code := range t.order {
		if len(t.Ancestors(code)) > len(t.order) {
			return nil, Errorf(EINVALID, "Cây cơ quan có vòng lặp tại %s.", "The agency tree has a cycle at %s.", code)
		}
	}
	return t, nil
}

// Get returns the agency with the code, or nil.
func (t *Tree) Get(code string) *Agency { return t.byCode[code] }

// ByID returns the agency with the stored id, or nil.
func (t *Tree) ByID(id int64) *Agency { return t.byID[id] }

// HasChildren reports whether any agency has code as its parent.
func (t *Tree) HasChildren(code string) bool { return len(t.children[code]) > 0 }

// SubtreeKinds counts the agencies of code's subtree, itself included, by
// kind. The map is shared: read it, never change it.
func (t *Tree) SubtreeKinds(code string) map[Kind]int {
	t.kindsOnce.Do(func() {
		t.kinds = make(map[string]map[Kind]int, len(t.order))
		for _, c := range t.order {
			kind := t.byCode[c].Kind
			for _, up := range append([]string{c}, t.Ancestors(c)...) {
				if t.kinds[up] == nil {
					t.kinds[up] = map[Kind]int{}
				}
				t.kinds[up][kind]++
			}
		}
	})
	return t.kinds[code]
}

// All returns every agency in input order.
func (t *Tree) All() []Agency {
	out := make([]Agency, 0, len(t.order))
	for _, c := range t.order {
		out = append(out, *t.byCode[c])
	}
	return out
}

// Len is the number of agencies.
func (t *Tree) Len() int { return len(t.order) }

// Roots returns the agencies without a parent, found once by NewTree:
// every dashboard request asks for them.
func (t *Tree) Roots() []Agency {
	out := make([]Agency, 0, len(t.roots))
	for _, c := range t.roots {
		out = append(out, *t.byCode[c])
	}
	return out
}

// Children returns the direct children of code.
func (t *Tree) Children(code string) []Agency {
	out := make([]Agency, 0, len(t.children[code]))
	for _, c := range t.children[code] {
		out = append(out, *t.byCode[c])
	}
	return out
}

// Ancestors returns the codes from the parent of code up to the root. It
// stops after more steps than there are agencies, which NewTree reports as
// a cycle.
func (t *Tree) Ancestors(code string) []string {
	var out []string
	a := t.byCode[code]
	for a != nil && a.ParentCode != "" && len(out) <= len(t.order) {
		out = append(out, a.ParentCode)
		a = t.byCode[a.ParentCode]
	}
	return out
}

// Descendants returns code's subtree below it, depth first.
func (t *Tree) Descendants(code string) []string {
	var out []string
	var walk func(string)
	walk = func(c string) {
		for _, k := range t.children[c] {
			out = append(out, k)
			walk(k)
		}
	}
	walk(code)
	return out
}

// InSubtree reports whether code is root or below it.
func (t *Tree) InSubtree(root, code string) bool {
	if root == code {
		return true
	}
	for _, a := range t.Ancestors(code) {
		if a == root {
			return true
		}
	}
	return false
}

// ParseAgencies reads the agency CSV (code,parent_code,kind,name_vi,...).
func ParseAgencies(r io.Reader) ([]Agency, error) {
	rows, err := readCSV(r, "code", "parent_code", "kind", "name_vi")
	if err != nil {
		return nil, err
	}
	out := make([]Agency, 0, len(rows))
	for _, row := range rows {
		out = append(out, Agency{Code: row["code"], ParentCode: row["parent_code"], Kind: Kind(row["kind"]), Name: row["name_vi"]})
	}
	return out, nil
}

// readCSV reads a header row and returns the records as maps; it insists on
// the named columns so a reordered or truncated file fails loudly.
func readCSV(r io.Reader, required ...string) ([]map[string]string, error) {
	cr := csv.NewReader(r)
	records, err := cr.ReadAll()
	if err != nil {
		return nil, Errorf(EINVALID, "Tệp CSV không đọc được: %v", "The CSV file cannot be read: %v", err)
	}
	if len(records) == 0 {
		return nil, Errorf(EINVALID, "Tệp CSV trống.", "The CSV file is empty.")
	}
	header := records[0]
	if len(header) > 0 {
		header[0] = strings.TrimPrefix(header[0], "\ufeff")
	}
	have := map[string]bool{}
	for _, h := range header {
		have[h] = true
	}
	var missing []string
	for _, req := range required {
		if !have[req] {
			missing = append(missing, req)
		}
	}
	if len(missing) > 0 {
		sort.Strings(missing)
		return nil, Errorf(EINVALID, "Tệp CSV thiếu cột: %s.", "The CSV file lacks columns: %s.", strings.Join(missing, ", "))
	}
	out := make([]map[string]string, 0, len(records)-1)
	for _, rec := range records[1:] {
		m := make(map[string]string, len(header))
		for i, h := range header {
			if i < len(rec) {
				m[h] = strings.TrimSpace(rec[i])
			}
		}
		out = append(out, m)
	}
	return out, nil
}

// NoAgency is the not-found error for an agency code, the same words
// wherever a code is looked up.
func NoAgency(code string) *Error {
	return Errorf(ENOTFOUND, "Không có cơ quan mã %s.", "There is no agency with code %s.", code)
}

// String is used in logs.
func (a Agency) String() string { return fmt.Sprintf("%s %s", a.Code, a.Name) }
