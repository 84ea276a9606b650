package auth_test

import (
	"testing"

	"parkpi/internal/auth"
	"parkpi/internal/kpi"
)

// smallTree is the province with a department, two districts and a commune
// under each district.
func smallTree(t *testing.T) *kpi.Tree {
	t.Helper()
	tree, err := kpi.NewTree([]kpi.Agency{
		{Code: "37", Kind: kpi.KindProvince, Name: "Ninh Bình"},
		{Code: "37-S03", ParentCode: "37", Kind: kpi.KindDepartment, Name: "Sở Tư pháp"},
		{Code: "377", ParentCode: "37", Kind: kpi.KindDistrict, Name: "Yên Mô"},
		{Code: "14722", ParentCode: "377", Kind: kpi.KindCommune, Name: "Yên Hòa"},
		{Code: "369", ParentCode: "37", Kind: kpi.KindDistrict, Name: "Hoa Lư"},
		{Code: "14500", ParentCode: "369", Kind: kpi.KindCommune, Name: "Ninh Hải"},
	})
	if err != nil {
		t.Fatal(err)
	}
	return tree
}

func TestCan(t *testing.T) {
	tree := smallTree(t)
	admin := &auth.User{Username: "a", Role: auth.RoleAdmin, AgencyCode: "37"}
	leader := &auth.User{Username: "l", Role: auth.RoleLeader, AgencyCode: "37"}
	districtLeader := &auth.User{Username: "dl", Role: auth.RoleLeader, AgencyCode: "377"}
	staff := &auth.User{Username: "s", Role: auth.RoleStaff, AgencyCode: "37"}
	commune := &auth.User{Username: "o1", Role: auth.RoleOfficer, AgencyCode: "14722"}
	district := &auth.User{Username: "o2", Role: auth.RoleOfficer, AgencyCode: "377"}
	disabled := &auth.User{Username: "d", Role: auth.RoleAdmin, AgencyCode: "37", Disabled: true}
	unknownRole := &auth.User{Username: "x", Role: "boss", AgencyCode: "37"}
	tests := []struct {
		name   string
		u      *auth.User
		act    auth.Action
		agency string
		want   bool
	}{
		{"anonymous", nil, auth.ActView, "37", false},
		{"disabled admin", disabled, auth.ActView, "37", false},
		{"unknown role", unknownRole, auth.ActView, "37", false},
		{"admin manages users", admin, auth.ActManageUsers, "", true},
		{"admin enters anywhere", admin, auth.ActEnter, "14500", true},
		{"admin targets", admin, auth.ActManageTargets, "37", true},
		{"admin manages agencies", admin, auth.ActManageAgencies, "37", true},
		{"leader manages no agencies", leader, auth.ActManageAgencies, "37", false},
		{"staff manages no agencies", staff, auth.ActManageAgencies, "37", false},
		{"officer manages no agencies", commune, auth.ActManageAgencies, "14722", false},
		{"disabled admin manages no agencies", disabled, auth.ActManageAgencies, "37", false},
		{"admin edits the catalogue", admin, auth.ActManageCatalogue, "", true},
		{"leader edits no catalogue", leader, auth.ActManageCatalogue, "37", false},
		{"officer edits no catalogue", commune, auth.ActManageCatalogue, "14722", false},
		{"leader views a commune", leader, auth.ActView, "14722", true},
		{"leader approves a commune", leader, auth.ActApprove, "14722", true},
		{"leader audits", leader, auth.ActAudit, "37", true},
		{"leader exports", leader, auth.ActExport, "37-S03", true},
		{"leader does not enter", leader, auth.ActEnter, "14722", false},
		{"leader does not submit", leader, auth.ActSubmit, "14722", false},
		{"leader manages no users", leader, auth.ActManageUsers, "37", false},
		{"leader sets no targets", leader, auth.ActManageTargets, "37", false},
		{"district leader below", districtLeader, auth.ActApprove, "14722", true},
		{"district leader other district", districtLeader, auth.ActView, "14500", false},
		{"district leader above", districtLeader, auth.ActView, "37", false},
		{"staff views", staff, auth.ActView, "14500", true},
		{"staff exports", staff, auth.ActExport, "37", true},
		{"staff uploads for their scope", staff, auth.ActUpload, "37", true},
		{"staff does not approve", staff, auth.ActApprove, "14722", false},
		{"staff does not audit", staff, auth.ActAudit, "37", false},
		{"commune officer enters own", commune, auth.ActEnter, "14722", true},
		{"commune officer submits own", commune, auth.ActSubmit, "14722", true},
		{"commune officer uploads own", commune, auth.ActUpload, "14722", true},
		{"commune officer exports own", commune, auth.ActExport, "14722", true},
		{"commune officer views own", commune, auth.ActView, "14722", true},
		{"commune officer not its district", commune, auth.ActView, "377", false},
		{"commune officer not another commune", commune, auth.ActEnter, "14500", false},
		{"commune officer not the province", commune, auth.ActView, "37", false},
		{"commune officer does not approve", commune, auth.ActApprove, "14722", false},
		{"commune officer does not audit", commune, auth.ActAudit, "14722", false},
		{"district officer enters own commune", district, auth.ActEnter, "14722", true},
		{"district officer not other district", district, auth.ActEnter, "14500", false},
		{"unknown agency", leader, auth.ActView, "99999", false},
		{"empty agency", leader, auth.ActView, "", false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := auth.Can(tc.u, tc.act, tc.agency, tree); got != tc.want {
				t.Fatalf("Can(%v, %s, %q) = %v, want %v", tc.u, tc.act, tc.agency, got, tc.want)
			}
		})
	}
}

// TestCanWithoutTree: menus check the scope agency only, with no tree.
func TestCanWithoutTree(t *testing.T) {
	leader := &auth.User{Role: auth.RoleLeader, AgencyCode: "37"}
	if !auth.Can(leader, auth.ActAudit, "37", nil) {
		t.Fatal("a leader may audit their own scope")
	}
	if auth.Can(leader, auth.ActAudit, "377", nil) {
		t.Fatal("without a tree nothing below the scope can be granted")
	}
}
