package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"time"

	"parkpi/internal/kpi"
	"parkpi/internal/store"
)

// apiBalance is what each agency-quarter of the API import carries: the
// dossier balance of Biểu 06 (every identity holds) and three flow figures.
var apiBalance = map[string]float64{
	"dos_received": 40, "dos_online": 10, "dos_direct": 25, "dos_carried": 5,
	"dos_resolved": 36, "dos_early": 6, "dos_ontime": 29, "dos_late": 1,
	"dos_pending": 4, "dos_pending_ontime": 3, "dos_pending_overdue": 1,
	"tthc_simplified": 2, "steps_cut": 3, "hours_cut": 7,
}

// apiImport times POST /api/v1/import of c.apiQuarters agency-quarters of
// the quarter after the dataset's last (nobody has reported it: every one
// is editable) with an API token: a dry run, which must change nothing,
// then the atomic import, validated and applied in one transaction. It
// checks afterwards that every value is stored.
func apiImport(ctx context.Context, c config, db *store.DB, year int) error {
	if c.token == "" {
		return fmt.Errorf("-token is needed for the API import")
	}
	per := kpi.Period{Year: year + 1, Quarter: 1}
	tree, err := db.Tree(ctx)
	if err != nil {
		return err
	}
	cat, err := db.Catalogue(ctx)
	if err != nil {
		return err
	}
	// Each agency gets the codes of the balance its data set holds; one
	// whose data set has no dossiers (a province's own report) is left out.
	var agencies []string
	codes := map[string][]string{}
	for _, a := range tree.All() {
		ds := cat.DataSetFor(a.Kind)
		if a.ParentCode == "" || ds == nil || !ds.Has("dos_received") || len(agencies) >= c.apiQuarters {
			continue
		}
		agencies = append(agencies, a.Code)
		for code := range apiBalance {
			if ds.Has(code) {
				codes[a.Code] = append(codes[a.Code], code)
			}
		}
	}
	type row struct {
		Agency    string  `json:"agency"`
		Year      int     `json:"year"`
		Period    string  `json:"period"`
		Indicator string  `json:"indicator"`
		Value     float64 `json:"value"`
	}
	var set struct {
		DataValues []row `json:"dataValues"`
	}
	for _, a := range agencies {
		for _, code := range codes[a] {
			set.DataValues = append(set.DataValues, row{a, per.Year, "q1", code, apiBalance[code]})
		}
	}
	body, err := json.Marshal(set)
	if err != nil {
		return err
	}
	dry, dryTook, err := postImport(c, "?dryRun=true", body)
	if err != nil {
		return err
	}
	unchanged, err := storedValues(ctx, db, agencies, per)
	if err != nil {
		return err
	}
	applied, took, err := postImport(c, "", body)
	if err != nil {
		return err
	}
	stored, err := storedValues(ctx, db, agencies, per)
	if err != nil {
		return err
	}
	report("apiimport_agency_quarters", len(agencies))
	report("apiimport_rows", len(set.DataValues))
	report("apiimport_body_bytes", len(body))
	report("apiimport_dry_ms", ms(dryTook))
	report("apiimport_dry_would_apply", dry)
	report("apiimport_dry_changed_nothing", unchanged == 0)
	report("apiimport_ms", ms(took))
	report("apiimport_applied", applied)
	report("apiimport_all_stored", stored == len(set.DataValues))
	return nil
}

// postImport sends the import and returns how many agency-quarters it
// applied (or, on a dry run, would apply) and how long it took.
func postImport(c config, query string, body []byte) (int, time.Duration, error) {
	req, err := http.NewRequest(http.MethodPost, c.base+"/api/v1/import"+query, bytes.NewReader(body))
	if err != nil {
		return 0, 0, err
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Authorization", "Bearer "+c.token)
	start := time.Now()
	resp, err := (&http.Client{Timeout: 5 * time.Minute}).Do(req)
	if err != nil {
		return 0, 0, err
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(resp.Body)
	took := time.Since(start)
	if err != nil || resp.StatusCode != http.StatusOK {
		return 0, took, fmt.Errorf("POST /api/v1/import%s: %d %v: %.300s", query, resp.StatusCode, err, data)
	}
	var rep struct {
		Groups []struct {
			Status string `json:"status"`
		} `json:"agency_periods"`
	}
	if err := json.Unmarshal(data, &rep); err != nil {
		return 0, took, err
	}
	n := 0
	for _, g := range rep.Groups {
		if g.Status == "applied" || g.Status == "would_apply" {
			n++
		}
	}
	return n, took, nil
}

// storedValues counts the values stored for the agencies' quarter.
func storedValues(ctx context.Context, db *store.DB, agencies []string, per kpi.Period) (int, error) {
	n := 0
	for _, a := range agencies {
		v, err := db.QuarterValues(ctx, a, per)
		if err != nil {
			return 0, err
		}
		n += len(v)
	}
	return n, nil
}
