package main

import (
	"context"
	"encoding/json"
	"net/http"
	"strconv"
	"time"

	"parkpi/internal/store"
)

// serveMinimal serves the store half of the overview, without the web
// layer: GET /overview?year=&quarter= answers the root's figures in total
// and by kind, the same period a year earlier and the years, as JSON. It
// isolates the query layer (and its cache) from the page's other parts.
func serveMinimal(ctx context.Context, db *store.DB, addr string) error {
	root, err := db.RootAgency(ctx)
	if err != nil {
		return err
	}
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		year, _ := strconv.Atoi(r.URL.Query().Get("year"))
		quarter, _ := strconv.Atoi(r.URL.Query().Get("quarter"))
		years, err := db.Years(r.Context())
		if err != nil {
			http.Error(w, err.Error(), http.StatusInternalServerError)
			return
		}
		if year == 0 && len(years) > 0 {
			year = years[0]
		}
		s := store.Scope{Agency: root.Code, Year: year, Quarter: quarter}
		cur, err := db.FiguresByKind(r.Context(), s)
		if err != nil {
			http.Error(w, err.Error(), http.StatusInternalServerError)
			return
		}
		prev, err := db.Figures(r.Context(), store.Scope{Agency: root.Code, Year: year - 1, Quarter: quarter})
		if err != nil {
			http.Error(w, err.Error(), http.StatusInternalServerError)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		_ = json.NewEncoder(w).Encode(map[string]any{"years": years, "total": cur.Total, "by_kind": cur.ByKind, "previous": prev})
	})
	srv := &http.Server{Addr: addr, Handler: h, ReadHeaderTimeout: 5 * time.Second}
	go func() { <-ctx.Done(); srv.Close() }()
	return srv.ListenAndServe()
}
