package web_test

import (
	"context"
	"net/http"
	"regexp"
	"strings"
	"testing"

	"parkpi/internal/kpi"
)

// gridLine is one field's line of the dossier grid, with its messages.
func gridLine(t *testing.T, body string, option int64) string {
	t.Helper()
	id := kpi.OptionKey("", option)[1:]
	return regexp.MustCompile(`(?s)<tr class="grid-row[^"]*" data-option="` + id + `">.*?</tr>(<tr class="grid-msgs" data-option-msgs="` + id + `">.*?</tr>)?`).FindString(body)
}

// TestEntryGridByField: the commune's dossier counts are a grid of fields
// × columns. Hộ tịch's line breaking "received = online + in person +
// carried over" is refused (422) with the rule's message on that line and
// on no other, the typed cells kept and nothing saved; a correct grid is
// saved by field, with each total the sum of its lines, shown again in
// the grid.
func TestEntryGridByField(t *testing.T) {
	ts, db := entryServer(t, "2022-06-25")
	c := loginAs(t, ts, "officer.yenhoa")
	cat, _ := db.Catalogue(context.Background())
	var hoTich, chungThuc int64
	for _, o := range cat.OptionsOf("dos_received") {
		switch o.Code {
		case "ho_tich":
			hoTich = o.ID
		case "chung_thuc":
			chungThuc = o.ID
		}
	}
	_, form := send(t, c, "GET", ts.URL+entryURL, nil)
	if !strings.Contains(form, `name="`+kpi.OptionKey("dos_online", hoTich)+`"`) || !strings.Contains(form, "Theo lĩnh vực") {
		t.Fatal("the entry form has no grid by field")
	}
	line := func(received, online, direct, carried, early, ontime, pending float64) map[string]float64 {
		return map[string]float64{"dos_received": received, "dos_online": online, "dos_direct": direct, "dos_carried": carried,
			"dos_resolved": early + ontime, "dos_early": early, "dos_ontime": ontime, "dos_late": 0,
			"dos_pending": pending, "dos_pending_ontime": pending, "dos_pending_overdue": 0}
	}
	post := func(lines map[int64]map[string]float64) (int, string) {
		v := validForm(t, db)
		v.Set("version", "0")
		v.Set("action", "save")
		for id, vals := range lines {
			for code, x := range vals {
				v.Set(kpi.OptionKey(code, id), kpi.FormatNumber("vi", x))
			}
		}
		return send(t, c, "POST", ts.URL+entryURL, v)
	}
	wrong := line(31, 10, 20, 0, 20, 6, 5) // 31 ≠ 10 + 20 + 0
	status, body := post(map[int64]map[string]float64{hoTich: wrong, chungThuc: line(40, 10, 30, 0, 30, 8, 2)})
	if status != http.StatusUnprocessableEntity {
		t.Fatalf("a wrong line saved: %d", status)
	}
	ho, ct := gridLine(t, body, hoTich), gridLine(t, body, chungThuc)
	if !strings.Contains(ho, "Hộ tịch: Tổng số hồ sơ tiếp nhận (31) phải bằng") || !strings.Contains(ho, `aria-invalid="true"`) ||
		!strings.Contains(ho, `value="31"`) || strings.Contains(ct, "field-error") {
		t.Errorf("the rule's message is not on Hộ tịch's line alone:\n%s\n%s", ho, ct)
	}
	if e, _ := db.Entry(context.Background(), yenHoa, q2); len(e.Options) != 0 || len(e.Values) != 0 {
		t.Fatalf("a refused grid saved something: %v %v", e.Options, e.Values)
	}
	right := line(30, 10, 20, 0, 20, 5, 5)
	if status, body = post(map[int64]map[string]float64{hoTich: right, chungThuc: line(40, 10, 30, 0, 30, 8, 2)}); status != http.StatusSeeOther {
		t.Fatalf("a right grid = %d: %.400s", status, body)
	}
	e, _ := db.Entry(context.Background(), yenHoa, q2)
	if e.Options[hoTich]["dos_online"] != 10 || e.Options[chungThuc]["dos_direct"] != 30 || e.Values["dos_received"] != 70 || e.Values["dos_online"] != 20 {
		t.Errorf("stored: totals %v, by field %v", e.Values, e.Options)
	}
	_, form = send(t, c, "GET", ts.URL+entryURL, nil)
	if !strings.Contains(gridLine(t, form, chungThuc), `value="30"`) {
		t.Error("the saved grid is not shown again")
	}
}

// TestAPIEntryBreakdown: the API gives an entry's values by field on
// request, and they add up to its totals; without the request it gives the
// totals alone, as before.
func TestAPIEntryBreakdown(t *testing.T) {
	ts, _ := entryServer(t, "2022-06-25")
	c := loginAs(t, ts, "officer.yenhoa")
	var by struct {
		Values    map[string]float64            `json:"values"`
		Breakdown map[string]map[string]float64 `json:"breakdown"`
	}
	getJSON(t, c, ts.URL+"/api/v1/entries/14722/2022/q1?breakdown=1", &by)
	sum := 0.0
	for _, vals := range by.Breakdown {
		sum += vals["dos_online"]
	}
	if len(by.Breakdown) < 3 || by.Breakdown["ho_tich"] == nil || sum != by.Values["dos_online"] {
		t.Fatalf("breakdown %v does not add up to %v", by.Breakdown, by.Values["dos_online"])
	}
	by.Breakdown = nil
	getJSON(t, c, ts.URL+"/api/v1/entries/14722/2022/q1", &by)
	if by.Breakdown != nil {
		t.Error("the breakdown is sent unasked")
	}
}
