package web

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"parkpi/internal/auth"
	"parkpi/internal/i18n"
	"parkpi/internal/kpi"
)

// auditPageSize is how many audit rows a page shows.
const auditPageSize = 50

// AuditQuery is the filter as typed in the form, kept to refill it.
type AuditQuery struct {
	Agency, User, Year, Quarter, From, To, Kind string
}

// AuditView is the audit trail page.
type AuditView struct {
	Page
	Q        AuditQuery
	Rows     []AuditRowView
	Total    int
	Count    string
	PageNo   int
	Pages    int
	PrevURL  string
	NextURL  string
	CSVURL   string
	Agencies []kpi.Agency
	Quarters []int
}

// auditFilter reads and checks the filter of /audit and /audit.csv, and
// limits it to what the user may read: a leader their subtree (asking for
// an agency outside it is a 403), an admin everything.
func (s *Server) auditFilter(c *gin.Context) (auth.AuditFilter, AuditQuery, error) {
	q := AuditQuery{Agency: strings.TrimSpace(c.Query("agency")), User: strings.TrimSpace(c.Query("user")),
		Year: c.Query("year"), Quarter: c.Query("quarter"), From: c.Query("from"), To: c.Query("to"), Kind: c.Query("kind")}
	f := auth.AuditFilter{Agency: q.Agency, Actor: q.User, Kind: q.Kind}
	if q.Kind != "" && q.Kind != auth.KindAccess && q.Kind != auth.KindChanges {
		return f, q, kpi.Errorf(kpi.EINVALID, "Loại %q không hợp lệ (access hoặc changes).", "Kind %q is not valid (access or changes).", q.Kind)
	}
	u := currentUser(c)
	if u.Role != auth.RoleAdmin {
		f.Scope = u.AgencyCode
	}
	if q.Agency != "" {
		if err := s.authorize(c, auth.ActAudit, q.Agency); err != nil {
			return f, q, err
		}
	}
	var err error
	if f.Year, err = intParam(q.Year, kpi.MinYear, kpi.MaxYear, "Năm", "Year"); err != nil {
		return f, q, err
	}
	if f.Quarter, err = intParam(q.Quarter, 1, 4, "Quý", "Quarter"); err != nil {
		return f, q, err
	}
	if f.From, err = dateParam(q.From); err != nil {
		return f, q, err
	}
	if f.To, err = dateParam(q.To); err != nil {
		return f, q, err
	}
	if !f.To.IsZero() {
		f.To = f.To.AddDate(0, 0, 1) // "to" is inclusive on the page: up to the end of that day
	}
	return f, q, nil
}

func intParam(v string, min, max int, vi, en string) (int, error) {
	if v == "" {
		return 0, nil
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < min || n > max {
		return 0, kpi.Errorf(kpi.EINVALID, "%s %q không hợp lệ.", "%s %q is not valid.", vi, v)
	}
	return n, nil
}

// dateParam reads a YYYY-MM-DD day (as an <input type=date> sends it),
// as the start of that day in Vietnam's time zone.
func dateParam(v string) (time.Time, error) {
	if v == "" {
		return time.Time{}, nil
	}
	d, err := time.ParseInLocation("2006-01-02", v, vietnam)
	if err != nil {
		return time.Time{}, kpi.Errorf(kpi.EINVALID, "Ngày %q không hợp lệ (năm-tháng-ngày).", "Date %q is not valid (year-month-day).", v)
	}
	return d, nil
}

// vietnam is UTC+7 all year (no daylight saving), fixed so the binary
// needs no time-zone database.
var vietnam = time.FixedZone("ICT", 7*3600)

// showAudit renders a page of the audit trail.
func (s *Server) showAudit(c *gin.Context) error {
	f, q, err := s.auditFilter(c)
	if err != nil {
		return err
	}
	pageNo, _ := strconv.Atoi(c.Query("page"))
	pageNo = max(pageNo, 1)
	f.Limit, f.Offset = auditPageSize, (pageNo-1)*auditPageSize
	rows, total, err := s.auth.AuditLog(c.Request.Context(), f)
	if err != nil {
		return err
	}
	v := AuditView{Page: s.page(c), Q: q, Total: total, PageNo: pageNo, Quarters: []int{1, 2, 3, 4},
		Pages: max(1, (total+auditPageSize-1)/auditPageSize)}
	v.Count = i18n.Tf(v.Lang, "audit.count", i18n.Number(v.Lang, float64(total), 0))
	cat, err := s.db.Catalogue(c.Request.Context())
	if err != nil {
		return err
	}
	for _, r := range rows {
		v.Rows = append(v.Rows, auditWords(v.Lang, cat, r))
	}
	if v.Agencies, err = s.auditAgencies(c); err != nil {
		return err
	}
	v.CSVURL = "/audit.csv?" + q.values(0).Encode()
	if pageNo > 1 {
		v.PrevURL = "/audit?" + q.values(pageNo-1).Encode()
	}
	if pageNo < v.Pages {
		v.NextURL = "/audit?" + q.values(pageNo+1).Encode()
	}
	return s.tmpl.render(c.Writer, http.StatusOK, "audit", v)
}

// values is the query string of the filter, for links.
func (q AuditQuery) values(page int) url.Values {
	v := url.Values{}
	for k, s := range map[string]string{"agency": q.Agency, "user": q.User, "year": q.Year, "quarter": q.Quarter,
		"from": q.From, "to": q.To, "kind": q.Kind} {
		if s != "" {
			v.Set(k, s)
		}
	}
	if page > 1 {
		v.Set("page", strconv.Itoa(page))
	}
	return v
}

// auditAgencies are the agencies the user may pick: their subtree.
func (s *Server) auditAgencies(c *gin.Context) ([]kpi.Agency, error) {
	tree, err := s.requestTree(c)
	if err != nil {
		return nil, err
	}
	u := currentUser(c)
	if u.Role == auth.RoleAdmin {
		return tree.All(), nil
	}
	var out []kpi.Agency
	if a := tree.Get(u.AgencyCode); a != nil {
		out = append(out, *a)
	}
	for _, code := range tree.Descendants(u.AgencyCode) {
		out = append(out, *tree.Get(code))
	}
	return out, nil
}
