// Package gen builds a deterministic synthetic national dataset for load
// tests: a country of 34 provinces (fewer when asked for few agencies), each
// with departments, vertical units, a public-administration service centre
// and communes, and quarterly values of every entered indicator for every
// agency below the national node, with the Biểu 06 identities intact.
package gen

import (
	"fmt"
	"math"
	"math/rand/v2"

	"parkpi/internal/kpi"
)

// Provinces is the number of provinces since the 2025 reform.
const Provinces = 34

// RootCode is the national node's code. The kind list has no "national"
// kind, so the root is a province-kind node that reports nothing itself.
const RootCode = "VN"

// MinAgencies is the smallest tree: the root and one province with one
// department, one vertical unit, one service centre and one commune.
const MinAgencies = 6

// Tree returns n agencies, parents before children: the national root, then
// for each province the province node, its departments (20–25 at national
// scale), vertical units (2–5), one service centre and communes, which take
// whatever the requested count leaves (about 120 a province at 5,000).
func Tree(n int, seed uint64) ([]kpi.Agency, error) {
	return TreeOf(n, 0, seed)
}

// minProvince is the smallest province: its node, a department, a vertical
// unit, a service centre and a commune.
const minProvince = 5

// MaxProvinces is how many provinces n agencies can make.
func MaxProvinces(n int) int { return max(1, (n-1)/minProvince) }

// TreeOf is Tree with the agencies split among provinces provinces (0: the
// default, 34 or fewer for a small tree).
func TreeOf(n, provinces int, seed uint64) ([]kpi.Agency, error) {
	if n < MinAgencies {
		return nil, fmt.Errorf("gen: at least %d agencies are needed, not %d", MinAgencies, n)
	}
	if provinces < 0 || provinces > MaxProvinces(n) {
		return nil, fmt.Errorf("gen: %d agencies make 1 to %d provinces, not %d", n, MaxProvinces(n), provinces)
	}
	p := min(Provinces, max(1, (n-1)/25))
	if provinces > 0 {
		p = provinces
	}
	out := make([]kpi.Agency, 0, n)
	out = append(out, kpi.Agency{Code: RootCode, Kind: kpi.KindProvince, Name: "Toàn quốc (dữ liệu giả lập)"})
	rest := n - 1 - p
	for i := range p {
		budget := rest / p
		if i < rest%p {
			budget++
		}
		out = append(out, province(i+1, budget, rand.New(rand.NewPCG(seed, uint64(i))))...)
	}
	return out, nil
}

// province returns a province node and budget agencies under it.
func province(num, budget int, rng *rand.Rand) []kpi.Agency {
	code := fmt.Sprintf("P%02d", num)
	depts := min(20+rng.IntN(6), max(1, int(math.Round(0.15*float64(budget)))))
	verts := min(2+rng.IntN(4), max(1, int(math.Round(0.025*float64(budget)))))
	communes := budget - depts - verts - 1
	for communes < 1 && depts > 1 {
		depts--
		communes++
	}
	out := []kpi.Agency{{Code: code, ParentCode: RootCode, Kind: kpi.KindProvince, Name: fmt.Sprintf("Tỉnh %02d", num)}}
	add := func(kind kpi.Kind, count int, prefix, name string) {
		for j := 1; j <= count; j++ {
			out = append(out, kpi.Agency{Code: fmt.Sprintf("%s-%s%03d", code, prefix, j), ParentCode: code, Kind: kind,
				Name: fmt.Sprintf("%s %d, tỉnh %02d", name, j, num)})
		}
	}
	add(kpi.KindDepartment, depts, "S", "Sở")
	add(kpi.KindVertical, verts, "N", "Cơ quan ngành dọc")
	add(kpi.KindServiceCentre, 1, "T", "Trung tâm Phục vụ hành chính công")
	add(kpi.KindCommune, communes, "X", "Xã")
	return out
}
