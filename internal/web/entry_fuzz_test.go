package web_test

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"parkpi/internal/kpi"
	"parkpi/internal/seed"
	"parkpi/internal/store/storetest"
	"parkpi/internal/web"
)

// FuzzEntryForm posts any form body to the entry form of an editable
// quarter, with the quarter's current version so a body that validates is
// saved: the answer is never a server error, and whatever is saved passes
// the shared validation and leaves the fields the POST lacks as they were.
func FuzzEntryForm(f *testing.F) {
	db := storetest.OpenDemo(f)
	s, err := web.New(db, slog.New(slog.NewTextHandler(io.Discard, nil)), web.Options{})
	if err != nil {
		f.Fatal(err)
	}
	h := s.Handler()
	cookie := fuzzLogin(f, h, "officer.yenhoa")
	for _, body := range []string{"action=save&dos_online=30&dos_direct=12", "action=submit&comment=x&sipas=85,5",
		"dos_online=&dos_late=-1&tthc_simplified=1.344", "tthc_simplified=%00&hours_cut=1e5", "action=save&dos_online=%3D1%2B1", ""} {
		f.Add(body)
	}
	ctx := context.Background()
	f.Fuzz(func(t *testing.T, body string) {
		form, err := url.ParseQuery(body)
		if err != nil {
			form = url.Values{}
		}
		before, err := db.Entry(ctx, yenHoa, q2)
		if err != nil {
			t.Fatal(err)
		}
		form.Set("version", strconv.Itoa(before.Submission.Version))
		req := httptest.NewRequest("POST", entryURL, strings.NewReader(form.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.AddCookie(cookie)
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		if rec.Code >= 500 {
			t.Fatalf("POST %q = %d", body, rec.Code)
		}
		after, err := db.Entry(ctx, yenHoa, q2)
		if err != nil {
			t.Fatal(err)
		}
		if rec.Code != http.StatusSeeOther {
			return
		}
		if check := kpi.ValidateEntry(storetest.Catalogue(t, db), after.Input(after.Values)); len(check.Errors) > 0 {
			t.Fatalf("POST %q saved values that do not validate: %+v", body, check.Errors)
		}
		for code, v := range before.Values {
			if _, posted := form[code]; !posted && after.Values[code] != v {
				t.Fatalf("POST %q changed %s (%v -> %v), a field it lacks", body, code, v, after.Values[code])
			}
		}
	})
}

// fuzzLogin logs in through the handler from loopback and returns the
// session cookie.
func fuzzLogin(tb testing.TB, h http.Handler, username string) *http.Cookie {
	tb.Helper()
	req := httptest.NewRequest("POST", "/login", strings.NewReader(url.Values{"username": {username}, "password": {seed.DemoPassword}}.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.RemoteAddr = "127.0.0.1:1"
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	for _, c := range rec.Result().Cookies() {
		if c.Name == "parkpi_session" && c.Value != "" {
			return c
		}
	}
	tb.Fatalf("login as %s = %d", username, rec.Code)
	return nil
}
