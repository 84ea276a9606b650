package web

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"html/template"
	"io/fs"
	"net/http"
	"path"
	"strings"

	"parkpi/internal/i18n"
	"parkpi/templates"
)

// renderer holds one parsed template set per page (base layout + partials
// + the page), built at start so a broken or missing page fails the start,
// not a request.
type renderer struct {
	pages  map[string]*template.Template
	hashes map[string]string // static file -> content hash for cache busting
}

func newRenderer() (*renderer, error) {
	r := &renderer{pages: map[string]*template.Template{}, hashes: map[string]string{}}
	if err := r.hashStatic(); err != nil {
		return nil, err
	}
	pages, err := fs.Glob(templates.FS, "pages/*.html")
	if err != nil {
		return nil, err
	}
	for _, page := range pages {
		t, err := template.New("").Funcs(r.funcs()).ParseFS(templates.FS, "layouts/*.html", "partials/*.html", page)
		if err != nil {
			return nil, fmt.Errorf("template %s: %w", page, err)
		}
		r.pages[strings.TrimSuffix(path.Base(page), ".html")] = t
	}
	return r, nil
}

func (r *renderer) funcs() template.FuncMap {
	return template.FuncMap{
		"t":      i18n.T,
		"tf":     i18n.Tf,
		"static": r.staticURL,
	}
}

func (r *renderer) hashStatic() error {
	return fs.WalkDir(templates.FS, "static", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := fs.ReadFile(templates.FS, p)
		if err != nil {
			return err
		}
		sum := sha256.Sum256(b)
		r.hashes[strings.TrimPrefix(p, "static/")] = hex.EncodeToString(sum[:])[:12]
		return nil
	})
}

// staticURL returns a content-hashed URL, so browsers may cache assets for
// a year and still see a new version at once.
func (r *renderer) staticURL(name string) string {
	return "/static/" + name + "?v=" + r.hashes[name]
}

// render executes a page into a buffer first, so a template error becomes a
// clean 500 instead of half a page with a 200 status.
func (r *renderer) render(w http.ResponseWriter, status int, page string, data any) error {
	t, ok := r.pages[page]
	if !ok {
		return fmt.Errorf("no page template %q", page)
	}
	var buf bytes.Buffer
	if err := t.ExecuteTemplate(&buf, "base", data); err != nil {
		return fmt.Errorf("render %s: %w", page, err)
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(status)
	_, err := buf.WriteTo(w)
	return err
}
