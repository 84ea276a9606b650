package web_test

import (
	"bytes"
	"encoding/json"
	"html"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// commentForm is the form a commentary page posts.
func commentForm(kind, text, version string, extra ...string) url.Values {
	f := url.Values{"year": {"2021"}, "quarter": {"0"}, "indicator": {"hours_cut"}, "kind": {kind}, "text": {text}, "version": {version}, "action": {"save"}}
	for i := 0; i+1 < len(extra); i += 2 {
		f.Set(extra[i], extra[i+1])
	}
	return f
}

// TestCommentaryThroughTheUI: a leader assesses the province's hours cut
// and an officer of Yên Mô explains its own figure through the pages; each
// shows beside the figure on the overview and the agency page (and in
// their JSON), with author and time; the wrong role, the wrong scope, an
// empty text and a stale version are refused with the typed text kept.
func TestCommentaryThroughTheUI(t *testing.T) {
	ts := newServer(t)
	leader, officer := loginAs(t, ts, "leader"), loginAs(t, ts, "officer.yenmo")
	page := ts.URL + "/agencies/37/commentary?indicator=hours_cut&year=2021"
	status, body := getWith(t, leader, page)
	if status != http.StatusOK || !strings.Contains(body, "Đánh giá của lãnh đạo") || !strings.Contains(body, `name="text"`) {
		t.Fatalf("commentary page: %d\n%.1500s", status, body)
	}
	assessment := "Vượt kế hoạch nhờ số hóa hồ sơ & liên thông <một cửa>."
	status, _ = postForm(t, leader, ts.URL+"/agencies/37/commentary", commentForm("assessment", assessment, "0", "public", "1"))
	if status != http.StatusSeeOther {
		t.Fatalf("leader's assessment: %d", status)
	}
	_, _, raw := fetch(t, leader, ts.URL+"/?year=2021")
	overview := string(raw)
	escaped := html.EscapeString(assessment)
	if !strings.Contains(overview, escaped) || !strings.Contains(overview, "Lãnh đạo UBND tỉnh") {
		t.Fatal("the overview does not show the assessment (escaped) with its author")
	}
	if strings.Contains(overview, "<một cửa>") {
		t.Fatal("the comment reached the page unescaped")
	}
	_, _, raw = fetch(t, leader, ts.URL+"/agencies/37?year=2021")
	agency := string(raw)
	if !strings.Contains(agency, escaped) {
		t.Fatal("the agency page does not show the assessment")
	}
	// The officer explains his district's figure; he may not assess it,
	// nor write anything for the province.
	if status, _ := postForm(t, officer, ts.URL+"/agencies/377/commentary", commentForm("explanation", "Do sáp nhập xã.", "0")); status != http.StatusSeeOther {
		t.Fatalf("officer's explanation: %d", status)
	}
	if status, _ := postForm(t, officer, ts.URL+"/agencies/377/commentary", commentForm("assessment", "Tốt.", "0")); status != http.StatusForbidden {
		t.Fatalf("officer's assessment: %d, want 403", status)
	}
	if status, _ := postForm(t, officer, ts.URL+"/agencies/37/commentary", commentForm("explanation", "x", "0")); status != http.StatusForbidden {
		t.Fatalf("officer writing for the province: %d, want 403", status)
	}
	if status, _ := postForm(t, officer, ts.URL+"/agencies/377/commentary", commentForm("explanation", "Công khai.", "1", "public", "1")); status != http.StatusForbidden {
		t.Fatalf("officer making a comment public: %d, want 403", status)
	}
	_, district := getWith(t, officer, ts.URL+"/agencies/377?year=2021")
	if !strings.Contains(district, "Do sáp nhập xã.") || !strings.Contains(district, "Cán bộ UBND huyện Yên Mô") {
		t.Fatal("the district page does not show the officer's explanation with its author")
	}
	// Refusals keep the typed text beside the message.
	status, body = postForm(t, officer, ts.URL+"/agencies/377/commentary", commentForm("explanation", "   ", "1"))
	if status != http.StatusUnprocessableEntity || !strings.Contains(body, "đang trống") {
		t.Fatalf("empty text: %d\n%.800s", status, body)
	}
	status, body = postForm(t, officer, ts.URL+"/agencies/377/commentary", commentForm("explanation", "Bản của tôi", "0"))
	if status != http.StatusConflict || !strings.Contains(body, "Bản của tôi") || !strings.Contains(body, "Do sáp nhập xã.") {
		t.Fatalf("stale version: %d, want 409 with both texts\n%.1500s", status, body)
	}
	// The JSON of the pages carries the commentary too.
	_, _, js := fetch(t, leader, ts.URL+"/api/v1/overview?year=2021")
	if !bytes.Contains(js, []byte(`"commentary":[{"kind":"assessment"`)) {
		t.Fatalf("the overview's JSON has no commentary: %.300s", js)
	}
}

// TestCommentaryAPI: a comment written through the API is read back with
// its version; the rights are the page's, and a read-only token writes
// nothing.
func TestCommentaryAPI(t *testing.T) {
	ts := newServer(t)
	leader := loginAs(t, ts, "leader")
	rw := makeToken(t, ts.URL, leader, url.Values{"name": {"rw"}})
	ro := makeToken(t, ts.URL, leader, url.Values{"name": {"ro"}, "read_only": {"1"}})
	put := func(tok, body string) (int, []byte) {
		req, _ := http.NewRequest(http.MethodPut, ts.URL+"/api/v1/agencies/37/commentary", strings.NewReader(body))
		req.Header.Set("Authorization", "Bearer "+tok)
		req.Header.Set("Content-Type", "application/json")
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, b
	}
	body := `{"year": 2021, "group": "dossiers", "kind": "assessment", "text": "Tỷ lệ đúng hạn 99,8%.", "version": 0}`
	if status, b := put(ro, body); status != http.StatusForbidden {
		t.Fatalf("read-only token: %d %s", status, b)
	}
	status, b := put(rw, body)
	var saved struct {
		Version    int    `json:"version"`
		AuthorName string `json:"author_name"`
	}
	if status != http.StatusOK || json.Unmarshal(b, &saved) != nil || saved.Version != 1 || saved.AuthorName != "Lãnh đạo UBND tỉnh" {
		t.Fatalf("PUT: %d %s", status, b)
	}
	if status, b := put(rw, body); status != http.StatusConflict {
		t.Fatalf("stale PUT: %d %s", status, b)
	}
	if status, b := put(rw, `{"year": 2021, "group": "dossiers", "kind": "assessment", "text": "", "version": 1}`); status != http.StatusUnprocessableEntity {
		t.Fatalf("empty PUT: %d %s", status, b)
	}
	req, _ := http.NewRequest(http.MethodGet, ts.URL+"/api/v1/agencies/37/commentary?year=2021", nil)
	req.Header.Set("Authorization", "Bearer "+ro)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	got, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != http.StatusOK || !bytes.Contains(got, []byte(`"group":"dossiers"`)) || !bytes.Contains(got, []byte("99,8%")) {
		t.Fatalf("GET: %d %s", resp.StatusCode, got)
	}
}
