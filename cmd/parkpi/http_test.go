package main

import (
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"strings"
	"testing"

	"parkpi/internal/config"
	"parkpi/internal/seed"
)

// instance is one `parkpi serve` of a test, on its own address.
type instance struct {
	base string
	stop func() error
}

// startInstance starts serve on target at a free address; it stops when
// the test ends (if the test has not stopped it).
func startInstance(t *testing.T, target string) *instance {
	t.Helper()
	cfg := config.Default()
	cfg.DB, cfg.Addr = target, freeAddr(t)
	cfg.Reminders.Every = 0
	in := &instance{base: "http://" + cfg.Addr}
	stopped := false
	stop := startServe(t, cfg)
	in.stop = func() error { stopped = true; return stop() }
	t.Cleanup(func() {
		if !stopped {
			_ = stop()
		}
	})
	return in
}

// browser is a client with its own cookies that does not follow
// redirects.
func browser(t *testing.T) *http.Client {
	t.Helper()
	jar, err := cookiejar.New(nil)
	if err != nil {
		t.Fatal(err)
	}
	return &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
}

// login logs c in at base as username with password and returns the
// status.
func login(t *testing.T, c *http.Client, base, username, password string) int {
	t.Helper()
	resp, err := c.PostForm(base+"/login", url.Values{"username": {username}, "password": {password}})
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	return resp.StatusCode
}

// loggedIn is a browser logged in at base as a demo user.
func loggedIn(t *testing.T, base, username string) *http.Client {
	t.Helper()
	c := browser(t)
	if st := login(t, c, base, username, seed.DemoPassword); st != http.StatusSeeOther {
		t.Fatalf("login as %s at %s = %d", username, base, st)
	}
	return c
}

// shareCookies gives c's cookies of from to the same client at to: the
// browser behind a load balancer, whichever instance answers.
func shareCookies(t *testing.T, c *http.Client, from, to string) {
	t.Helper()
	f, _ := url.Parse(from)
	tu, _ := url.Parse(to)
	c.Jar.SetCookies(tu, c.Jar.Cookies(f))
}

// fetch does one request and returns the status and the body.
func fetch(t *testing.T, c *http.Client, method, rawURL, contentType string, body io.Reader) (int, string) {
	t.Helper()
	req, err := http.NewRequest(method, rawURL, body)
	if err != nil {
		t.Fatal(err)
	}
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
		req.Header.Set("Origin", strings.Join(strings.SplitN(rawURL, "/", 4)[:3], "/"))
	}
	resp, err := c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}
