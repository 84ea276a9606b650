package excel_test

import (
	"bytes"
	"context"
	"io"
	"testing"

	"parkpi/internal/excel"
	"parkpi/internal/kpi"
	"parkpi/internal/store/storetest"
)

// BenchmarkSummary builds and writes the 2021 province summary of the demo.
func BenchmarkSummary(b *testing.B) {
	db := storetest.OpenDemo(b)
	ctx := context.Background()
	for b.Loop() {
		f, err := excel.Summary(ctx, db, "", 2021, excel.Options{})
		if err != nil {
			b.Fatal(err)
		}
		if err := excel.WriteTo(f, io.Discard); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkAgencyYear builds and writes Yên Hòa's 2021 report.
func BenchmarkAgencyYear(b *testing.B) {
	db := storetest.OpenDemo(b)
	ctx := context.Background()
	for b.Loop() {
		f, err := excel.AgencyYear(ctx, db, "14722", 2021, excel.Options{})
		if err != nil {
			b.Fatal(err)
		}
		if err := excel.WriteTo(f, io.Discard); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkUploadProvince parses and plans a template covering the whole
// demo province (175 agencies, about 6,000 rows).
func BenchmarkUploadProvince(b *testing.B) {
	db := storetest.OpenDemo(b)
	ctx := context.Background()
	f, err := excel.Template(ctx, db, excel.TemplateRequest{Agency: "37", Period: kpi.Period{Year: 2022, Quarter: 2}, Subtree: true})
	if err != nil {
		b.Fatal(err)
	}
	var buf bytes.Buffer
	if err := excel.WriteTo(f, &buf); err != nil {
		b.Fatal(err)
	}
	b.ReportMetric(float64(buf.Len()), "file-bytes")
	for b.Loop() {
		up, err := excel.ParseUpload(buf.Bytes(), storetest.Catalogue(b, db))
		if err != nil {
			b.Fatal(err)
		}
		if _, err := excel.PlanUpload(ctx, db, up, "bench", func(string) error { return nil }); err != nil {
			b.Fatal(err)
		}
		b.ReportMetric(float64(len(up.Cells)), "rows")
	}
}
