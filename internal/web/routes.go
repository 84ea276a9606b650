package web

import (
	"io/fs"
	"net/http"

	"github.com/gin-gonic/gin"

	"parkpi/internal/auth"
	"parkpi/internal/kpi"
	"parkpi/templates"
)

// routes registers the route table and the answer to every other path.
func (s *Server) routes(r *gin.Engine) {
	s.handle(r, s.table)
	r.NoRoute(s.h(notFound))
}

// routeTable lists every route in one place, each with its gate: the one
// policy function, auth.Can, decides on the agency the gate names (see
// gate). Only /login and the routes of publicRoutes are reached without a
// login: the engine requires one for every other route. Handlers that read
// or write other agencies than the gate's (an upload's, an export's
// scope) check those themselves with s.authorize.
func (s *Server) routeTable() []route {
	static, _ := fs.Sub(templates.FS, "static")
	h := func(fn handlerFunc, before ...gin.HandlerFunc) []gin.HandlerFunc { return append(before, s.h(fn)) }
	table := []route{
		{get, "/static/*file", open, []gin.HandlerFunc{s.noListing(static), cacheForever(), gin.WrapH(http.StripPrefix("/static/", http.FileServerFS(static)))}},
		{get, "/healthz", open, h(s.health)},
		{get, "/lang/:lang", open, h(s.switchLanguage)},
		// The public scoreboard: no login, closed (404) until an
		// administrator opens it, each address's rate limited.
		{get, "/public", open, h(s.showPublic, s.limitPublic())},
		{get, "/admin/public", within(auth.ActManageSettings, ""), h(s.showPublicAdmin)},
		{post, "/admin/public", within(auth.ActManageSettings, ""), h(s.savePublicAdmin)},
		{get, "/login", open, h(s.showLogin)},
		{post, "/login", open, h(s.login)},
		{post, "/logout", open, h(s.logout)},
		{get, "/", open, h(s.showOverview)},
		// Dashboards: agency pages and drill-down, the ranking, targets.
		{get, "/agencies/:code", on(auth.ActView, "code"), h(s.showAgency)},
		{get, "/agencies/:code/values", on(auth.ActView, "code"), h(s.showDrilldown)},
		// Commentary beside the figures: read with the view right, written
		// with the kind's right (explanation: enter; assessment: approve),
		// which the handler checks on the kind asked.
		{get, "/agencies/:code/commentary", on(auth.ActView, "code"), h(s.showCommentary)},
		{post, "/agencies/:code/commentary", on(auth.ActView, "code"), h(s.saveCommentary)},
		{get, "/ranking", within(auth.ActView, scopeParam), h(s.showRanking)},
		{get, "/scores", within(auth.ActView, scopeParam), h(s.showScores)},
		{get, "/admin/targets", within(auth.ActManageTargets, ""), h(s.showTargets)},
		{post, "/admin/targets", within(auth.ActManageTargets, ""), h(s.saveTarget)},
		{post, "/admin/targets/upload", within(auth.ActManageTargets, ""), h(s.uploadTargets, limitBody(maxTargetsFile+64<<10))},
		{get, "/admin/targets.csv", within(auth.ActManageTargets, ""), h(s.downloadTargets)},
		// The JSON API over the same view models, and its writes (sessions
		// or tokens): the entry form's checks and the store's write path.
		{get, "/api/v1/overview", within(auth.ActView, scopeParam), h(s.apiOverview)},
		{get, "/api/v1/ranking", within(auth.ActView, scopeParam), h(s.apiRanking)},
		{get, "/api/v1/scores", within(auth.ActView, scopeParam), h(s.apiScores)},
		{get, "/api/v1/agencies/:code", on(auth.ActView, "code"), h(s.apiAgency)},
		{get, "/api/v1/agencies/:code/values", on(auth.ActView, "code"), h(s.apiDrilldown)},
		{get, "/api/v1/agencies/:code/commentary", on(auth.ActView, "code"), h(s.apiCommentary)},
		{put, "/api/v1/agencies/:code/commentary", on(auth.ActView, "code"), h(s.apiSaveCommentary)},
		{get, "/api/v1/entries/:agency/:year/:quarter", on(auth.ActView, "agency"), h(s.apiEntry)},
		{put, "/api/v1/entries/:agency/:year/:quarter", on(auth.ActEnter, "agency"), h(s.apiSaveEntry)},
		{post, "/api/v1/entries/:agency/:year/:quarter/submit", on(auth.ActSubmit, "agency"), h(s.apiSubmitEntry)},
		{post, "/api/v1/import", within(auth.ActUpload, ""), h(s.apiImport, limitBody(importBodyLimit))},
		{get, "/api/v1/openapi.json", open, h(s.openAPIDocument)},
		// Users and the agency tree: admins only.
		{get, "/admin/users", within(auth.ActManageUsers, ""), h(s.showUsers)},
		{get, "/admin/users/new", within(auth.ActManageUsers, ""), h(s.showNewUser)},
		{post, "/admin/users", within(auth.ActManageUsers, ""), h(s.createUser)},
		{get, "/admin/users/:id", within(auth.ActManageUsers, ""), h(s.showEditUser)},
		{post, "/admin/users/:id", within(auth.ActManageUsers, ""), h(s.updateUser)},
		{post, "/admin/users/:id/disable", within(auth.ActManageUsers, ""), h(s.disableUser)},
		{post, "/admin/users/:id/enable", within(auth.ActManageUsers, ""), h(s.enableUser)},
		{post, "/admin/users/:id/password", within(auth.ActManageUsers, ""), h(s.resetPassword)},
		{get, "/admin/agencies", within(auth.ActManageAgencies, ""), h(s.showAgencies)},
		{get, "/admin/agencies/new", within(auth.ActManageAgencies, ""), h(s.showNewAgency)},
		{post, "/admin/agencies", within(auth.ActManageAgencies, ""), h(s.createAgency)},
		{get, "/admin/agencies/:code", within(auth.ActManageAgencies, ""), h(s.showEditAgency)},
		{post, "/admin/agencies/:code", within(auth.ActManageAgencies, ""), h(s.updateAgency)},
		{post, "/admin/agencies/:code/move", within(auth.ActManageAgencies, ""), h(s.moveAgency)},
		// The user's own account: API tokens, reminder settings, notices.
		{get, "/account", open, h(s.showAccount)},
		{post, "/account/tokens", open, h(s.createToken)},
		{post, "/account/tokens/:id/revoke", open, h(s.revokeToken)},
		{post, "/account/contact", open, h(s.saveContact)},
		{get, "/notices", open, h(s.showNotices)},
		{get, "/audit", within(auth.ActAudit, "agency"), h(s.showAudit)},
		{get, "/audit.csv", within(auth.ActAudit, "agency"), h(s.auditCSV)},
		// Quarterly entry and its workflow: the officer home, the form (the
		// quarter written "q2" or "2"), its live check, the leaders' moves,
		// the cockpit.
		{get, "/entry", within(auth.ActView, scopeParam), h(s.showOfficerHome)},
		{get, "/entry/:agency/:year/:quarter", on(auth.ActView, "agency"), h(s.showEntryForm)},
		{post, "/entry/:agency/:year/:quarter", on(auth.ActEnter, "agency"), h(s.saveEntry, s.counted("form", ""))},
		{post, "/entry/:agency/:year/:quarter/check", on(auth.ActEnter, "agency"), h(s.checkEntry, limitBody(checkBodyLimit))},
		{post, "/entry/:agency/:year/:quarter/approve", on(auth.ActApprove, "agency"), h(s.moveEntry(kpi.MoveApprove))},
		{post, "/entry/:agency/:year/:quarter/return", on(auth.ActApprove, "agency"), h(s.moveEntry(kpi.MoveReturn))},
		{post, "/entry/:agency/:year/:quarter/reopen", on(auth.ActApprove, "agency"), h(s.moveEntry(kpi.MoveReopen))},
		{get, "/cockpit", within(auth.ActMonitor, scopeParam), h(s.showCockpit)},
		// Excel: reports of a scope and year, the quarter template and its
		// upload (each agency of a file checked for the upload right), and
		// the status of background exports (their owner's only). A POST of
		// an export starts a background job.
		{get, "/export/agency/:code", on(auth.ActExport, "code"), h(s.exportAgency, s.counted("", "agency"))},
		{get, "/export/summary.xlsx", within(auth.ActExport, scopeParam), h(s.exportSummary, s.counted("", "summary"))},
		{get, "/export/form06.xlsx", within(auth.ActExport, scopeParam), h(s.exportForm06, s.counted("", "form06"))},
		{get, "/export/report.docx", within(auth.ActExport, scopeParam), h(s.exportReport(false), s.counted("", "report"))},
		{get, "/export/report.pdf", within(auth.ActExport, scopeParam), h(s.exportReport(true), s.counted("", "report"))},
		{post, "/export/summary.xlsx", within(auth.ActExport, scopeParam), h(s.exportSummary, s.counted("", "summary"))},
		{post, "/export/form06.xlsx", within(auth.ActExport, scopeParam), h(s.exportForm06, s.counted("", "form06"))},
		{get, "/entry/:agency/:year/:quarter/template.xlsx", on(auth.ActUpload, "agency"), h(s.downloadTemplate, s.counted("", "template"))},
		{get, "/upload", within(auth.ActUpload, "agency"), h(s.showUpload)},
		{get, "/upload/template", within(auth.ActUpload, "agency"), h(s.downloadTemplate, s.counted("", "template"))},
		{post, "/upload", within(auth.ActUpload, ""), h(s.postUpload, limitBody(uploadBodyLimit), s.countedUpload("previewed"))},
		{post, "/upload/:id/confirm", within(auth.ActUpload, ""), h(s.confirmUpload, s.countedUpload("confirmed"))},
		{post, "/upload/:id/cancel", within(auth.ActUpload, ""), h(s.cancelUpload)},
		{get, "/jobs/:id", open, h(s.showJob)},
		{get, "/jobs/:id/status", open, h(s.jobStatus)},
		{get, "/jobs/:id/download", open, h(s.downloadJob)},
		// The catalogue as data: admins list, add, edit and retire
		// indicators, data sets (the forms) and rules; a rule can be tried
		// before saving.
		{get, "/admin/catalogue", within(auth.ActManageCatalogue, ""), h(s.showCatalogue)},
	}
	for _, k := range []catalogueKind{indicatorKind, dataSetKind, ruleKind} {
		gate := within(auth.ActManageCatalogue, "")
		base := "/admin/catalogue/" + k.path
		table = append(table,
			route{get, base + "/new", gate, h(s.showNewItem(k))},
			route{post, base, gate, h(s.saveItem(k, true))},
			route{get, base + "/:code", gate, h(s.showItem(k))},
			route{post, base + "/:code", gate, h(s.saveItem(k, false))},
			route{post, base + "/:code/retire", gate, h(s.retireItem(k))})
	}
	return table
}
