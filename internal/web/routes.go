package web

import (
	"io/fs"
	"net/http"

	"github.com/gin-gonic/gin"

	"parkpi/internal/auth"
	"parkpi/internal/kpi"
	"parkpi/templates"
)

// routes lists every route in one place.
func (s *Server) routes(r *gin.Engine) {
	static, _ := fs.Sub(templates.FS, "static")
	r.GET("/static/*file", s.noListing(static), cacheForever(), gin.WrapH(http.StripPrefix("/static/", http.FileServerFS(static))))
	r.GET("/healthz", s.h(s.health))
	r.GET("/lang/:lang", s.h(s.switchLanguage))
	// Only the routes above and /login are public (publicRoutes): the engine
	// requires a login for every other route. Gate each route with
	// s.allow(action, agency param) — the one policy function, auth.Can.
	// The public scoreboard: no login, closed (404) until an administrator
	// opens it, each address's rate limited.
	r.GET("/public", s.limitPublic(), s.h(s.showPublic))
	public := r.Group("/admin/public", s.allow(auth.ActManageSettings, ""))
	public.GET("", s.h(s.showPublicAdmin))
	public.POST("", s.h(s.savePublicAdmin))
	r.GET("/login", s.h(s.showLogin))
	r.POST("/login", s.h(s.login))
	r.POST("/logout", s.h(s.logout))
	r.GET("/", s.h(s.showOverview))
	// Leaders' dashboards (issue 5): agency pages and drill-down, targets,
	// and the JSON API over the same view models.
	r.GET("/agencies/:code", s.allow(auth.ActView, "code"), s.h(s.showAgency))
	r.GET("/agencies/:code/values", s.allow(auth.ActView, "code"), s.h(s.showDrilldown))
	// Commentary beside the figures: read with the view right, written
	// with the kind's right (explanation: enter; assessment: approve).
	r.GET("/agencies/:code/commentary", s.allow(auth.ActView, "code"), s.h(s.showCommentary))
	r.POST("/agencies/:code/commentary", s.allow(auth.ActView, "code"), s.h(s.saveCommentary))
	r.GET("/ranking", s.allow(auth.ActView, ""), s.h(s.showRanking))
	r.GET("/scores", s.allow(auth.ActView, ""), s.h(s.showScores))
	targets := r.Group("/admin/targets", s.allow(auth.ActManageTargets, ""))
	targets.GET("", s.h(s.showTargets))
	targets.POST("", s.h(s.saveTarget))
	targets.POST("/upload", limitBody(maxTargetsFile+64<<10), s.h(s.uploadTargets))
	r.GET("/admin/targets.csv", s.allow(auth.ActManageTargets, ""), s.h(s.downloadTargets))
	api := r.Group("/api/v1")
	api.GET("/overview", s.allow(auth.ActView, ""), s.h(s.apiOverview))
	api.GET("/ranking", s.allow(auth.ActView, ""), s.h(s.apiRanking))
	api.GET("/scores", s.allow(auth.ActView, ""), s.h(s.apiScores))
	api.GET("/agencies/:code", s.allow(auth.ActView, "code"), s.h(s.apiAgency))
	api.GET("/agencies/:code/values", s.allow(auth.ActView, "code"), s.h(s.apiDrilldown))
	api.GET("/agencies/:code/commentary", s.allow(auth.ActView, "code"), s.h(s.apiCommentary))
	api.PUT("/agencies/:code/commentary", s.allow(auth.ActView, "code"), s.h(s.apiSaveCommentary))
	// Writes through the API (sessions or tokens): the entry form's checks
	// and the store's write path; the bulk import of many agency-quarters.
	apiEntry := api.Group("/entries/:agency/:year/:quarter")
	apiEntry.GET("", s.allow(auth.ActView, "agency"), s.h(s.apiEntry))
	apiEntry.PUT("", s.allow(auth.ActEnter, "agency"), s.h(s.apiSaveEntry))
	apiEntry.POST("/submit", s.allow(auth.ActSubmit, "agency"), s.h(s.apiSubmitEntry))
	api.POST("/import", s.allow(auth.ActUpload, ""), limitBody(importBodyLimit), s.h(s.apiImport))
	api.GET("/openapi.json", s.h(s.openAPIDocument))
	users := r.Group("/admin/users", s.allow(auth.ActManageUsers, ""))
	users.GET("", s.h(s.showUsers))
	users.GET("/new", s.h(s.showNewUser))
	users.POST("", s.h(s.createUser))
	users.GET("/:id", s.h(s.showEditUser))
	users.POST("/:id", s.h(s.updateUser))
	users.POST("/:id/disable", s.h(s.disableUser))
	users.POST("/:id/enable", s.h(s.enableUser))
	users.POST("/:id/password", s.h(s.resetPassword))
	// The agency tree (issue 3): admins add, rename and move agencies.
	agencies := r.Group("/admin/agencies", s.allow(auth.ActManageAgencies, ""))
	agencies.GET("", s.h(s.showAgencies))
	agencies.GET("/new", s.h(s.showNewAgency))
	agencies.POST("", s.h(s.createAgency))
	agencies.GET("/:code", s.h(s.showEditAgency))
	agencies.POST("/:code", s.h(s.updateAgency))
	agencies.POST("/:code/move", s.h(s.moveAgency))
	// The catalogue as data: admins list, add, edit and retire indicators,
	// data sets (the forms) and rules; a rule can be tried before saving.
	catalogue := r.Group("/admin/catalogue", s.allow(auth.ActManageCatalogue, ""))
	catalogue.GET("", s.h(s.showCatalogue))
	for _, k := range []catalogueKind{indicatorKind, dataSetKind, ruleKind} {
		catalogue.GET("/"+k.path+"/new", s.h(s.showNewItem(k)))
		catalogue.POST("/"+k.path, s.h(s.saveItem(k, true)))
		catalogue.GET("/"+k.path+"/:code", s.h(s.showItem(k)))
		catalogue.POST("/"+k.path+"/:code", s.h(s.saveItem(k, false)))
		catalogue.POST("/"+k.path+"/:code/retire", s.h(s.retireItem(k)))
	}
	// The user's own account: API tokens and reminder settings.
	r.GET("/account", s.h(s.showAccount))
	r.POST("/account/tokens", s.h(s.createToken))
	r.POST("/account/tokens/:id/revoke", s.h(s.revokeToken))
	r.POST("/account/contact", s.h(s.saveContact))
	r.GET("/notices", s.h(s.showNotices))
	r.GET("/audit", s.allow(auth.ActAudit, ""), s.h(s.showAudit))
	r.GET("/audit.csv", s.allow(auth.ActAudit, ""), s.h(s.auditCSV))
	// Quarterly entry and its workflow (issue 4): the officer home, the form
	// (the quarter written "q2" or "2"), the leaders' moves, the cockpit.
	r.GET("/entry", s.h(s.showOfficerHome))
	entry := r.Group("/entry/:agency/:year/:quarter")
	entry.GET("", s.allow(auth.ActView, "agency"), s.h(s.showEntryForm))
	entry.POST("", s.allow(auth.ActEnter, "agency"), s.counted("form", ""), s.h(s.saveEntry))
	entry.POST("/approve", s.allow(auth.ActApprove, "agency"), s.h(s.moveEntry(kpi.MoveApprove)))
	entry.POST("/return", s.allow(auth.ActApprove, "agency"), s.h(s.moveEntry(kpi.MoveReturn)))
	entry.POST("/reopen", s.allow(auth.ActApprove, "agency"), s.h(s.moveEntry(kpi.MoveReopen)))
	r.GET("/cockpit", s.allow(auth.ActView, ""), s.h(s.showCockpit))
	// Excel (issue 6): reports of a scope and year (each handler checks the
	// export right on the scope it reads), the quarter template and its
	// upload (each agency of a file checked for the upload right), and the
	// status of background exports (their owner's only).
	r.GET("/export/agency/:code", s.counted("", "agency"), s.h(s.exportAgency))
	r.GET("/export/summary.xlsx", s.counted("", "summary"), s.h(s.exportSummary))
	r.GET("/export/form06.xlsx", s.counted("", "form06"), s.h(s.exportForm06))
	r.GET("/export/report.docx", s.counted("", "report"), s.h(s.exportReport(false)))
	r.GET("/export/report.pdf", s.counted("", "report"), s.h(s.exportReport(true)))
	r.POST("/export/summary.xlsx", s.counted("", "summary"), s.h(s.exportSummary)) // starts a background job
	r.POST("/export/form06.xlsx", s.counted("", "form06"), s.h(s.exportForm06))
	entry.GET("/template.xlsx", s.allow(auth.ActUpload, "agency"), s.counted("", "template"), s.h(s.downloadTemplate))
	r.GET("/upload", s.allow(auth.ActUpload, ""), s.h(s.showUpload))
	r.GET("/upload/template", s.counted("", "template"), s.h(s.downloadTemplate))
	r.POST("/upload", s.allow(auth.ActUpload, ""), limitBody(uploadBodyLimit), s.countedUpload("previewed"), s.h(s.postUpload))
	r.POST("/upload/:id/confirm", s.allow(auth.ActUpload, ""), s.countedUpload("confirmed"), s.h(s.confirmUpload))
	r.POST("/upload/:id/cancel", s.allow(auth.ActUpload, ""), s.h(s.cancelUpload))
	r.GET("/jobs/:id", s.h(s.showJob))
	r.GET("/jobs/:id/status", s.h(s.jobStatus))
	r.GET("/jobs/:id/download", s.h(s.downloadJob))
	r.NoRoute(s.h(notFound))
}
