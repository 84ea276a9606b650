package web_test

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"io"
	"net/http"
	"testing"

	"parkpi/internal/web"
)

// TestOverviewAnswerCompressed: the overview's JSON comes gzip-compressed
// to a client that accepts gzip and plain to one that does not or refuses
// it, the same bytes either way, with Vary: Accept-Encoding.
func TestOverviewAnswerCompressed(t *testing.T) {
	ts := newServer(t)
	admin := loginAs(t, ts, "admin")
	raw := *admin // the same session; the transport passes the bytes as they come
	raw.Transport = &http.Transport{DisableCompression: true}
	get := func(acceptEncoding string) (http.Header, []byte) {
		t.Helper()
		req, err := http.NewRequest(http.MethodGet, ts.URL+"/api/v1/overview?year=2021", nil)
		if err != nil {
			t.Fatal(err)
		}
		if acceptEncoding != "" {
			req.Header.Set("Accept-Encoding", acceptEncoding)
		}
		resp, err := raw.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		body, err := io.ReadAll(resp.Body)
		if err != nil || resp.StatusCode != http.StatusOK {
			t.Fatalf("Accept-Encoding %q: status %d, %v", acceptEncoding, resp.StatusCode, err)
		}
		if resp.Header.Get("Vary") != "Accept-Encoding" {
			t.Errorf("Accept-Encoding %q: Vary %q", acceptEncoding, resp.Header.Get("Vary"))
		}
		return resp.Header, body
	}
	_, plain := get("")
	if len(plain) == 0 || plain[0] != '{' {
		t.Fatalf("plain answer %.100q", plain)
	}
	for _, accept := range []string{"gzip", "br;q=1.0, gzip;q=0.8", "x-gzip", "*", "deflate, *;q=0.5"} {
		h, body := get(accept)
		if h.Get("Content-Encoding") != "gzip" {
			t.Errorf("Accept-Encoding %q: Content-Encoding %q, want gzip", accept, h.Get("Content-Encoding"))
			continue
		}
		if len(body) >= len(plain)/2 {
			t.Errorf("Accept-Encoding %q: %d bytes compressed against %d plain", accept, len(body), len(plain))
		}
		zr, err := gzip.NewReader(bytes.NewReader(body))
		if err != nil {
			t.Fatalf("Accept-Encoding %q: %v", accept, err)
		}
		if got, err := io.ReadAll(zr); err != nil || !bytes.Equal(got, plain) {
			t.Errorf("Accept-Encoding %q: decompressed %d bytes (%v), want the plain %d", accept, len(got), err, len(plain))
		}
	}
	for _, refuse := range []string{"identity", "gzip;q=0", "br", "*;q=0", "gzip;q=0, *", "gzip; q=0.000", "gzip;q=nonsense"} {
		h, body := get(refuse)
		if h.Get("Content-Encoding") != "" || !bytes.Equal(body, plain) {
			t.Errorf("Accept-Encoding %q: Content-Encoding %q, %d bytes; want the plain %d", refuse, h.Get("Content-Encoding"), len(body), len(plain))
		}
	}
}

// TestAnswerEncodingIsEncodingJSONs: the overview's answers, encoded by the
// faster encoder, are byte for byte what encoding/json writes for the same
// view, in both languages, for a year and a quarter, every state, a
// narrower scope and a ranking asked for.
func TestAnswerEncodingIsEncodingJSONs(t *testing.T) {
	ts := newServer(t)
	admin := loginAs(t, ts, "admin")
	for _, q := range []string{"year=2021", "year=2021&quarter=2&lang=en", "year=2022&quarter=2&state=approved",
		"year=2022&state=submitted&scope=37", "year=2021&sort=ontime_rate&dir=asc&kind=commune"} {
		st, _, body := fetch(t, admin, ts.URL+"/api/v1/overview?"+q)
		if st != http.StatusOK {
			t.Fatalf("%s: status %d", q, st)
		}
		var v web.OverviewView
		if err := json.Unmarshal(body, &v); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
		want, err := json.Marshal(&v)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(body, want) {
			i := 0
			for i < len(body) && i < len(want) && body[i] == want[i] {
				i++
			}
			t.Errorf("%s: the answer differs from encoding/json's at byte %d: %.80q against %.80q", q, i, body[i:], want[i:])
		}
	}
}
