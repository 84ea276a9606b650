// Package auth holds parkpi's accounts: roles and the one policy function
// that decides who may do what to which agency, users with hashed
// passwords, and sessions stored in the database.
package auth

import "parkpi/internal/kpi"

// Role is what a user does in the system; a user has exactly one.
type Role string

// The roles. Admins manage everything; leaders read and approve within
// their scope; officers enter their scope's figures; staff read and export.
const (
	RoleAdmin   Role = "admin"
	RoleLeader  Role = "leader"
	RoleOfficer Role = "officer"
	RoleStaff   Role = "staff"
)

// Roles lists the roles in display order.
var Roles = []Role{RoleAdmin, RoleLeader, RoleOfficer, RoleStaff}

// Valid reports whether r is a known role.
func (r Role) Valid() bool {
	for _, x := range Roles {
		if x == r {
			return true
		}
	}
	return false
}

// User is an account as the rest of the application sees it: never its
// password hash.
type User struct {
	ID         int64  `json:"id"`
	Username   string `json:"username"`
	FullName   string `json:"full_name"`
	Role       Role   `json:"role"`
	AgencyCode string `json:"agency"` // the scope agency: the user acts on it and, by role, its subtree
	Disabled   bool   `json:"disabled"`
	// Token is set when the request came with an API token instead of a
	// session: AgencyCode is then the token's scope (the user's or one
	// below it) and the grant may make the request read-only.
	Token *TokenGrant `json:"-"`
}

// Action is something a user asks to do to an agency.
type Action string

// The actions the policy knows.
const (
	ActView          Action = "view"           // read dashboards and pages of an agency
	ActEnter         Action = "enter"          // enter or save values of an agency's quarter
	ActSubmit        Action = "submit"         // submit an agency's quarter
	ActApprove       Action = "approve"        // approve, return or reopen an agency's quarter
	ActExport        Action = "export"         // download Excel of an agency or scope
	ActUpload        Action = "upload"         // upload Excel templates for an agency
	ActManageUsers   Action = "manage_users"   // create, disable, re-scope and reset users
	ActManageTargets Action = "manage_targets" // set targets
	ActAudit         Action = "audit"          // browse the audit log
	ActMonitor       Action = "monitor"        // follow who has reported (the cockpit)
)

// ActManageAgencies creates, renames, re-kinds and moves agencies: the
// tree itself, which every scope hangs on. Admins only; no role in grants
// has it.
const ActManageAgencies Action = "manage_agencies"

// ActManageCatalogue edits the catalogue: indicators, data sets (the
// forms) and validation rules, which every agency's form and figure
// follow. Admins only; no role in grants has it.
const ActManageCatalogue Action = "manage_catalogue"

// ActManageSettings switches what the whole application does, such as
// opening the public scoreboard. Admins only, like the tree.
const ActManageSettings Action = "manage_settings"

// grants lists, per role, the actions allowed within the role's subtree.
// Admins are not listed: they may do everything everywhere.
var grants = map[Role]map[Action]bool{
	RoleLeader:  {ActView: true, ActExport: true, ActApprove: true, ActAudit: true, ActMonitor: true},
	RoleOfficer: {ActView: true, ActEnter: true, ActSubmit: true, ActExport: true, ActUpload: true},
	RoleStaff:   {ActView: true, ActExport: true, ActUpload: true, ActMonitor: true}, // staff upload many-agency workbooks
}

// Can is the one policy function: whether u may do act to the agency with
// code agencyCode. Nil and disabled users may do nothing; admins anything;
// the other roles only what their role grants, and only on their scope
// agency or an agency below it in tree. An empty agency code means "no
// agency" and is allowed to admins only. With a nil tree only the scope
// agency itself can be checked (enough to show or hide menu links). A
// request made with an API token is bounded by it too: a read-only token
// only reads and exports, and a token narrowed below its user's scope keeps
// to its own subtree, an admin's included.
func Can(u *User, act Action, agencyCode string, tree *kpi.Tree) bool {
	if u == nil || u.Disabled {
		return false
	}
	if u.Token != nil && u.Token.ReadOnly && !readActions[act] {
		return false
	}
	if u.Role == RoleAdmin {
		return u.Token == nil || !u.Token.Narrowed || inScope(u.AgencyCode, agencyCode, tree)
	}
	if !grants[u.Role][act] || agencyCode == "" || u.AgencyCode == "" {
		return false
	}
	return inScope(u.AgencyCode, agencyCode, tree)
}

// inScope reports whether agencyCode is scope or below it in tree; with a
// nil tree only scope itself can be said to be.
func inScope(scope, agencyCode string, tree *kpi.Tree) bool {
	if agencyCode == "" || scope == "" {
		return false
	}
	if agencyCode == scope {
		return tree == nil || tree.Get(agencyCode) != nil
	}
	return tree != nil && tree.Get(agencyCode) != nil && tree.InSubtree(scope, agencyCode)
}

// TokenGrant is what an API token adds to its user's rights: which token
// (for the audit log), and how it narrows them.
type TokenGrant struct {
	ID       int64
	Name     string
	ReadOnly bool // reads and exports only
	Narrowed bool // the token's scope is below the user's: even an admin's token keeps to it
}

// readActions are what a read-only token may do.
var readActions = map[Action]bool{ActView: true, ActExport: true, ActMonitor: true}
