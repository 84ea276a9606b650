package web

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"parkpi/internal/auth"
	"parkpi/internal/i18n"
	"parkpi/internal/kpi"
	"parkpi/internal/store"
)

// homeQuarters is how many quarters the officer home shows side by side.
const homeQuarters = 4

// HomeView is the officer home: the agencies of the user's scope by the
// last few quarters, each cell the state of one report.
type HomeView struct {
	Page
	Title    string
	Scope    string
	Today    string
	Choice   periodChoice
	Columns  []HomeColumn
	Rows     []HomeRow
	Overdues int
	Paging   *Paging // the agencies are listed a page at a time
}

// HomeColumn is one quarter.
type HomeColumn struct {
	Label string
	Due   string
}

// HomeRow is one agency.
type HomeRow struct {
	Code  string
	Name  string
	Kind  string
	Cells []HomeCell
}

// HomeCell is one agency's report for one quarter.
type HomeCell struct {
	URL      string
	State    string
	Label    string
	Reason   string
	Overdue  bool
	Late     bool // submitted after its due day
	CanEnter bool
	// Months are the quarter's months, for an agency whose data set is
	// monthly: its reports are entered there, the quarter follows them.
	Months []HomeCell
}

// showOfficerHome lists the reports of the user's scope (GET /entry).
func (s *Server) showOfficerHome(c *gin.Context) error {
	scope, err := s.readScope(c, auth.ActView)
	if err != nil {
		return err
	}
	end, err := s.reportingPeriod(c)
	if err != nil {
		return err
	}
	page, err := positive(c.Query("page"), 1, "Trang %q không hợp lệ (từ 1 trở lên).", "Page %q is not valid (1 or more).")
	if err != nil {
		return err
	}
	lang, ctx := langOf(c), c.Request.Context()
	tree, err := s.db.Tree(ctx)
	if err != nil {
		return err
	}
	cat, err := s.db.Catalogue(ctx)
	if err != nil {
		return err
	}
	v := HomeView{Page: s.page(c), Title: i18n.T(lang, "home.title"), Scope: i18n.Tf(lang, "home.scope", scope.Name),
		Today: i18n.Tf(lang, "wf.today", dateLabel(lang, s.today()))}
	if v.Choice, err = s.choices(ctx, "/entry", end); err != nil {
		return err
	}
	v.Choice.Scope = askedScope(c)
	periods := make([]kpi.Period, homeQuarters)
	for i, p := homeQuarters-1, end; i >= 0; i, p = i-1, p.Prev() {
		periods[i] = p
	}
	index := map[string]int{}
	for col, p := range periods {
		v.Columns = append(v.Columns, HomeColumn{Label: i18n.Tf(lang, "wf.quarter", p.Quarter, p.Year),
			Due: i18n.Tf(lang, "wf.due", dateLabel(lang, s.calendar(cat, scope.Kind).Due(p)))})
		rows, err := s.db.Completeness(ctx, store.CompletenessFilter{Scope: store.Scope{Agency: scope.Code, Year: p.Year, Quarter: p.Quarter},
			Offset: (page - 1) * homePerPage, Limit: homePerPage})
		if err != nil {
			return err
		}
		for _, r := range rows {
			i, ok := index[r.Code]
			if !ok {
				i = len(v.Rows)
				index[r.Code] = i
				v.Rows = append(v.Rows, HomeRow{Code: r.Code, Name: r.Name, Kind: i18n.T(lang, "kind."+string(r.Kind)),
					Cells: make([]HomeCell, homeQuarters)})
			}
			cell := s.homeCell(c, lang, p, r, s.calendar(cat, r.Kind))
			if cat.DataSetFor(r.Kind).MonthlyIn(p.Year) {
				if cell.Months, err = s.homeMonths(c, lang, p, r, s.calendar(cat, r.Kind)); err != nil {
					return err
				}
			}
			v.Rows[i].Cells[col] = cell
			if v.Rows[i].Cells[col].Overdue {
				v.Overdues++
			}
		}
	}
	v.Paging = listPaging(lang, "/entry", c.Request.URL.Query(), page, homePerPage, 1+len(tree.Descendants(scope.Code)))
	return s.tmpl.render(c.Writer, http.StatusOK, "officer_home", v)
}

// homePerPage is how many agencies a page of the officer home shows.
const homePerPage = 50

func (s *Server) homeCell(c *gin.Context, lang string, p kpi.Period, r store.AgencyState, cal kpi.Deadlines) HomeCell {
	return HomeCell{URL: withFrom(entryURL(r.Code, p), c.Request.URL.RequestURI()), State: r.State, Label: wfStateLabel(lang, r.State), Reason: r.Reason,
		Overdue: cal.Overdue(p, r.State, s.today()), Late: r.Late,
		CanEnter: kpi.Editable(r.State) && s.authorize(c, auth.ActEnter, r.Code) == nil}
}

// homeMonths are the cells of quarter p's months for agency r.
func (s *Server) homeMonths(c *gin.Context, lang string, p kpi.Period, r store.AgencyState, cal kpi.Deadlines) ([]HomeCell, error) {
	out := make([]HomeCell, 0, 3)
	for _, m := range p.MonthsOf() {
		sub, err := s.db.Submission(c.Request.Context(), r.Code, m)
		if err != nil {
			return nil, err
		}
		month := r
		month.State, month.Reason, month.Late = sub.State, sub.Reason, sub.Late
		cell := s.homeCell(c, lang, m, month, cal)
		cell.Label = i18n.Tf(lang, "wf.month", m.Month, m.Year) + ": " + cell.Label
		out = append(out, cell)
	}
	return out, nil
}
