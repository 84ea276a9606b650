package web_test

import (
	"bufio"
	"bytes"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"strings"
	"sync"
	"testing"
)

// syncBuffer is a log sink the server's goroutines may write to while the
// test reads it.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

// lines decodes the JSON log lines written so far.
func (b *syncBuffer) lines(t *testing.T) []map[string]any {
	t.Helper()
	b.mu.Lock()
	defer b.mu.Unlock()
	var out []map[string]any
	sc := bufio.NewScanner(bytes.NewReader(b.buf.Bytes()))
	for sc.Scan() {
		var m map[string]any
		if err := json.Unmarshal(sc.Bytes(), &m); err != nil {
			t.Fatalf("log line is not JSON: %q", sc.Text())
		}
		out = append(out, m)
	}
	return out
}

// TestRequestIDInErrors: every answer carries an X-Request-ID; a JSON error
// names it; an internal error's page shows it as "Mã lỗi" and the JSON log
// line of that failure carries the same id.
func TestRequestIDInErrors(t *testing.T) {
	logs := &syncBuffer{}
	db := demoDB(t)
	ts := newServerOn(t, db, slog.New(slog.NewJSONHandler(logs, nil)))
	leader := loginAs(t, ts, "leader")

	resp, err := leader.Get(ts.URL + "/api/v1/agencies/NO-SUCH")
	if err != nil {
		t.Fatal(err)
	}
	var body map[string]any
	_ = json.NewDecoder(resp.Body).Decode(&body)
	resp.Body.Close()
	id := resp.Header.Get("X-Request-ID")
	if resp.StatusCode != http.StatusForbidden || len(id) != 12 || body["request_id"] != id {
		t.Fatalf("403: status %d, header id %q, body %v", resp.StatusCode, id, body)
	}

	// A proxy's id is kept; a malformed one is replaced.
	req, _ := http.NewRequest(http.MethodGet, ts.URL+"/healthz", nil)
	req.Header.Set("X-Request-ID", "proxy-42")
	if resp, err := http.DefaultClient.Do(req); err != nil || resp.Header.Get("X-Request-ID") != "proxy-42" {
		t.Fatalf("proxy id not kept: %v %v", err, resp.Header)
	}
	req.Header.Set("X-Request-ID", "bad id\twith spaces")
	if resp, err := http.DefaultClient.Do(req); err != nil || resp.Header.Get("X-Request-ID") == "bad id\twith spaces" {
		t.Fatalf("malformed proxy id taken: %v", err)
	}

	db.Close() // every read now fails inside the server: an internal error
	resp, err = leader.Get(ts.URL + "/")
	if err != nil {
		t.Fatal(err)
	}
	page, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	id = resp.Header.Get("X-Request-ID")
	if resp.StatusCode != http.StatusInternalServerError || !strings.Contains(string(page), "Mã lỗi: "+id) {
		t.Fatalf("500 page: status %d, id %q, page lacks the code:\n%.600s", resp.StatusCode, id, page)
	}
	if strings.Contains(string(page), "database is closed") {
		t.Fatal("the internal error's text reached the user")
	}
	found, logged := false, false
	for _, l := range logs.lines(t) {
		if l["msg"] == "request failed" && l["request_id"] == id && strings.Contains(l["err"].(string), "closed") {
			found = true
		}
		if l["msg"] == "request" && l["request_id"] == id && l["path"] == "/" && l["status"] == float64(http.StatusInternalServerError) {
			logged = true
		}
	}
	if !found {
		t.Fatalf("no JSON log line of the failure with request_id %s", id)
	}
	if !logged {
		t.Fatalf("no request log line with request_id %s, path / and status 500", id)
	}
}
